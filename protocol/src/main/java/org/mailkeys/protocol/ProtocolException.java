package org.mailkeys.protocol;

import java.util.Optional;

/**
 * A request or answer that does not have the form docs/PROTOCOL.md requires. Carries the error code to answer
 * with and, when the body held a well-formed K_auth line, that K_auth (so the ERROR answer can carry a MAC).
 * Its message never contains request text, K_auth or key material.
 */
public class ProtocolException extends Exception {
    private final ErrorCode code;
    private final transient Optional<KAuth> kAuth;

    public ProtocolException(ErrorCode code, String message, Optional<KAuth> kAuth) {
        super(message);
        this.code = code;
        this.kAuth = kAuth;
    }

    public ErrorCode code() {
        return code;
    }

    public Optional<KAuth> kAuth() {
        return kAuth;
    }
}
