package org.mailkeys.protocol;

/**
 * Reads the body text of a request (already extracted by {@link MessageBodies}) into a {@link KeyRequest}.
 * Line rules of PROTOCOL.md section 1: CRLF or LF, trailing white space ignored, blank lines before, between
 * and after the parts ignored, anything else rejected.
 */
public final class RequestParser {
    /**
     * @throws ProtocolException with code MALFORMED (wrong shape, two key blocks, bad K_auth such as 31 or 33
     *         bytes or broken base64), NO_KEY (publication-like body without a key block), SECRET_KEY (a private
     *         key block), carrying the K_auth when one well-formed K_auth line was present.
     */
    public KeyRequest parse(String bodyText) throws ProtocolException {
        throw new UnsupportedOperationException("to be written");
    }
}
