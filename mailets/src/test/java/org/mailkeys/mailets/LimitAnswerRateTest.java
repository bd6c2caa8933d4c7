package org.mailkeys.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailkeys.mailets.TestRequests.anonymous;
import static org.mailkeys.mailets.TestRequests.authenticated;
import static org.mailkeys.mailets.TestRequests.bodyOf;

import java.time.Duration;
import java.time.Instant;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailkeys.matchers.FakeDomainList;
import org.mailkeys.protocol.AnswerParser;
import org.mailkeys.protocol.ErrorCode;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.RequestWriter;

class LimitAnswerRateTest {
    private final RequestWriter requests = new RequestWriter();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    private FakeMailContext context;
    private RecordingMetricFactory metrics;
    private LimitAnswerRate mailet;

    @BeforeEach
    void setUp() throws Exception {
        context = FakeMailContext.defaultContext();
        metrics = new RecordingMetricFactory();
        mailet = new LimitAnswerRate(metrics, new FakeDomainList("example.net"), RequestLimits.DEFAULT, clock);
        mailet.init(FakeMailetConfig.builder().mailetName("LimitAnswerRate").mailetContext(context).build());
    }

    private FakeMail request(KAuth kAuth) throws Exception {
        return anonymous("bob@acme.test", requests.retrieval("alice@example.net", kAuth)).build();
    }

    @Test
    void tenRequestsPerHourFromOneSenderShouldPassOnByDefault() throws Exception {
        for (int i = 0; i < 10; i++) {
            FakeMail mail = request(KAuth.generate());
            mailet.service(mail);
            assertThat(mail.getState()).isNull();
        }
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void theFirstRequestOverTheLimitShouldGetOneRateLimitedAnswerWithAMacThenSilence() throws Exception {
        for (int i = 0; i < 10; i++) {
            mailet.service(request(KAuth.generate()));
        }
        KAuth eleventh = KAuth.generate();
        FakeMail over = request(eleventh);

        mailet.service(over);

        assertThat(over.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail answer = context.getSentMails().get(0);
        assertThat(answer.getRecipients()).containsExactly(new MailAddress("bob@acme.test"));
        KeyAnswer parsed = new AnswerParser().parse(bodyOf(answer));
        assertThat(parsed).isInstanceOf(KeyAnswer.Error.class);
        assertThat(((KeyAnswer.Error) parsed).code()).contains(ErrorCode.RATE_LIMITED);
        assertThat(((KeyAnswer.Error) parsed).verifies(eleventh)).isTrue();

        FakeMail twelfth = request(KAuth.generate());
        mailet.service(twelfth);

        assertThat(twelfth.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).hasSize(1);
        assertThat(metrics.countFor(DropReason.RATE_LIMITED.metricName())).isEqualTo(1);
    }

    @Test
    void aRateLimitedAnswerToABodyWithoutKAuthShouldHaveNoMac() throws Exception {
        for (int i = 0; i < 10; i++) {
            mailet.service(request(KAuth.generate()));
        }

        mailet.service(anonymous("bob@acme.test", "no kauth here\r\n").build());

        KeyAnswer parsed = new AnswerParser().parse(bodyOf(context.getSentMails().get(0)));
        assertThat(((KeyAnswer.Error) parsed).code()).contains(ErrorCode.RATE_LIMITED);
        assertThat(parsed.mac()).isEmpty();
    }

    @Test
    void aRetryShouldPassOnUncountedEvenOverTheLimit() throws Exception {
        for (int i = 0; i < 11; i++) {
            mailet.service(request(KAuth.generate()));
        }
        FakeMail retry = request(KAuth.generate());
        retry.setAttribute(new Attribute(KeyServiceMail.RETRY, AttributeValue.of(true)));
        int answered = context.getSentMails().size();

        mailet.service(retry);

        assertThat(retry.getState()).isNull();
        assertThat(context.getSentMails()).hasSize(answered);
    }

    @Test
    void theSenderShouldBeServedAgainAfterTheWindow() throws Exception {
        for (int i = 0; i < 12; i++) {
            mailet.service(request(KAuth.generate()));
        }
        clock.advance(Duration.ofHours(1));

        FakeMail later = request(KAuth.generate());
        mailet.service(later);

        assertThat(later.getState()).isNull();
    }

    @Test
    void limitsShouldBeParameters() throws Exception {
        mailet.init(FakeMailetConfig.builder().mailetName("LimitAnswerRate").mailetContext(context)
            .setProperty("perSender", "1").build());
        mailet.service(request(KAuth.generate()));

        FakeMail second = request(KAuth.generate());
        mailet.service(second);

        assertThat(second.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).hasSize(1);
    }

    @Test
    void aBadLimitShouldFailTheStartNamingIt() {
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("LimitAnswerRate")
                .setProperty("perClientIp", "0").build()))
            .hasMessageContaining("perClientIp");
    }

    @Test
    void elevenForgedAnonymousMailsInTheUsersNameShouldNotSilenceItsOwnPublications() throws Exception {
        for (int i = 0; i < 11; i++) {
            mailet.service(anonymous("alice@example.net", requests.retrieval("carol@example.net", KAuth.generate())).build());
        }
        context.resetSentMails();

        FakeMail own = authenticated("alice@example.net", "alice@example.net", requests.deletion(KAuth.generate())).build();
        mailet.service(own);

        assertThat(own.getState()).isNull();
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void aHundredForgedSendersOfTheDomainShouldNotSilenceAUsersOwnPublications() throws Exception {
        for (int i = 0; i < 101; i++) {
            mailet.service(anonymous("user" + i + "@example.net", requests.retrieval("carol@example.net", KAuth.generate()))
                .remoteAddr("192.0.2." + (i % 200 + 1)).build());
        }

        FakeMail own = authenticated("alice@example.net", "alice@example.net", requests.deletion(KAuth.generate()))
            .remoteAddr("198.51.100.9").build();
        mailet.service(own);

        assertThat(own.getState()).isNull();
    }

    @Test
    void authenticatedMailShouldBeCountedPerAccountAndItsRateLimitedAnswerGoToTheAccount() throws Exception {
        for (int i = 0; i < 10; i++) {
            FakeMail mail = authenticated("alice@example.net", "sender" + i + "@acme.test",
                requests.deletion(KAuth.generate())).build();
            mailet.service(mail);
            assertThat(mail.getState()).isNull();
        }
        KAuth eleventh = KAuth.generate();
        FakeMail over = authenticated("alice@example.net", "someone@acme.test", requests.deletion(eleventh)).build();

        mailet.service(over);

        assertThat(over.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail answer = context.getSentMails().get(0);
        assertThat(answer.getRecipients()).containsExactly(new MailAddress("alice@example.net"));
        KeyAnswer parsed = new AnswerParser().parse(bodyOf(answer));
        assertThat(((KeyAnswer.Error) parsed).code()).contains(ErrorCode.RATE_LIMITED);
        assertThat(((KeyAnswer.Error) parsed).verifies(eleventh)).isTrue();
    }

    @Test
    void authenticatedMailShouldNotUseUpTheEnvelopeSendersLimit() throws Exception {
        for (int i = 0; i < 10; i++) {
            mailet.service(authenticated("mallory@example.net", "bob@acme.test", requests.deletion(KAuth.generate())).build());
        }

        FakeMail bobsOwn = request(KAuth.generate());
        mailet.service(bobsOwn);

        assertThat(bobsOwn.getState()).isNull();
    }

    @Test
    void aClientOverItsShareOfTheCountersShouldBeDroppedAndCountedWhileAnotherClientIsAnswered() throws Exception {
        mailet.init(FakeMailetConfig.builder().mailetName("LimitAnswerRate").mailetContext(context)
            .setProperty("maxTrackedKeysPerClient", "5").build());
        for (int i = 0; i < 50; i++) {
            mailet.service(anonymous("x" + i + "@r" + i + ".test", requests.retrieval("alice@example.net",
                KAuth.generate())).remoteAddr("192.0.2.66").build());
        }
        assertThat(metrics.countFor(DropReason.RATE_TABLE_CLIENT_SHARE.metricName())).isEqualTo(48);

        FakeMail other = anonymous("carol@other.test", requests.retrieval("alice@example.net", KAuth.generate()))
            .remoteAddr("198.51.100.1").build();
        mailet.service(other);

        assertThat(other.getState()).isNull();
    }

    @Test
    void aBadClientShareShouldFailTheStartNamingIt() {
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("LimitAnswerRate")
                .setProperty("maxTrackedKeysPerClient", "2").build()))
            .hasMessageContaining("maxTrackedKeysPerClient");
    }
}
