package org.mailkeys.store;

/** z-base-32 (Zooko's human-oriented base 32), the encoding WKD uses for hashed local parts. */
final class ZBase32 {
    private static final char[] ALPHABET = "ybndrfg8ejkmcpqxot1uwisza345h769".toCharArray();

    private ZBase32() {
    }

    static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bitsInBuffer = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bitsInBuffer += 8;
            while (bitsInBuffer >= 5) {
                out.append(ALPHABET[(buffer >> (bitsInBuffer - 5)) & 0x1f]);
                bitsInBuffer -= 5;
            }
        }
        if (bitsInBuffer > 0) {
            out.append(ALPHABET[(buffer << (5 - bitsInBuffer)) & 0x1f]);
        }
        return out.toString();
    }
}
