package org.mailkeys.protocol;

/** Reads an answer body, for clients. The caller then checks the MAC with the K_auth it kept. */
public final class AnswerParser {
    public KeyAnswer parse(String bodyText) throws ProtocolException {
        throw new UnsupportedOperationException("to be written");
    }
}
