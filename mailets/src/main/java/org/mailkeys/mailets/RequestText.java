package org.mailkeys.mailets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KAuthFinder;
import org.mailkeys.protocol.MessageBodies;
import org.mailkeys.protocol.ProtocolException;

/** The protocol text of a request mail, and its K_auth when the body is not parsed. */
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
     * Best effort, for an ERROR answer to a request that is not parsed (rate limited): the K_auth of the mail's
     * protocol text as {@link KAuthFinder} finds it, empty when the body cannot be read as protocol text.
     */
    static Optional<KAuth> kAuthOf(Mail mail) {
        try {
            return KAuthFinder.find(of(mail));
        } catch (MessagingException | ProtocolException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
