package org.mailkeys.client;

import java.security.SecureRandom;
import java.util.Date;
import java.util.Locale;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.mailkeys.protocol.LogProofAnswers;

/** The request mails of docs/PROTOCOL.md 2.1 and 3.1: From the account, To keys@domain, a fresh unique Message-ID. */
final class RequestMessages {
    static final String SERVICE_LOCAL_PART = "keys";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestMessages() {
    }

    static String serviceAddress(String domain) {
        return SERVICE_LOCAL_PART + "@" + domain;
    }

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        if (at < 1 || at == address.length() - 1) {
            throw new IllegalArgumentException("not a mail address: " + address);
        }
        return address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /** Unguessable and unique: 128 random bits and the time, at the account's domain. */
    static String newMessageId(String account) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        StringBuilder id = new StringBuilder("<mailkeys.");
        for (byte b : random) {
            id.append(String.format(Locale.ROOT, "%02x", b));
        }
        return id.append('.').append(System.currentTimeMillis()).append('@').append(domainOf(account)).append('>').toString();
    }

    static MimeMessage build(Session session, String account, String domain, String subject, String messageId, String body)
            throws MessagingException {
        MimeMessage message = new FixedIdMessage(session, messageId);
        message.setFrom(new InternetAddress(account));
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(serviceAddress(domain)));
        message.setSubject(subject, "us-ascii");
        message.setSentDate(new Date());
        message.setText(body, "us-ascii");
        // asks for answers with a log proof (docs/PROTOCOL.md 12); a version-1 server ignores it
        message.setHeader(LogProofAnswers.VERSION_HEADER, LogProofAnswers.VERSION_2);
        message.saveChanges();
        return message;
    }

    /** A message whose Message-ID is the one the pending request keeps, not one the library makes up. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
