package org.mailkeys.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.BCPGInputStream;
import org.bouncycastle.bcpg.Packet;

/** Test helpers that look at packets through Bouncy Castle, independently of the code under test. */
final class Packets {
    private Packets() {
    }

    /** The tags of the top-level packets. */
    static List<Integer> tags(byte[] bytes) {
        List<Integer> tags = new ArrayList<>();
        try (BCPGInputStream in = new BCPGInputStream(new ByteArrayInputStream(bytes))) {
            for (int tag = in.nextPacketTag(); tag >= 0; tag = in.nextPacketTag()) {
                Packet packet = in.readPacket();
                tags.add(packet.getPacketTag());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tags;
    }

    /** The offset just after the packet with the given index (new and old format headers, definite lengths). */
    static int endOfPacket(byte[] bytes, int index) {
        int position = 0;
        for (int i = 0; i <= index; i++) {
            int header = bytes[position] & 0xFF;
            if ((header & 0x40) != 0) {
                int first = bytes[position + 1] & 0xFF;
                if (first < 192) {
                    position += 2 + first;
                } else {
                    position += 3 + ((first - 192) << 8) + (bytes[position + 2] & 0xFF) + 192;
                }
            } else {
                int lengthType = header & 0x03;
                int octets = 1 << lengthType;
                int length = 0;
                for (int k = 0; k < octets; k++) {
                    length = (length << 8) | (bytes[position + 1 + k] & 0xFF);
                }
                position += 1 + octets + length;
            }
        }
        return position;
    }

    /** Decodes armor with Bouncy Castle alone, whatever the block type. */
    static byte[] decodeArmor(String armored) {
        byte[] text = armored.getBytes(StandardCharsets.US_ASCII);
        try (InputStream in = new ArmoredInputStream(new ByteArrayInputStream(text))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
