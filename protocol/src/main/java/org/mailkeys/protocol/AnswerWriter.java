package org.mailkeys.protocol;

import java.util.Optional;

/** Writes answer bodies (PROTOCOL.md 2.4, 3.2, 4) with CRLF line ends, for the KST. */
public final class AnswerWriter {
    /** The MAC over the key bytes received in the publication. */
    public String confirmation(byte[] receivedKeyBytes, KAuth kAuth) {
        throw new UnsupportedOperationException("to be written");
    }

    public String deleted(String address, KAuth kAuth) {
        throw new UnsupportedOperationException("to be written");
    }

    /** The stored key as one armored block, then the MAC over its key bytes. */
    public String keyFound(byte[] keyBytes, KAuth kAuth) {
        throw new UnsupportedOperationException("to be written");
    }

    public String notFound(String address, KAuth kAuth) {
        throw new UnsupportedOperationException("to be written");
    }

    /** {@code ERROR <code> <text>}; the MAC line only when kAuth is present. Text is US-ASCII, one line. */
    public String error(ErrorCode code, String text, Optional<KAuth> kAuth) {
        throw new UnsupportedOperationException("to be written");
    }
}
