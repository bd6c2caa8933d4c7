package org.mailkeys.protocol;

/** Writes request bodies (docs/PROTOCOL.md 2.1, 3.1) with CRLF line ends, for clients. */
public final class RequestWriter {
    private static final String CRLF = PublicKeyArmor.CRLF;

    /**
     * The key as one armored block, then the K_auth line.
     *
     * @throws IllegalArgumentException when the bytes do not start with a public key packet
     */
    public String publication(byte[] keyBytes, KAuth kAuth) {
        return PublicKeyArmor.armor(keyBytes) + kAuth.toBase64() + CRLF;
    }

    public String deletion(KAuth kAuth) {
        return RequestParser.DELETE + CRLF + kAuth.toBase64() + CRLF;
    }

    /** @throws IllegalArgumentException when the address is not {@link MailAddresses#isPlausible plausible} */
    public String retrieval(String queriedAddress, KAuth kAuth) {
        if (!MailAddresses.isPlausible(queriedAddress)) {
            throw new IllegalArgumentException("not a single plausible mail address");
        }
        return queriedAddress + CRLF + kAuth.toBase64() + CRLF;
    }
}
