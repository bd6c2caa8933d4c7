package org.mailkeys.protocol;

import java.io.ByteArrayOutputStream;

/**
 * A strict quoted-printable decoder (RFC 2045 section 6.7). mime4j's decoder passes an invalid escape such as
 * {@code =ZZ} through as text; here it is MALFORMED, like broken base64.
 */
final class QuotedPrintable {
    private QuotedPrintable() {
    }

    static byte[] decode(byte[] encoded) throws ProtocolException {
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(encoded.length);
        int i = 0;
        while (i < encoded.length) {
            byte b = encoded[i];
            if (b != '=') {
                decoded.write(b);
                i++;
                continue;
            }
            int high = i + 1 < encoded.length ? Character.digit(encoded[i + 1], 16) : -1;
            int low = i + 2 < encoded.length ? Character.digit(encoded[i + 2], 16) : -1;
            if (high >= 0 && low >= 0) {
                decoded.write(high * 16 + low);
                i += 3;
            } else {
                i = afterSoftLineBreak(encoded, i + 1);
            }
        }
        return decoded.toByteArray();
    }

    /** A soft line break is {@code =}, optional transport padding, then CRLF, LF or the end. */
    private static int afterSoftLineBreak(byte[] encoded, int start) throws ProtocolException {
        int i = start;
        while (i < encoded.length && (encoded[i] == ' ' || encoded[i] == '\t')) {
            i++;
        }
        if (i == encoded.length) {
            return i;
        }
        if (encoded[i] == '\n') {
            return i + 1;
        }
        if (encoded[i] == '\r' && i + 1 < encoded.length && encoded[i + 1] == '\n') {
            return i + 2;
        }
        throw ProtocolException.malformed("broken quoted-printable encoding");
    }
}
