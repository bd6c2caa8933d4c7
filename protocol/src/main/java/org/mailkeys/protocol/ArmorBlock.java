package org.mailkeys.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.bcpg.ArmoredInputStream;

/**
 * One ASCII-armored block, as lines from its BEGIN line to its END line (trailing white space already dropped).
 * Its key bytes are the decoded base64: armor headers and the CRC line do not count (docs/PROTOCOL.md section 1).
 * The layout is checked strictly here, so that broken base64 is refused rather than skipped; Bouncy Castle then
 * decodes the block and checks its CRC.
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

    /** The decoded packets; MALFORMED when the layout, the base64 or the CRC is broken. */
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
        StringBuilder normalised = new StringBuilder("-----BEGIN PGP ").append(type).append("-----\n\n");
        boolean padded = false;
        for (; i < last; i++) {
            String line = lines.get(i);
            if (i == last - 1 && CRC.matcher(line).matches() && data.length() > 0) {
                normalised.append(line).append('\n');
                continue;
            }
            if (padded || !DATA.matcher(line).matches()) {
                throw ProtocolException.malformed("armor data is not base64");
            }
            padded = line.endsWith("=");
            data.append(line);
            normalised.append(line).append('\n');
        }
        if (data.length() == 0 || data.length() % 4 != 0 || !decodes(data)) {
            throw ProtocolException.malformed("armor data is not base64");
        }
        normalised.append("-----END PGP ").append(type).append("-----\n");
        return decodeWithCrcCheck(normalised.toString());
    }

    private static boolean decodes(CharSequence data) {
        try {
            Base64.getDecoder().decode(data.toString());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] decodeWithCrcCheck(String armor) throws ProtocolException {
        try (InputStream in = ArmoredInputStream.builder()
                .build(new ByteArrayInputStream(armor.getBytes(StandardCharsets.US_ASCII)))) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                throw ProtocolException.malformed("armor holds no data");
            }
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw ProtocolException.malformed("armor does not decode or its CRC does not match");
        }
    }
}
