package org.mailkeys.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.mailetcontainer.AutomaticallySentMailDetectorImpl;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailkeys.matchers.FakeDomainList;
import org.mailkeys.matchers.ServiceAddresses;

class DropUnanswerableRequestTest {
    private RecordingMetricFactory metrics;
    private FakeMailContext context;
    private DropUnanswerableRequest mailet;

    @BeforeEach
    void setUp() throws MessagingException {
        metrics = new RecordingMetricFactory();
        context = FakeMailContext.defaultContext();
        mailet = dropRules("keys");
        mailet.init(FakeMailetConfig.builder().mailetName("DropUnanswerableRequest").mailetContext(context).build());
    }

    private DropUnanswerableRequest dropRules(String serviceLocalPart) {
        return dropRules(serviceLocalPart, RequestLimits.DEFAULT);
    }

    private DropUnanswerableRequest dropRules(String serviceLocalPart, RequestLimits limits) {
        return new DropUnanswerableRequest(new AutomaticallySentMailDetectorImpl(), metrics,
            new ServiceAddresses(new FakeDomainList("example.net"), serviceLocalPart), new FakeDomainList("example.net"),
            limits);
    }

    private static MimeMessageBuilder message() throws MessagingException {
        return MimeMessageBuilder.mimeMessageBuilder()
            .addFrom("bob@acme.test")
            .addToRecipient("keys@example.net")
            .setSubject("Key request")
            .setText("alice@example.net\r\n");
    }

    private static FakeMail.Builder request(MimeMessageBuilder message) throws MessagingException {
        return FakeMail.builder().name("request").sender("bob@acme.test").recipient("keys@example.net")
            .mimeMessage(message).size(300);
    }

    private void assertDropped(Mail mail, DropReason reason) throws MessagingException {
        mailet.service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(metrics.countFor(reason.metricName())).isEqualTo(1);
        assertThat(context.getSentMails()).isEmpty();
    }

    /** Passed on: not ghosted, not counted as dropped, nothing answered. */
    private void assertPassedOn(Mail mail) throws MessagingException {
        mailet.service(mail);
        assertThat(mail.getState()).isNull();
        assertThat(metrics.countForPrefixName(DropReason.METRIC_PREFIX)).isEmpty();
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void anOrdinaryRequestShouldPassOn() throws Exception {
        assertPassedOn(request(message()).build());
    }

    @Test
    void aNullSenderShouldBeDropped() throws Exception {
        assertDropped(request(message()).sender(MaybeSender.nullSender()).build(), DropReason.NULL_SENDER);
    }

    @Test
    void aServiceAddressAsSenderShouldBeDropped() throws Exception {
        assertDropped(request(message()).sender("keys@acme.test").build(), DropReason.SERVICE_SENDER);
    }

    @Test
    void autoSubmittedOtherThanNoShouldBeDropped() throws Exception {
        assertDropped(request(message().addHeader("Auto-Submitted", "auto-generated; owner-email=x@acme.test")).build(),
            DropReason.AUTO_SUBMITTED);
    }

    @Test
    void anUnknownAutoSubmittedValueShouldBeDroppedToo() throws Exception {
        assertDropped(request(message().addHeader("Auto-Submitted", "something-else")).build(), DropReason.AUTO_SUBMITTED);
    }

    @Test
    void autoSubmittedNoShouldPassOn() throws Exception {
        assertPassedOn(request(message().addHeader("Auto-Submitted", "No")).build());
    }

    @Test
    void anyListHeaderShouldBeDropped() throws Exception {
        assertDropped(request(message().addHeader("List-Foo", "<x>")).build(), DropReason.MAILING_LIST);
    }

    @Test
    void listIdShouldBeDropped() throws Exception {
        assertDropped(request(message().addHeader("List-Id", "<list.acme.test>")).build(), DropReason.MAILING_LIST);
    }

    @Test
    void aListLikeSenderShouldBeDropped() throws Exception {
        assertDropped(request(message()).sender("owner-list@acme.test").build(), DropReason.MAILING_LIST);
    }

    @Test
    void bulkListAndJunkPrecedenceShouldBeDropped() throws Exception {
        for (String precedence : new String[] {"bulk", "List", " junk "}) {
            setUp();
            assertDropped(request(message().addHeader("Precedence", precedence)).build(), DropReason.PRECEDENCE);
        }
    }

    @Test
    void otherPrecedenceShouldPassOn() throws Exception {
        assertPassedOn(request(message().addHeader("Precedence", "first-class")).build());
    }

    @Test
    void aMultipartReportShouldBeDropped() throws Exception {
        MimeMessageBuilder report = MimeMessageBuilder.mimeMessageBuilder()
            .addFrom("bob@acme.test")
            .setContent(MimeMessageBuilder.multipartBuilder()
                .subType("report")
                .addBody(MimeMessageBuilder.bodyPartBuilder().data("delivery failed")));

        assertDropped(request(report).build(), DropReason.REPORT);
    }

    @Test
    void anAnonymousRequestOverTheRetrievalLimitShouldBeDropped() throws Exception {
        assertDropped(request(message()).size(4097).build(), DropReason.OVERSIZED_RETRIEVAL);
    }

    @Test
    void anAuthenticatedRequestOverTheRetrievalLimitShouldPassOn() throws Exception {
        // PublishKey applies the publication limit to it
        assertPassedOn(request(message()).size(20_000)
            .attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("bob@acme.test")))
            .build());
    }

    @Test
    void anAnonymousRequestAtTheRetrievalLimitShouldPassOn() throws Exception {
        assertPassedOn(request(message()).size(4096).build());
    }

    @Test
    void theConfiguredRetrievalLimitShouldBeTheOneApplied() throws Exception {
        mailet = dropRules("keys", RequestLimits.of(8192, 65536));
        mailet.init(FakeMailetConfig.builder().mailetName("DropUnanswerableRequest").mailetContext(context).build());

        assertPassedOn(request(message()).size(8192).build());
        assertDropped(request(message()).size(8193).build(), DropReason.OVERSIZED_RETRIEVAL);
    }

    @Test
    void theConfiguredServiceLocalPartShouldBeTheOneDropped() throws Exception {
        mailet = dropRules("openpgpkey");
        mailet.init(FakeMailetConfig.builder().mailetName("DropUnanswerableRequest").mailetContext(context).build());

        assertPassedOn(request(message()).sender(new MailAddress("keys@acme.test")).build());
        assertDropped(request(message()).sender(new MailAddress("openpgpkey@acme.test")).build(), DropReason.SERVICE_SENDER);
    }

    @Test
    void aRetryShouldPassOnWhateverItCarries() throws Exception {
        assertPassedOn(request(message().addHeader("List-Id", "<list.acme.test>")).size(10_000)
            .attribute(new Attribute(KeyServiceMail.RETRY, AttributeValue.of(true))).build());
    }

    @Test
    void anUnknownParameterShouldFailTheStartNamingIt() {
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("DropUnanswerableRequest")
                .setProperty("retrievalLimt", "8192").build()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("retrievalLimt");
    }

    @Test
    void jamesOwnErrorParametersShouldBeAccepted() {
        assertThatCode(() -> mailet.init(FakeMailetConfig.builder().mailetName("DropUnanswerableRequest")
            .setProperty("onMailetException", "mailkeys-error").build()))
            .doesNotThrowAnyException();
    }
}
