package org.mailkeys.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.mailkeys.protocol.AnswerParser;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.MessageBodies;
import org.mailkeys.protocol.ProtocolException;

/** One mail as read over IMAP, raw, with the MailKeys answer it carries. */
public final class ReceivedMail {
    private final byte[] raw;
    private final MimeMessage message;

    public ReceivedMail(byte[] raw) throws MessagingException {
        this.raw = raw.clone();
        this.message = new MimeMessage(Session.getInstance(new java.util.Properties()), new ByteArrayInputStream(raw));
    }

    public Optional<String> header(String name) {
        try {
            return Optional.ofNullable(message.getHeader(name, null)).map(String::trim);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<String> inReplyTo() {
        return header("In-Reply-To");
    }

    /** The mail's bytes as read. */
    public byte[] raw() {
        return raw.clone();
    }

    public String rawText() {
        return new String(raw, StandardCharsets.US_ASCII);
    }

    /** The protocol text of the body (docs/PROTOCOL.md section 1), as a client extracts it. */
    public String protocolText() throws ProtocolException {
        return new MessageBodies().protocolText(new ByteArrayInputStream(raw));
    }

    public KeyAnswer answer() throws ProtocolException {
        return new AnswerParser().parse(protocolText());
    }
}
