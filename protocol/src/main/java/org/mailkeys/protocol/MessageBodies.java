package org.mailkeys.protocol;

import java.io.InputStream;

/**
 * Finds the protocol text in a raw RFC 5322 message (PROTOCOL.md section 1): a text/plain body in 7bit,
 * quoted-printable or base64, or the first text/plain part of multipart/mixed or multipart/signed.
 */
public final class MessageBodies {
    /** @throws ProtocolException MALFORMED when there is no such text part or it is not US-ASCII */
    public String protocolText(InputStream rawMessage) throws ProtocolException {
        throw new UnsupportedOperationException("to be written");
    }
}
