package org.mailkeys.protocol;

import java.util.Optional;

/** Writes answer bodies (docs/PROTOCOL.md 2.4, 3.2, 4) with CRLF line ends, for the KST. */
public final class AnswerWriter {
    private static final String CRLF = PublicKeyArmor.CRLF;

    /** The MAC over the key bytes received in the publication. */
    public String confirmation(byte[] receivedKeyBytes, KAuth kAuth) {
        return kAuth.macOver(receivedKeyBytes).toBase64() + CRLF;
    }

    /** @throws IllegalArgumentException when the address is not {@link MailAddresses#isPlausible plausible} */
    public String deleted(String address, KAuth kAuth) {
        return statusWithMac(StatusLines.deleted(checked(address)), kAuth);
    }

    /**
     * The stored key as one armored block, then the MAC over its key bytes.
     *
     * @throws IllegalArgumentException when the bytes do not start with a public key packet
     */
    public String keyFound(byte[] keyBytes, KAuth kAuth) {
        return PublicKeyArmor.armor(keyBytes) + kAuth.macOver(keyBytes).toBase64() + CRLF;
    }

    /** @throws IllegalArgumentException when the address is not {@link MailAddresses#isPlausible plausible} */
    public String notFound(String address, KAuth kAuth) {
        return statusWithMac(StatusLines.notFound(checked(address)), kAuth);
    }

    /** {@code ERROR <code> <the code's fixed text>}; the MAC line only when kAuth is present. */
    public String error(ErrorCode code, Optional<KAuth> kAuth) {
        return error(code, code.text(), kAuth);
    }

    /**
     * {@code ERROR <code> <text>}, for a text more precise than the code's own (a key refused for a named reason);
     * the MAC line only when kAuth is present. Text is US-ASCII, one line: any other character becomes {@code ?},
     * so a careless caller cannot break the answer's form.
     */
    public String error(ErrorCode code, String text, Optional<KAuth> kAuth) {
        String statusLine = StatusLines.error(code, text);
        return kAuth.map(key -> statusWithMac(statusLine, key)).orElse(statusLine + CRLF);
    }

    private static String statusWithMac(String statusLine, KAuth kAuth) {
        return statusLine + CRLF + kAuth.macOver(statusLine).toBase64() + CRLF;
    }

    private static String checked(String address) {
        if (!MailAddresses.isPlausible(address)) {
            throw new IllegalArgumentException("not a single plausible mail address");
        }
        return address;
    }
}
