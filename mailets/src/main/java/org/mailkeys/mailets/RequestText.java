package org.mailkeys.mailets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.MessageBodies;
import org.mailkeys.protocol.ProtocolException;

/** The protocol text of a request mail, and its K_auth line read cheaply when the body is not parsed. */
final class RequestText {
    private static final MessageBodies BODIES = new MessageBodies();

    private RequestText() {
    }

    static String of(Mail mail) throws MessagingException, ProtocolException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try {
            mail.getMessage().writeTo(raw);
        } catch (IOException e) {
            throw new MessagingException("cannot read the request mail " + mail.getName(), e);
        }
        return BODIES.protocolText(new ByteArrayInputStream(raw.toByteArray()));
    }

    /**
     * The K_auth of the body's last non-blank line, when it is one (docs/PROTOCOL.md 2.1 and 3.1 both end with it):
     * lets an ERROR answer for a request that is not parsed (too large, rate limited) carry a MAC.
     */
    static Optional<KAuth> lastLineKAuth(String text) {
        String[] lines = text.split("\r?\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (!line.isEmpty()) {
                return KAuth.parse(line);
            }
        }
        return Optional.empty();
    }

    /** Best effort: the last-line K_auth of the mail, empty when the body cannot be read as protocol text. */
    static Optional<KAuth> lastLineKAuth(Mail mail) {
        try {
            return lastLineKAuth(of(mail));
        } catch (MessagingException | ProtocolException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
