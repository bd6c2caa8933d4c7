package org.mailkeys.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a protocol body into lines (docs/PROTOCOL.md section 1): CRLF or LF ends a line, trailing spaces and tabs are
 * dropped. Only printable US-ASCII and tabs may appear; a lone CR or any other control character is malformed.
 */
final class BodyLines {
    private BodyLines() {
    }

    static List<String> split(String text) throws ProtocolException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n')) {
                if (c == '\r') {
                    i++;
                }
                lines.add(withoutTrailingWhiteSpace(line));
                line.setLength(0);
            } else if (c == '\t' || (c >= 0x20 && c < 0x7F)) {
                line.append(c);
            } else {
                throw ProtocolException.malformed("body is not printable US-ASCII text");
            }
        }
        if (line.length() > 0) {
            lines.add(withoutTrailingWhiteSpace(line));
        }
        return lines;
    }

    private static String withoutTrailingWhiteSpace(StringBuilder line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        return line.substring(0, end);
    }
}
