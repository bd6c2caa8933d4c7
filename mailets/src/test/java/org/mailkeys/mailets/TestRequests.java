package org.mailkeys.mailets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.mail.MessagingException;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;

/** Request mails and answer bodies for the mailets' tests. */
final class TestRequests {
    static final String SERVICE = "keys@example.net";

    private TestRequests() {
    }

    static FakeMail.Builder anonymous(String sender, String body) throws MessagingException {
        return FakeMail.builder().name("request-" + System.nanoTime())
            .sender(sender)
            .recipient(SERVICE)
            .remoteAddr("192.0.2.10")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
                .addFrom(sender)
                .addToRecipient(SERVICE)
                .setSubject("Key request")
                .setText(body, "text/plain; charset=us-ascii"))
            .size(body.length() + 300);
    }

    static FakeMail.Builder authenticated(String user, String sender, String body) throws MessagingException {
        return anonymous(sender, body).attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of(user)));
    }

    /** What FakeMailContext records for MailAddress.nullSender(). */
    static boolean isNullSender(org.apache.james.core.MailAddress sender) {
        return sender == null || sender.isNullSender();
    }

    static String bodyOf(FakeMailContext.SentMail answer) throws MessagingException, IOException {
        Object content = answer.getMsg().getContent();
        return content instanceof String ? (String) content
            : new String(answer.getMsg().getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
}
