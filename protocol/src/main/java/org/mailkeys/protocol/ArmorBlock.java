package org.mailkeys.protocol;

import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One ASCII-armored block, as lines from its BEGIN line to its END line (trailing white space already dropped).
 * Its key bytes are the decoded base64: armor headers and the CRC line do not count (docs/PROTOCOL.md section 1).
 * The layout is checked strictly here, so that broken base64 is refused rather than skipped. The CRC line is not
 * checked: RFC 9580 section 6.1 says a receiver MUST NOT reject an object whose CRC24 is missing or disagrees, and
 * the MAC over the key bytes, not the CRC, is what detects a change.
 */
final class ArmorBlock {
    static final String PUBLIC_KEY = "PUBLIC KEY BLOCK";
    static final String PRIVATE_KEY = "PRIVATE KEY BLOCK";

    private static final Pattern BEGIN = Pattern.compile("-----BEGIN PGP ([A-Z0-9 ,/]+)-----");
    // "Comment: " with an empty value has lost its space with the trailing white space
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9-]+:( .*)?");
    private static final Pattern DATA = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    private static final Pattern CRC = Pattern.compile("=[A-Za-z0-9+/]{4}");

    private final List<String> lines;
    private final String type;

    ArmorBlock(List<String> lines) throws ProtocolException {
        this.lines = lines;
        java.util.regex.Matcher begin = BEGIN.matcher(lines.get(0));
        if (!begin.matches() || !lines.get(lines.size() - 1).equals("-----END PGP " + begin.group(1) + "-----")) {
            throw ProtocolException.malformed("armor BEGIN and END lines do not match");
        }
        this.type = begin.group(1);
    }

    /** What the BEGIN line names, e.g. {@value #PUBLIC_KEY}. */
    String type() {
        return type;
    }

    /** The decoded packets; MALFORMED when the layout or the base64 is broken (a wrong CRC is ignored). */
    byte[] keyBytes() throws ProtocolException {
        int last = lines.size() - 1;
        int i = 1;
        boolean headers = false;
        while (i < last && HEADER.matcher(lines.get(i)).matches()) {
            headers = true;
            i++;
        }
        if (i < last && lines.get(i).isEmpty()) {
            i++;
        } else if (headers) {
            throw ProtocolException.malformed("armor headers not followed by a blank line");
        }
        StringBuilder data = new StringBuilder();
        boolean padded = false;
        for (; i < last; i++) {
            String line = lines.get(i);
            if (i == last - 1 && CRC.matcher(line).matches() && data.length() > 0) {
                continue;
            }
            if (padded || !DATA.matcher(line).matches()) {
                throw ProtocolException.malformed("armor data is not base64");
            }
            padded = line.endsWith("=");
            data.append(line);
        }
        if (data.length() == 0 || data.length() % 4 != 0) {
            throw ProtocolException.malformed("armor data is not base64");
        }
        try {
            return Base64.getDecoder().decode(data.toString());
        } catch (IllegalArgumentException e) {
            throw ProtocolException.malformed("armor data is not base64");
        }
    }
}
