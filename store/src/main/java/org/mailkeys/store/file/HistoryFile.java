package org.mailkeys.store.file;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

import org.mailkeys.store.HistoryEntry;

/**
 * One key history entry in one file: its canonical bytes ({@link HistoryEntry#canonicalBytes()}), then a CRC32 of
 * them as a long, which catches damage done outside the store. Written once by atomic rename, never rewritten.
 */
final class HistoryFile {
    private HistoryFile() {
    }

    static byte[] encode(HistoryEntry entry) {
        byte[] canonical = entry.canonicalBytes();
        return ByteBuffer.allocate(canonical.length + Long.BYTES)
            .put(canonical)
            .putLong(checksum(canonical, canonical.length))
            .array();
    }

    static HistoryEntry decode(byte[] encoded) throws IOException {
        int length = encoded.length - Long.BYTES;
        if (length <= 0 || checksum(encoded, length)
            != new DataInputStream(new ByteArrayInputStream(encoded, length, Long.BYTES)).readLong()) {
            throw new IOException("Damaged key history entry: checksum mismatch");
        }
        return HistoryEntry.fromCanonicalBytes(Arrays.copyOf(encoded, length));
    }

    private static long checksum(byte[] data, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, 0, length);
        return crc.getValue();
    }
}
