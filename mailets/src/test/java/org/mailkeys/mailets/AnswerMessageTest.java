package org.mailkeys.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mailkeys.mailets.TestRequests.anonymous;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailkeys.protocol.AnswerWriter;
import org.mailkeys.protocol.KAuth;

class AnswerMessageTest {
    private static final String BODY = new AnswerWriter().notFound("alice@example.net", KAuth.generate());

    private final FakeMailContext context = FakeMailContext.defaultContext();
    private final AnswerMessage message = new AnswerMessage(context);

    private FakeMail request() throws Exception {
        FakeMail request = anonymous("bob@acme.test", "ignored").build();
        request.getMessage().setHeader("Message-ID", "<request-1@client.test>");
        return request;
    }

    private FakeMailContext.SentMail onlySent() {
        assertThat(context.getSentMails()).hasSize(1);
        return context.getSentMails().get(0);
    }

    private static String raw(MimeMessage answer) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        answer.writeTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void theAnswerShouldBeAPlainTextMailWithTheBodyUnchanged() throws Exception {
        assertThat(message.send(request(), new MailAddress("bob@acme.test"), "Key answer", BODY)).isTrue();

        MimeMessage answer = onlySent().getMsg();
        assertThat(answer.getContent()).isEqualTo(BODY);
        assertThat(answer.getSubject()).isEqualTo("Key answer");
        assertThat(answer.getHeader("MIME-Version", null)).isEqualTo("1.0");
        assertThat(answer.getContentType()).isEqualTo("text/plain; charset=us-ascii");
        assertThat(answer.getHeader("Content-Transfer-Encoding", null)).isEqualTo("7bit");
        assertThat(raw(answer)).endsWith("\r\n\r\n" + BODY).doesNotContainPattern("[^\r]\n").matches("[\\x00-\\x7F]*");
    }

    @Test
    void theAnswerShouldStartItsPassThroughTheSpoolInTheRootProcessorWithANullSender() throws Exception {
        message.send(request(), new MailAddress("bob@acme.test"), "Key answer", BODY);

        FakeMailContext.SentMail sent = onlySent();
        assertThat(sent.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(TestRequests.isNullSender(sent.getSender())).isTrue();
        assertThat(sent.getRecipients()).containsExactly(new MailAddress("bob@acme.test"));
    }

    @Test
    void theAnswerShouldCarryTheDateOfItsSending() throws Exception {
        Instant before = Instant.now().minusSeconds(1);

        message.send(request(), new MailAddress("bob@acme.test"), "Key answer", BODY);

        Instant date = onlySent().getMsg().getSentDate().toInstant();
        assertThat(date).isBetween(before, Instant.now().plus(Duration.ofSeconds(1)));
        assertThat(onlySent().getMsg().getHeader("Date", null)).matches("[A-Z][a-z]{2}, \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000");
    }

    @Test
    void eachAnswerShouldHaveAMessageIdOfItsOwnInTheServiceDomain() throws Exception {
        message.send(request(), new MailAddress("bob@acme.test"), "Key answer", BODY);
        message.send(request(), new MailAddress("bob@acme.test"), "Key answer", BODY);

        String first = context.getSentMails().get(0).getMsg().getMessageID();
        String second = context.getSentMails().get(1).getMsg().getMessageID();
        assertThat(first).matches("<[0-9a-f]{32}\\.keys@example\\.net>");
        assertThat(second).matches("<[0-9a-f]{32}\\.keys@example\\.net>").isNotEqualTo(first);
    }

    @Test
    void aRecipientThatJavaMailCannotWriteShouldGetNoAnswer() throws Exception {
        MailAddress unwritable = new MailAddress("\"a\\\\\"@acme.test");

        assertThat(message.send(request(), unwritable, "Key answer", BODY)).isFalse();

        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void aServiceAddressOfAnUnusualButValidFormShouldBeWrittenAsJavaMailWritesIt() throws Exception {
        MailAddress service = new MailAddress("\"keys here\"@example.net");
        FakeMail request = request();
        request.setRecipients(List.of(service));
        MimeMessage javaMail = new MimeMessage(Session.getInstance(new Properties()));
        javaMail.setFrom(service.toInternetAddress().orElseThrow());

        assertThatCode(() -> message.send(request, new MailAddress("bob@acme.test"), "Key answer", BODY))
            .doesNotThrowAnyException();

        assertThat(onlySent().getMsg().getHeader("From", null))
            .isEqualTo(javaMail.getHeader("From", null))
            .isEqualTo("<\"keys here\"@example.net>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"a\\\nBcc: victim@acme.test\"@acme.test", "\"a\\\rb\"@acme.test", "\"a\\\tb\"@acme.test",
        "\"b\u00f8b\"@acme.test"})
    void anAddressJamesAcceptsButThatIsNotOnePrintableAsciiLineShouldGetNoAnswer(String address) throws Exception {
        MailAddress requester = new MailAddress(address);

        assertThat(message.send(request(), requester, "Key answer", BODY)).isFalse();

        assertThat(context.getSentMails()).isEmpty();
    }
}
