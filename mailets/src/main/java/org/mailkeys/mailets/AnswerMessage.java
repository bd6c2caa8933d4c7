package org.mailkeys.mailets;

import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;

/**
 * Builds an answer (docs/PROTOCOL.md 2.4, 3.2, 4) and hands it to James' spool, like James' VacationMailet: null
 * envelope sender, {@code Auto-Submitted: auto-replied}, {@code In-Reply-To}/{@code References} naming the
 * request's Message-ID. Nothing else of the request is copied.
 */
final class AnswerMessage {
    /** A msg-id as RFC 5322 writes it; anything else is not echoed, so no header can be injected. */
    private static final Pattern MESSAGE_ID = Pattern.compile("<[\\x21-\\x3B\\x3D\\x3F-\\x7E]{1,250}>");
    private static final Session SESSION = Session.getInstance(new Properties());

    private final MailetContext context;

    AnswerMessage(MailetContext context) {
        this.context = context;
    }

    /**
     * @param request the request; its first recipient (a service address) is the answer's From
     * @param body an answer body written by AnswerWriter: US-ASCII, CRLF line ends
     * @return false, and nothing sent, when an address James took cannot be written in a header (javax.mail
     *         refuses, for example, the quoted local part {@code "a\\"}): such a request gets no answer rather than
     *         an exception that would send it to the error repository on every retry
     */
    boolean send(Mail request, MailAddress to, String subject, String body) throws MessagingException {
        MailAddress serviceAddress = request.getRecipients().iterator().next();
        Optional<InternetAddress> from = serviceAddress.toInternetAddress();
        Optional<InternetAddress> recipient = to.toInternetAddress();
        if (from.isEmpty() || recipient.isEmpty()) {
            return false;
        }
        MimeMessage answer = new MimeMessage(SESSION);
        answer.setFrom(from.get());
        answer.setRecipient(Message.RecipientType.TO, recipient.get());
        answer.setSubject(subject, "us-ascii");
        answer.setSentDate(new Date());
        answer.setHeader("Auto-Submitted", "auto-replied");
        Optional<String> requestId = requestMessageId(request);
        if (requestId.isPresent()) {
            answer.setHeader("In-Reply-To", requestId.get());
            answer.setHeader("References", requestId.get());
        }
        answer.setText(body, "us-ascii");
        answer.setHeader("Content-Transfer-Encoding", "7bit");
        answer.saveChanges();
        context.sendMail(MailAddress.nullSender(), List.of(to), answer);
        return true;
    }

    static Optional<String> requestMessageId(Mail request) throws MessagingException {
        return Optional.ofNullable(request.getMessage().getMessageID())
            .map(String::trim)
            .filter(id -> MESSAGE_ID.matcher(id).matches());
    }
}
