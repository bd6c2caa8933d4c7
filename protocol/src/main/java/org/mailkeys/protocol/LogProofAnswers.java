package org.mailkeys.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Version 2 answers (docs/PROTOCOL.md 12): the version 1 body with the key log's proof block inserted before the MAC
 * line, one MAC over both. The block is UTF-8 text whose lines end in LF (the signature lines of the checkpoint
 * begin with U+2014); in the body, like every line, they end in CRLF. The MAC input is the version 1 MAC input, then
 * the block's bytes with LF line ends.
 */
public final class LogProofAnswers {
    /** The request header that asks for version 2 answers, and the answer header that says it is one. */
    public static final String VERSION_HEADER = "MailKeys-Version";
    public static final String VERSION_2 = "2";
    /** The first line of every proof block. */
    public static final String BLOCK_HEADER = "mailkeys-log-proof v1";
    /** No proof block is longer: a checkpoint, 63 hashes, an entry and a VRF proof fit with room to spare. */
    public static final int MAX_BLOCK_BYTES = 8 * 1024;

    private static final String CRLF = PublicKeyArmor.CRLF;

    /** Whether a request's {@code MailKeys-Version} header value asks for version 2. */
    public static boolean asksForVersion2(Optional<String> headerValue) {
        return headerValue.map(String::trim).filter(VERSION_2::equals).isPresent();
    }

    /** Key found: the armored key, the block, the MAC over key bytes and block. */
    public String keyFound(byte[] keyBytes, String block, KAuth kAuth) {
        return PublicKeyArmor.armor(keyBytes) + withCrlf(checked(block))
            + kAuth.macOver(concat(keyBytes, lf(block))).toBase64() + CRLF;
    }

    /** Confirmation: the block of the new entry, the MAC over the received key bytes and the block. */
    public String confirmation(byte[] receivedKeyBytes, String block, KAuth kAuth) {
        return withCrlf(checked(block)) + kAuth.macOver(concat(receivedKeyBytes, lf(block))).toBase64() + CRLF;
    }

    /** Not found: the status line, the block (VRF proof and latest checkpoint), the MAC over line and block. */
    public String notFound(String address, String block, KAuth kAuth) {
        if (!MailAddresses.isPlausible(address)) {
            throw new IllegalArgumentException("not a single plausible mail address");
        }
        String statusLine = StatusLines.notFound(address);
        return statusLine + CRLF + withCrlf(checked(block))
            + kAuth.macOver(concat(statusLine.getBytes(StandardCharsets.US_ASCII), lf(block))).toBase64() + CRLF;
    }

    /** The MAC input of a version 2 answer: the version 1 input, then the block with LF line ends. */
    public static byte[] macInput(byte[] versionOneInput, String block) {
        return concat(versionOneInput, lf(block));
    }

    private static String checked(String block) {
        if (!block.startsWith(BLOCK_HEADER + "\n") || !block.endsWith("\n") || block.contains("\r")
            || block.getBytes(StandardCharsets.UTF_8).length > MAX_BLOCK_BYTES) {
            throw new IllegalArgumentException("not a proof block");
        }
        return block;
    }

    private static byte[] lf(String block) {
        return block.getBytes(StandardCharsets.UTF_8);
    }

    private static String withCrlf(String block) {
        return block.replace("\n", CRLF);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(first.length + second.length);
        bytes.write(first, 0, first.length);
        bytes.write(second, 0, second.length);
        return bytes.toByteArray();
    }
}
