package org.mailkeys.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailkeys.mailets.TestRequests.anonymous;
import static org.mailkeys.mailets.TestRequests.authenticated;

import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailkeys.matchers.FakeDomainList;

class KeyServiceMailsTest {
    private RecordingMetricFactory metrics;
    private FakeDomainList domains;
    private KeyServiceMails requests;

    @BeforeEach
    void setUp() {
        metrics = new RecordingMetricFactory();
        domains = new FakeDomainList("example.net");
        requests = new KeyServiceMails(domains, RequestLimits.DEFAULT, new DropGate(metrics));
    }

    @Test
    void aNullSenderShouldBeDroppedAndGiveNoFacts() throws Exception {
        FakeMail mail = anonymous("bob@acme.test", "body").sender(MailAddress.nullSender()).build();

        assertThat(requests.of(mail)).isEmpty();
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(metrics.countFor(DropReason.NULL_SENDER.metricName())).isEqualTo(1);
    }

    @Test
    void anAnonymousRequestShouldBeAnsweredToItsEnvelopeSender() throws Exception {
        KeyServiceMail request = requests.of(anonymous("bob@acme.test", "body").build()).orElseThrow();

        assertThat(request.authenticated()).isFalse();
        assertThat(request.account()).isEmpty();
        assertThat(request.answerTo()).isEqualTo(new MailAddress("bob@acme.test"));
        assertThat(request.overRetrievalLimit()).isFalse();
        assertThat(request.retry()).isFalse();
    }

    @Test
    void anAuthenticatedRequestShouldBeAnsweredToItsAccountWithTheDefaultDomainForABareUserName() throws Exception {
        KeyServiceMail request = requests.of(authenticated("alice", "someone@acme.test", "body").build())
            .orElseThrow();

        assertThat(request.authenticated()).isTrue();
        assertThat(request.account()).contains(new MailAddress("alice@example.net"));
        assertThat(request.answerTo()).isEqualTo(new MailAddress("alice@example.net"));
        assertThat(request.sender()).isEqualTo(new MailAddress("someone@acme.test"));
    }

    @Test
    void theFactsShouldBeWorkedOutOnceAndReadByTheLaterMailets() throws Exception {
        FakeMail mail = authenticated("alice", "alice@example.net", "body").size(5000).build();
        requests.of(mail);
        domains.failFromNowOn(); // a second derivation of the account would fail

        KeyServiceMail read = new KeyServiceMails(domains, RequestLimits.of(100_000, 65_536), new DropGate(metrics))
            .of(mail).orElseThrow();

        assertThat(read.account()).contains(new MailAddress("alice@example.net"));
        assertThat(read.overRetrievalLimit()).as("the size class of the first mailet's limit").isTrue();
    }

    @Test
    void anSmtpAuthUserNameThatIsNoAddressShouldStayAuthenticatedWithoutAccount() throws Exception {
        FakeMail mail = authenticated("a@b@c", "bob@acme.test", "body").build();
        requests.of(mail);

        KeyServiceMail read = KeyServiceMail.recordedIn(mail).orElseThrow();

        assertThat(read.authenticated()).isTrue();
        assertThat(read.account()).isEmpty();
        assertThat(read.answerTo()).isEqualTo(new MailAddress("bob@acme.test"));
    }

    @Test
    void theRetryMarkShouldBeReadAtEachAttempt() throws Exception {
        FakeMail mail = anonymous("bob@acme.test", "body").build();
        requests.of(mail);
        mail.setAttribute(new Attribute(KeyServiceMail.RETRY, AttributeValue.of(true)));

        assertThat(requests.of(mail).map(KeyServiceMail::retry)).isEqualTo(Optional.of(true));
    }

    @Test
    void aMailOverTheRetrievalLimitShouldBeSoClassed() throws Exception {
        assertThat(requests.of(anonymous("bob@acme.test", "body").size(4097).build()).orElseThrow()
            .overRetrievalLimit()).isTrue();
        assertThat(requests.of(anonymous("bob@acme.test", "body").size(4096).build()).orElseThrow()
            .overRetrievalLimit()).isFalse();
    }
}
