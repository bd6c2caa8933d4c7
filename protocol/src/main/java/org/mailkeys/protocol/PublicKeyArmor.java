package org.mailkeys.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.bcpg.ArmoredOutputStream;

/**
 * ASCII armor for public key blocks. Writing adds no armor headers (no {@code Version}, no comment): nothing about
 * the server leaks into an answer. Reading applies the strict rules of docs/PROTOCOL.md section 1.
 */
public final class PublicKeyArmor {
    static final String CRLF = "\r\n";

    private PublicKeyArmor() {
    }

    /**
     * One {@code PUBLIC KEY BLOCK} with CRLF line ends, the last line ending with CRLF too.
     *
     * @throws IllegalArgumentException when the bytes do not start with a public key packet
     */
    public static String armor(byte[] keyBytes) {
        if (PacketScan.of(keyBytes, Integer.MAX_VALUE).firstTag() != PacketScan.PUBLIC_KEY_TAG) {
            throw new IllegalArgumentException("key bytes must start with a public key packet");
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(keyBytes.length * 4 / 3 + 200);
        try (OutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(buffer)) {
            armored.write(keyBytes);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        String text = buffer.toString(StandardCharsets.US_ASCII).replace("\r\n", "\n").replace("\n", CRLF);
        return text.endsWith(CRLF) ? text : text + CRLF;
    }

    /**
     * The key bytes of a text that holds exactly one public key block (blank lines around it allowed).
     *
     * @throws ProtocolException SECRET_KEY for a private key block or secret key packets, MALFORMED otherwise
     */
    public static byte[] keyBytes(String armoredText) throws ProtocolException {
        BodyParts parts = BodyParts.of(armoredText);
        if (parts.hasBlockOfType(ArmorBlock.PRIVATE_KEY)) {
            throw ProtocolException.secretKey("a private key block");
        }
        if (parts.size() != 1 || parts.isLine(0)) {
            throw ProtocolException.malformed("not exactly one armored block");
        }
        return publicKeyBytes(parts.block(0));
    }

    /**
     * The key bytes of a key file as a user has it: one armored public key block (read as {@link #keyBytes(String)}
     * reads it), or the binary packets of public keys.
     *
     * @throws ProtocolException SECRET_KEY for secret key material, MALFORMED for anything else that is neither
     */
    public static byte[] keyBytesOfFile(byte[] fileContent) throws ProtocolException {
        if (fileContent.length > 0 && (fileContent[0] & 0x80) != 0) {
            PacketScan packets = PacketScan.of(fileContent, KeyRings.MAX_PACKETS);
            if (packets.secretKey()) {
                throw ProtocolException.secretKey("secret key packets");
            }
            if (!packets.wellFormed() || packets.firstTag() != PacketScan.PUBLIC_KEY_TAG) {
                throw ProtocolException.malformed("not OpenPGP public key packets");
            }
            return fileContent.clone();
        }
        return keyBytes(new String(fileContent, StandardCharsets.US_ASCII));
    }

    /** How many transferable public keys the key bytes hold (a packet walk, nothing parsed). */
    public static int primaryKeyCount(byte[] keyBytes) {
        return PacketScan.of(keyBytes, KeyRings.MAX_PACKETS).publicKeyCount();
    }

    /** The key bytes of a block that must be a public key block without secret packets. */
    static byte[] publicKeyBytes(ArmorBlock block) throws ProtocolException {
        if (block.type().equals(ArmorBlock.PRIVATE_KEY)) {
            throw ProtocolException.secretKey("a private key block");
        }
        if (!block.type().equals(ArmorBlock.PUBLIC_KEY)) {
            throw ProtocolException.malformed("an armored block that is not a public key");
        }
        byte[] keyBytes = block.keyBytes();
        if (PacketScan.of(keyBytes, Integer.MAX_VALUE).secretKey()) {
            throw ProtocolException.secretKey("secret key packets in a public key block");
        }
        return keyBytes;
    }
}
