package org.mailkeys.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
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
import org.mailkeys.protocol.WksEncryption;
import org.mailkeys.store.ChangeOrigin;
import org.mailkeys.store.NodeName;
import org.mailkeys.store.ScriptedKeyStore;
import org.mailkeys.store.wks.MemoryWebKeyServiceStore;
import org.mailkeys.store.wks.PendingSubmission;
import org.mailkeys.testing.KeyFixtures;

/**
 * The Web Key Service mailet on its own (the end-to-end test with gpg-wks-client is WebKeyServiceTest in
 * james-distribution): what needs a clock, and the decisions that need no GnuPG.
 */
class WebKeyServiceMailetTest {
    private static final String ALICE = "alice@example.net";
    private static final String SUBMISSION_ADDRESS = "keys@example.net";
    private static final String ALICE_ARMORED = KeyFixtures.text(KeyFixtures.ALICE);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
    private ScriptedKeyStore keyStore;
    private MemoryWebKeyServiceStore state;
    private SubmissionKeys submissionKeys;
    private FakeMailContext context;
    private RecordingMetricFactory metrics;
    private WebKeyService mailet;

    @BeforeEach
    void setUp() throws Exception {
        keyStore = new ScriptedKeyStore();
        state = new MemoryWebKeyServiceStore();
        FakeDomainList domains = new FakeDomainList("example.net");
        ServiceAddresses serviceAddresses = new ServiceAddresses(domains, "keys");
        submissionKeys = new SubmissionKeys(state, keyStore, serviceAddresses, new NodeName("node-test"), clock);
        context = FakeMailContext.defaultContext();
        metrics = new RecordingMetricFactory();
        mailet = new WebKeyService(keyStore, state, submissionKeys, serviceAddresses, domains,
            RequestLimits.DEFAULT, metrics, new NodeName("node-test"), clock);
        mailet.init(FakeMailetConfig.builder().mailetName("WebKeyService").mailetContext(context).build());
    }

    private FakeMail mail(String authUser, MimeMessage message) throws Exception {
        FakeMail.Builder builder = FakeMail.builder().name("wks-" + System.nanoTime())
            .sender(authUser == null ? ALICE : authUser).recipient(SUBMISSION_ADDRESS).mimeMessage(message);
        if (authUser != null) {
            builder.attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of(authUser)));
        }
        return builder.build();
    }

    private FakeMail submission(String authUser) throws Exception {
        String raw = "From: " + ALICE + "\r\nTo: " + SUBMISSION_ADDRESS + "\r\nWks-Draft-Version: 3\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: application/pgp-keys\r\n\r\n"
            + ALICE_ARMORED.replace("\r\n", "\n").replace("\n", "\r\n");
        return mail(authUser, new MimeMessage(null, new java.io.ByteArrayInputStream(
            raw.getBytes(StandardCharsets.US_ASCII))));
    }

    private FakeMail response(String authUser, String address, String nonce) throws Exception {
        String text = "Content-Type: application/vnd.gnupg.wks\r\n\r\ntype: confirmation-response\n"
            + "sender: " + SUBMISSION_ADDRESS + "\naddress: " + address + "\nnonce: " + nonce + "\n";
        String encrypted = new WksEncryption(new SecureRandom()).encrypt(text.getBytes(StandardCharsets.UTF_8),
            submissionKeys.of("example.net").publicKey());
        String raw = "From: " + address + "\r\nTo: " + SUBMISSION_ADDRESS + "\r\nWks-Draft-Version: 3\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n\r\n"
            + "--b\r\nContent-Type: application/octet-stream\r\n\r\n" + encrypted + "\r\n--b--\r\n";
        return mail(authUser, new MimeMessage(null, new java.io.ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))));
    }

    private String pendingNonce() {
        PendingSubmission pending = state.pending(ALICE).blockFirst();
        assertThat(pending).isNotNull();
        return pending.nonce();
    }

    @Test
    void aConfirmedSubmissionShouldBePublishedWithTheActorWks() throws Exception {
        mailet.service(submission(ALICE));
        assertThat(context.getSentMails()).hasSize(1);
        assertThat(context.getSentMails().get(0).getRecipients()).containsExactly(new MailAddress(ALICE));

        mailet.service(response(ALICE, ALICE, pendingNonce()));

        assertThat(keyStore.find(ALICE).block()).isNotNull();
        assertThat(keyStore.origins()).last().satisfies(origin -> {
            assertThat(origin.actorKind()).isEqualTo(ChangeOrigin.ActorKind.WKS);
            assertThat(origin.actor()).isEqualTo(ALICE);
        });
        assertThat(context.getSentMails()).hasSize(2);
        assertThat(state.pending(ALICE).collectList().block()).isEmpty();
    }

    @Test
    void aResponseAfterThePendingDaysShouldPublishNothing() throws Exception {
        mailet.service(submission(ALICE));
        String nonce = pendingNonce();
        clock.advance(Duration.ofDays(3).plusSeconds(1));

        mailet.service(response(ALICE, ALICE, nonce));

        assertThat(keyStore.find(ALICE).blockOptional()).isEmpty();
        assertThat(metrics.countFor(WebKeyService.METRIC_PREFIX + "refused.expired")).isEqualTo(1);
        assertThat(context.getSentMails()).hasSize(1); // the confirmation request only
    }

    @Test
    void theBoundOfPendingSubmissionsPerAccountShouldHold() throws Exception {
        for (int i = 0; i < WebKeyService.DEFAULT_PENDING_PER_ACCOUNT + 2; i++) {
            mailet.service(submission(ALICE));
        }
        assertThat(state.pending(ALICE).collectList().block()).hasSize(WebKeyService.DEFAULT_PENDING_PER_ACCOUNT);
        assertThat(metrics.countFor(WebKeyService.METRIC_PREFIX + "refused.pending-limit")).isEqualTo(2);
        assertThat(context.getSentMails()).hasSize(WebKeyService.DEFAULT_PENDING_PER_ACCOUNT);
    }

    @Test
    void anAnonymousSubmissionShouldMailNoOne() throws Exception {
        FakeMail anonymous = submission(null);
        mailet.service(anonymous);
        assertThat(context.getSentMails()).isEmpty();
        assertThat(anonymous.getState()).isEqualTo(Mail.GHOST);
        assertThat(state.pending(ALICE).collectList().block()).isEmpty();
    }

    @Test
    void theSubmissionKeyShouldBePublishedUnderTheSubmissionAddress() throws Exception {
        String fingerprint = submissionKeys.of("example.net").fingerprint();
        assertThat(keyStore.find(SUBMISSION_ADDRESS).block().fingerprint()).isEqualTo(fingerprint);
        assertThat(submissionKeys.of("EXAMPLE.NET").fingerprint()).isEqualTo(fingerprint);
    }
}
