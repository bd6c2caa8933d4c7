package org.mailkeys.protocol;


/**
 * Reads the body text of a request (already extracted by {@link MessageBodies}) into a {@link KeyRequest}.
 * Line rules of docs/PROTOCOL.md section 1: CRLF or LF, trailing white space ignored, blank lines before, between
 * and after the parts ignored, anything else rejected.
 *
 * <p>The three forms, each with the K_auth line last:
 * <ul>
 * <li>publication: exactly one {@code PUBLIC KEY BLOCK}, then K_auth;</li>
 * <li>deletion: the line {@code DELETE}, then K_auth;</li>
 * <li>retrieval: one plausible address line ({@link MailAddresses#isPlausible}), then K_auth.</li>
 * </ul>
 *
 * <p>Which error a body that fits none of them gets, checked in this order:
 * <ol>
 * <li>SECRET_KEY when any block is a {@code PRIVATE KEY BLOCK}, or the public key block holds secret key packets:
 * the sender must learn that its secret went out, whatever else is wrong;</li>
 * <li>NO_KEY when the body is a K_auth line and nothing else: a publication whose key block went missing (for
 * example a key sent as an attachment, which this protocol ignores). Every other shape is MALFORMED, because it is
 * not recognisably a publication;</li>
 * <li>MALFORMED for everything else: two key blocks, other armor, a broken armor or base64, a K_auth line that is
 * not 44 characters of base64 for 32 bytes, a missing K_auth, extra lines, an implausible address.</li>
 * </ol>
 * Every exception carries the body's K_auth when it had a well-formed K_auth line, so that the ERROR answer can
 * carry a MAC. Exception messages never hold body text, K_auth or key material.
 */
public final class RequestParser {
    static final String DELETE = "DELETE";

    /**
     * @throws ProtocolException with code MALFORMED (wrong shape, two key blocks, bad K_auth such as 31 or 33
     *         bytes or broken base64), NO_KEY (publication-like body without a key block), SECRET_KEY (a private
     *         key block), carrying the K_auth when one well-formed K_auth line was present.
     */
    public KeyRequest parse(String bodyText) throws ProtocolException {
        try {
            return parseParts(BodyParts.of(bodyText));
        } catch (ProtocolException e) {
            if (e.kAuth().isPresent()) {
                throw e;
            }
            throw e.withKAuth(KAuthFinder.find(bodyText));
        }
    }

    private KeyRequest parseParts(BodyParts parts) throws ProtocolException {
        if (parts.hasBlockOfType(ArmorBlock.PRIVATE_KEY)) {
            throw ProtocolException.of(ErrorCode.SECRET_KEY, "a private key block");
        }
        if (parts.size() == 1 && parts.isLine(0) && KAuth.parse(parts.line(0)).isPresent()) {
            throw ProtocolException.of(ErrorCode.NO_KEY, "a K_auth line without a key block");
        }
        if (parts.blockCount() > 1) {
            throw ProtocolException.of(ErrorCode.MALFORMED, "more than one armored block");
        }
        if (parts.size() != 2 || !parts.isLine(1)) {
            throw ProtocolException.of(ErrorCode.MALFORMED, "not two parts ending with a K_auth line");
        }
        KAuth kAuth = KAuth.parse(parts.line(1))
            .orElseThrow(() -> ProtocolException.of(ErrorCode.MALFORMED, "the last line is not a well-formed K_auth"));
        if (!parts.isLine(0)) {
            return new KeyRequest.Publication(PublicKeyArmor.publicKeyBytes(parts.block(0)), kAuth);
        }
        String first = parts.line(0);
        if (first.equals(DELETE)) {
            return new KeyRequest.Deletion(kAuth);
        }
        if (MailAddresses.isPlausible(first)) {
            return new KeyRequest.Retrieval(first, kAuth);
        }
        throw ProtocolException.of(ErrorCode.MALFORMED, "the first line is neither DELETE nor a single mail address");
    }
}
