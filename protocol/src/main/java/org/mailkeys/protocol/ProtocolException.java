package org.mailkeys.protocol;

import java.util.Optional;

/**
 * A request or answer that does not have the form docs/PROTOCOL.md requires. Carries the error code to answer
 * with and, when the body held a well-formed K_auth line, that K_auth (so the ERROR answer can carry a MAC).
 * Its message never contains request text, K_auth or key material.
 */
public class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient Optional<KAuth> kAuth;

    private ProtocolException(ErrorCode code, String message, Optional<KAuth> kAuth) {
        super(message);
        this.code = code;
        this.kAuth = kAuth;
    }

    /** Without a K_auth: the finder ({@link KAuthFinder}) adds it where the body held one. */
    public static ProtocolException of(ErrorCode code, String message) {
        return new ProtocolException(code, message, Optional.empty());
    }

    public static ProtocolException malformed(String message) {
        return of(ErrorCode.MALFORMED, message);
    }

    public static ProtocolException tooLarge(String message) {
        return of(ErrorCode.TOO_LARGE, message);
    }

    public static ProtocolException secretKey(String message) {
        return of(ErrorCode.SECRET_KEY, message);
    }

    public static ProtocolException badKey(String message) {
        return of(ErrorCode.BAD_KEY, message);
    }

    public static ProtocolException addressMismatch(String message) {
        return of(ErrorCode.ADDRESS_MISMATCH, message);
    }

    /** The same error, carrying the request's K_auth when it has one. */
    public ProtocolException withKAuth(Optional<KAuth> requestKAuth) {
        return new ProtocolException(code, getMessage(), requestKAuth);
    }

    public ErrorCode code() {
        return code;
    }

    public Optional<KAuth> kAuth() {
        return kAuth;
    }
}
