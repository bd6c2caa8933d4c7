package org.mailkeys.protocol;

/** Writes request bodies (PROTOCOL.md 2.1, 3.1) with CRLF line ends, for clients. */
public final class RequestWriter {
    public String publication(byte[] keyBytes, KAuth kAuth) {
        throw new UnsupportedOperationException("to be written");
    }

    public String deletion(KAuth kAuth) {
        throw new UnsupportedOperationException("to be written");
    }

    public String retrieval(String queriedAddress, KAuth kAuth) {
        throw new UnsupportedOperationException("to be written");
    }
}
