package org.mailkeys.mailets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MimeMessageWrapper;
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
        try (InputStream raw = rawMessage(mail.getMessage())) {
            return BODIES.protocolText(raw);
        } catch (IOException e) {
            throw new MessagingException("cannot read the request mail " + mail.getName(), e);
        }
    }

    /**
     * The message as received: in James, read straight from the spool's copy (no copy of our own while nothing
     * changed it); any other MimeMessage is written out first.
     */
    private static InputStream rawMessage(MimeMessage message) throws MessagingException, IOException {
        if (message instanceof MimeMessageWrapper) {
            return ((MimeMessageWrapper) message).getMessageInputStream();
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        return new ByteArrayInputStream(raw.toByteArray());
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
