package org.mailkeys.protocol;

import java.util.Objects;

/** A well-formed request of docs/PROTOCOL.md sections 2.1 and 3.1. */
public abstract class KeyRequest {
    private final KAuth kAuth;

    KeyRequest(KAuth kAuth) {
        this.kAuth = Objects.requireNonNull(kAuth);
    }

    public KAuth kAuth() {
        return kAuth;
    }

    /** A public key block and K_auth: publish (or replace) the sender's key. */
    public static final class Publication extends KeyRequest {
        private final byte[] keyBytes;

        public Publication(byte[] keyBytes, KAuth kAuth) {
            super(kAuth);
            this.keyBytes = keyBytes.clone();
        }

        /** The binary OpenPGP packets of the armored block, as received; the confirmation MAC is over these. */
        public byte[] keyBytes() {
            return keyBytes.clone();
        }
    }

    /** {@code DELETE} and K_auth: remove the sender's published key. */
    public static final class Deletion extends KeyRequest {
        public Deletion(KAuth kAuth) {
            super(kAuth);
        }
    }

    /** A queried address and K_auth: answer with the key of that address. */
    public static final class Retrieval extends KeyRequest {
        private final String queriedAddress;

        public Retrieval(String queriedAddress, KAuth kAuth) {
            super(kAuth);
            this.queriedAddress = Objects.requireNonNull(queriedAddress);
        }

        public String queriedAddress() {
            return queriedAddress;
        }
    }
}
