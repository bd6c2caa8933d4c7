package org.mailkeys.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The status lines of answers (docs/PROTOCOL.md 2.4, 3.2 and 4), written by this class alone: {@code DELETED
 * <address>}, {@code NOT-FOUND <address>} and {@code ERROR <code> <text>}. A MAC over one is over its US-ASCII
 * bytes without the line terminator (section 1.2).
 */
final class StatusLines {
    static final String DELETED = "DELETED";
    static final String NOT_FOUND = "NOT-FOUND";
    static final String ERROR = "ERROR";

    private StatusLines() {
    }

    static String deleted(String address) {
        return DELETED + " " + address;
    }

    static String notFound(String address) {
        return NOT_FOUND + " " + address;
    }

    /** Text is US-ASCII, one line: any other character becomes {@code ?}, so no text can break the answer's form. */
    static String error(ErrorCode code, String text) {
        String freeText = printableAscii(text == null ? "" : text);
        String prefix = ERROR + " " + code.wireName();
        return freeText.isEmpty() ? prefix : prefix + " " + freeText;
    }

    static byte[] bytes(String statusLine) {
        return statusLine.getBytes(StandardCharsets.US_ASCII);
    }

    private static String printableAscii(String text) {
        StringBuilder line = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            line.append(c >= 0x20 && c < 0x7F ? c : c == '\t' || c == '\r' || c == '\n' ? ' ' : '?');
        }
        return line.toString().strip();
    }
}
