package org.mailkeys.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailkeys.mailets.TestRequests.authenticated;
import static org.mailkeys.mailets.TestRequests.bodyOf;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailkeys.store.ScriptedKeyStore;
import org.mailkeys.matchers.FakeDomainList;
import org.mailkeys.protocol.AnswerParser;
import org.mailkeys.protocol.ErrorCode;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.RequestWriter;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.ChangeOrigin;
import org.mailkeys.store.NodeName;
import org.mailkeys.store.VersionRule;
import org.mailkeys.store.WriteTicket;
import org.mailkeys.testing.KeyFixtures;

class PublishKeyTest {
    private static final byte[] ALICE_KEY = KeyFixtures.keyBytes(KeyFixtures.ALICE);
    private static final byte[] MALLORY_KEY = KeyFixtures.keyBytes(KeyFixtures.ALICE_OTHER_ADDRESS);
    private static final String ALICE_SECRET_ARMORED = KeyFixtures.text(KeyFixtures.ALICE_SECRET);
    private static final byte[] ALICE_SECOND_KEY = KeyFixtures.keyBytes(KeyFixtures.ALICE_SECOND);

    private final RequestWriter requests = new RequestWriter();
    private final AnswerParser answers = new AnswerParser();
    private final KAuth kAuth = KAuth.generate();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    private ScriptedKeyStore store;
    private FakeMailContext context;
    private RecordingMetricFactory metrics;
    private PublishKey mailet;

    @BeforeEach
    void setUp() throws Exception {
        store = new ScriptedKeyStore();
        context = FakeMailContext.defaultContext();
        metrics = new RecordingMetricFactory();
        mailet = new PublishKey(store, new FakeDomainList("example.net", "example.org"), metrics, new NodeName("node-test"),
            RequestLimits.DEFAULT, clock);
        mailet.init(FakeMailetConfig.builder().mailetName("PublishKey").mailetContext(context).build());
    }

    private FakeMail publication(String body) throws Exception {
        return authenticated("alice@example.net", "alice@example.net", body).build();
    }

    private FakeMailContext.SentMail onlyAnswer() {
        assertThat(context.getSentMails()).hasSize(1);
        return context.getSentMails().get(0);
    }

    private KeyAnswer.Error onlyError() throws Exception {
        KeyAnswer answer = answers.parse(bodyOf(onlyAnswer()));
        assertThat(answer).isInstanceOf(KeyAnswer.Error.class);
        return (KeyAnswer.Error) answer;
    }

    @Test
    void aValidPublicationShouldBeStoredAndConfirmedWithAMacOverTheReceivedKey() throws Exception {
        FakeMail request = publication(requests.publication(ALICE_KEY, kAuth));

        mailet.service(request);

        KeyAnswer answer = answers.parse(bodyOf(onlyAnswer()));
        assertThat(answer).isInstanceOf(KeyAnswer.Confirmation.class);
        assertThat(((KeyAnswer.Confirmation) answer).verifies(kAuth, ALICE_KEY)).isTrue();
        assertThat(onlyAnswer().getRecipients()).containsExactly(new MailAddress("alice@example.net"));
        assertThat(TestRequests.isNullSender(onlyAnswer().getSender())).isTrue();
        StoredKey stored = store.find("alice@example.net").block();
        assertThat(stored).isNotNull();
        assertThat(stored.publishedAt()).isEqualTo(clock.instant());
        assertThat(stored.version() >>> VersionRule.NODE_BITS).isEqualTo(1795860000000000L);
        assertThat(request.getState()).isEqualTo(Mail.GHOST);
        assertThat(metrics.countFor(Answers.METRIC_PREFIX + "confirmation")).isEqualTo(1);
    }

    @Test
    void theHistoryShouldRecordTheSmtpAuthAccountAndThisNode() throws Exception {
        mailet.service(publication(requests.publication(ALICE_KEY, kAuth)));
        mailet.service(publication(requests.deletion(kAuth)));

        assertThat(store.origins()).hasSize(2).allSatisfy(origin -> {
            assertThat(origin.actorKind()).isEqualTo(ChangeOrigin.ActorKind.ACCOUNT);
            assertThat(origin.actor()).isEqualTo("alice@example.net");
            assertThat(origin.node()).isEqualTo("node-test");
            assertThat(origin.at()).isEqualTo(clock.instant());
        });
    }

    @Test
    void theAccountShouldBeTheSmtpAuthUserNotTheEnvelopeSender() throws Exception {
        FakeMail request = authenticated("mallory@example.net", "alice@example.net",
            requests.publication(ALICE_KEY, kAuth)).build();

        mailet.service(request);

        assertThat(onlyError().code()).contains(ErrorCode.ADDRESS_MISMATCH);
        assertThat(onlyAnswer().getRecipients()).containsExactly(new MailAddress("mallory@example.net"));
        assertThat(store.find("alice@example.net").blockOptional()).isEmpty();
    }

    @Test
    void aUserNameWithoutDomainShouldGetTheDefaultDomain() throws Exception {
        FakeMail request = authenticated("alice", "alice@example.net", requests.publication(ALICE_KEY, kAuth)).build();

        mailet.service(request);

        assertThat(answers.parse(bodyOf(onlyAnswer()))).isInstanceOf(KeyAnswer.Confirmation.class);
        assertThat(store.find("alice@example.net").blockOptional()).isPresent();
    }

    @Test
    void aKeyForAnotherAddressShouldBeAnsweredAddressMismatch() throws Exception {
        mailet.service(publication(requests.publication(MALLORY_KEY, kAuth)));

        KeyAnswer.Error error = onlyError();
        assertThat(error.code()).contains(ErrorCode.ADDRESS_MISMATCH);
        assertThat(error.verifies(kAuth)).isTrue();
        assertThat(store.find("alice@example.net").blockOptional()).isEmpty();
    }

    @Test
    void aSecretKeyShouldBeRefusedAndNeitherStoredNorEchoed() throws Exception {
        mailet.service(publication(ALICE_SECRET_ARMORED.trim() + "\r\n" + kAuth.toBase64() + "\r\n"));

        KeyAnswer.Error error = onlyError();
        assertThat(error.code()).contains(ErrorCode.SECRET_KEY);
        assertThat(error.verifies(kAuth)).isTrue();
        assertThat(store.find("alice@example.net").blockOptional()).isEmpty();
        assertThat(bodyOf(onlyAnswer())).doesNotContain("PRIVATE KEY");
    }

    @Test
    void aKeyWithABrokenSelfSignatureShouldBeAnsweredBadKey() throws Exception {
        // one letter of the only user ID changed: its self-signature no longer matches it
        byte[] broken = ALICE_KEY.clone();
        int userId = indexOf(broken, "Alice <alice@example.net>".getBytes(StandardCharsets.US_ASCII));
        assertThat(userId).isPositive();
        broken[userId] = 'B';

        mailet.service(publication(requests.publication(broken, kAuth)));

        KeyAnswer.Error error = onlyError();
        assertThat(error.code()).contains(ErrorCode.BAD_KEY);
        assertThat(error.verifies(kAuth)).isTrue();
    }

    @Test
    void aBodyOfTextAndKAuthShouldBeRefusedAsMalformedWithAMac() throws Exception {
        mailet.service(publication("here is my key\r\n" + kAuth.toBase64() + "\r\n"));

        KeyAnswer.Error error = onlyError();
        // docs/PROTOCOL.md 2.2: no-key only for a body that is the K_auth line alone
        assertThat(error.code()).contains(ErrorCode.MALFORMED);
        assertThat(error.verifies(kAuth)).isTrue();
    }

    @Test
    void aBodyOfTheKAuthLineAloneShouldBeRefusedAsNoKeyWithAMac() throws Exception {
        mailet.service(publication(kAuth.toBase64() + "\r\n"));

        KeyAnswer.Error error = onlyError();
        assertThat(error.code()).contains(ErrorCode.NO_KEY);
        assertThat(error.verifies(kAuth)).isTrue();
    }

    @Test
    void aPublicationOverTheSizeLimitShouldBeAnsweredTooLargeWithAMac() throws Exception {
        mailet = new PublishKey(store, new FakeDomainList("example.net"), metrics, new NodeName("node-test"),
            RequestLimits.of(4096, 1024), clock);
        mailet.init(FakeMailetConfig.builder().mailetName("PublishKey").mailetContext(context).build());
        byte[] padding = new byte[2000];
        new Random(1).nextBytes(padding);
        byte[] big = java.util.Arrays.copyOf(ALICE_KEY, ALICE_KEY.length + padding.length);
        System.arraycopy(padding, 0, big, ALICE_KEY.length, padding.length);

        mailet.service(publication(requests.publication(big, kAuth)));

        KeyAnswer.Error error = onlyError();
        assertThat(error.code()).contains(ErrorCode.TOO_LARGE);
        assertThat(error.verifies(kAuth)).isTrue();
    }

    @Test
    void aDeletionShouldRemoveTheKeyAndBeConfirmedWithAMac() throws Exception {
        mailet.service(publication(requests.publication(ALICE_KEY, kAuth)));
        context.resetSentMails();
        clock.advance(java.time.Duration.ofSeconds(1));

        mailet.service(publication(requests.deletion(kAuth)));

        KeyAnswer answer = answers.parse(bodyOf(onlyAnswer()));
        assertThat(answer).isInstanceOf(KeyAnswer.Deleted.class);
        assertThat(((KeyAnswer.Deleted) answer).address()).isEqualTo("alice@example.net");
        assertThat(((KeyAnswer.Deleted) answer).verifies(kAuth)).isTrue();
        assertThat(store.find("alice@example.net").blockOptional()).isEmpty();
    }

    @Test
    void anAuthenticatedRetrievalShouldBeAnsweredHereToTheEnvelopeSenderFromTheBodyParsedOnce() throws Exception {
        FakeMail request = authenticated("alice@example.net", "alice.other@example.org",
            requests.retrieval("carol@example.org", kAuth)).build();

        mailet.service(request);

        KeyAnswer answer = answers.parse(bodyOf(onlyAnswer()));
        assertThat(answer).isInstanceOf(KeyAnswer.NotFound.class);
        assertThat(((KeyAnswer.NotFound) answer).verifies(kAuth)).isTrue();
        assertThat(onlyAnswer().getRecipients()).containsExactly(new MailAddress("alice.other@example.org"));
        assertThat(request.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void anAuthenticatedRetrievalOverTheRetrievalLimitShouldBeDroppedUnanswered() throws Exception {
        FakeMail request = authenticated("alice@example.net", "alice@example.net",
            requests.retrieval("carol@example.org", kAuth)).size(4097).build();

        mailet.service(request);

        assertThat(context.getSentMails()).isEmpty();
        assertThat(request.getState()).isEqualTo(Mail.GHOST);
        assertThat(metrics.countFor(DropReason.OVERSIZED_RETRIEVAL.metricName())).isEqualTo(1);
    }

    @Test
    void aFirstStoreFailureShouldAnswerUnavailableWithAMacAndThrowSoTheMailIsKept() throws Exception {
        store.failFromNowOn();
        FakeMail request = publication(requests.publication(ALICE_KEY, kAuth));

        assertThatThrownBy(() -> mailet.service(request)).isInstanceOf(KeyStoreUnavailableException.class)
            .hasMessageNotContaining(kAuth.toBase64());

        KeyAnswer.Error error = onlyError();
        assertThat(error.code()).contains(ErrorCode.UNAVAILABLE);
        assertThat(error.statusLine()).isEqualTo("ERROR unavailable key store unavailable; the request is kept and will be answered later");
        assertThat(error.verifies(kAuth)).isTrue();
        assertThat(onlyAnswer().getRecipients()).containsExactly(new MailAddress("alice@example.net"));
        assertThat(metrics.countFor(Answers.METRIC_PREFIX + "error.unavailable")).isEqualTo(1);
        assertThat(request.getState()).isNotEqualTo(Mail.GHOST);
        assertThat(UnavailableAnswer.alreadyAnswered(request)).isTrue();
    }

    @Test
    void aRetryWhileTheStoreStillFailsShouldThrowAndAnswerNothingMore() throws Exception {
        store.failFromNowOn();
        FakeMail request = publication(requests.publication(ALICE_KEY, kAuth));
        assertThatThrownBy(() -> mailet.service(request)).isInstanceOf(KeyStoreUnavailableException.class);

        assertThatThrownBy(() -> mailet.service(request)).isInstanceOf(KeyStoreUnavailableException.class);

        assertThat(onlyError().code()).contains(ErrorCode.UNAVAILABLE);
        assertThat(metrics.countFor(Answers.METRIC_PREFIX + "error.unavailable")).isEqualTo(1);
        assertThat(request.getState()).isNotEqualTo(Mail.GHOST);
    }

    @Test
    void aRetryOnceTheStoreWorksShouldStoreAndConfirmAfterTheUnavailableAnswer() throws Exception {
        store.failFromNowOn();
        FakeMail request = publication(requests.publication(ALICE_KEY, kAuth));
        assertThatThrownBy(() -> mailet.service(request)).isInstanceOf(KeyStoreUnavailableException.class);
        store.workAgain();

        mailet.service(request);

        assertThat(context.getSentMails()).hasSize(2);
        KeyAnswer first = answers.parse(bodyOf(context.getSentMails().get(0)));
        KeyAnswer second = answers.parse(bodyOf(context.getSentMails().get(1)));
        assertThat(((KeyAnswer.Error) first).code()).contains(ErrorCode.UNAVAILABLE);
        assertThat(second).isInstanceOf(KeyAnswer.Confirmation.class);
        assertThat(((KeyAnswer.Confirmation) second).verifies(kAuth, ALICE_KEY)).isTrue();
        assertThat(store.find("alice@example.net").block()).isNotNull();
        assertThat(request.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void aStoreFailureOnDeletionShouldAnswerUnavailableOnceAndThrow() throws Exception {
        store.failFromNowOn();
        FakeMail request = publication(requests.deletion(kAuth));

        assertThatThrownBy(() -> mailet.service(request)).isInstanceOf(KeyStoreUnavailableException.class);
        assertThatThrownBy(() -> mailet.service(request)).isInstanceOf(KeyStoreUnavailableException.class);

        KeyAnswer.Error error = onlyError();
        assertThat(error.code()).contains(ErrorCode.UNAVAILABLE);
        assertThat(error.verifies(kAuth)).isTrue();
        assertThat(request.getState()).isNotEqualTo(Mail.GHOST);
    }

    @Test
    void anUnknownParameterShouldFailTheStartNamingIt() {
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("PublishKey")
                .setProperty("publicationLimit", "1024").build()))
            .hasMessageContaining("publicationLimit");
    }

    @Test
    void aRetriedOldPublicationShouldNotOverwriteTheNewerOneAndBeAnsweredSuperseded() throws Exception {
        FakeMail first = publication(requests.publication(ALICE_KEY, kAuth));
        store.failFromNowOn();
        assertThatThrownBy(() -> mailet.service(first)).isInstanceOf(KeyStoreUnavailableException.class);
        store.workAgain();
        clock.advance(Duration.ofMinutes(1));
        KAuth secondKAuth = KAuth.generate();
        mailet.service(publication(requests.publication(ALICE_SECOND_KEY, secondKAuth)));
        clock.advance(Duration.ofMinutes(5));

        mailet.service(first);

        assertThat(context.getSentMails()).hasSize(3);
        KeyAnswer retried = answers.parse(bodyOf(context.getSentMails().get(2)));
        assertThat(retried).isInstanceOf(KeyAnswer.Error.class);
        assertThat(((KeyAnswer.Error) retried).code()).contains(ErrorCode.SUPERSEDED);
        assertThat(((KeyAnswer.Error) retried).verifies(kAuth)).isTrue();
        assertThat(store.find("alice@example.net").block().keyBytes()).isEqualTo(ALICE_SECOND_KEY);
        assertThat(first.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void aRetriedPublicationOvertakenByADeleteShouldNotBringTheKeyBack() throws Exception {
        FakeMail first = publication(requests.publication(ALICE_KEY, kAuth));
        store.failFromNowOn();
        assertThatThrownBy(() -> mailet.service(first)).isInstanceOf(KeyStoreUnavailableException.class);
        store.workAgain();
        clock.advance(Duration.ofMinutes(1));
        mailet.service(publication(requests.deletion(KAuth.generate())));
        clock.advance(Duration.ofMinutes(5));

        mailet.service(first);

        KeyAnswer retried = answers.parse(bodyOf(context.getSentMails().get(2)));
        assertThat(((KeyAnswer.Error) retried).code()).contains(ErrorCode.SUPERSEDED);
        assertThat(store.find("alice@example.net").blockOptional()).isEmpty();
    }

    @Test
    void aRetriedDeleteOvertakenByAPublicationShouldNotDeleteNorAnswerDeleted() throws Exception {
        FakeMail deletion = publication(requests.deletion(kAuth));
        store.failFromNowOn();
        assertThatThrownBy(() -> mailet.service(deletion)).isInstanceOf(KeyStoreUnavailableException.class);
        store.workAgain();
        clock.advance(Duration.ofMinutes(1));
        mailet.service(publication(requests.publication(ALICE_SECOND_KEY, KAuth.generate())));
        clock.advance(Duration.ofMinutes(5));

        mailet.service(deletion);

        KeyAnswer retried = answers.parse(bodyOf(context.getSentMails().get(2)));
        assertThat(retried).isInstanceOf(KeyAnswer.Error.class);
        assertThat(((KeyAnswer.Error) retried).code()).contains(ErrorCode.SUPERSEDED);
        assertThat(((KeyAnswer.Error) retried).verifies(kAuth)).isTrue();
        assertThat(store.find("alice@example.net").block().keyBytes()).isEqualTo(ALICE_SECOND_KEY);
    }

    @Test
    void aPublicationShouldBeAppliedAfterAKeyWrittenByANodeWhoseClockRunsAhead() throws Exception {
        long anHourAhead = 1795860000000000L + Duration.ofHours(1).toNanos() / 1000;
        store.put(new StoredKey("alice@example.net", MALLORY_KEY, "AHEAD", clock.instant(), anHourAhead)).block();

        mailet.service(publication(requests.publication(ALICE_KEY, kAuth)));

        assertThat(answers.parse(bodyOf(onlyAnswer()))).isInstanceOf(KeyAnswer.Confirmation.class);
        StoredKey stored = store.find("alice@example.net").block();
        assertThat(stored.keyBytes()).isEqualTo(ALICE_KEY);
        assertThat(stored.version()).isGreaterThan(anHourAhead);
    }

    @Test
    void aDeleteShouldBeAppliedAfterADeletionWrittenByANodeWhoseClockRunsAhead() throws Exception {
        long anHourAhead = 1795860000000000L + Duration.ofHours(1).toNanos() / 1000;
        store.delete("alice@example.net", anHourAhead).block();
        mailet.service(publication(requests.publication(ALICE_KEY, KAuth.generate())));
        context.resetSentMails();

        mailet.service(publication(requests.deletion(kAuth)));

        assertThat(answers.parse(bodyOf(onlyAnswer()))).isInstanceOf(KeyAnswer.Deleted.class);
        assertThat(store.find("alice@example.net").blockOptional()).isEmpty();
    }

    @Test
    void aRetryOfAPublicationAlreadyAppliedShouldBeConfirmedNotSuperseded() throws Exception {
        FakeMail request = publication(requests.publication(ALICE_KEY, kAuth));
        mailet.service(request);

        mailet.service(request);

        assertThat(context.getSentMails()).hasSize(2);
        KeyAnswer again = answers.parse(bodyOf(context.getSentMails().get(1)));
        assertThat(again).isInstanceOf(KeyAnswer.Confirmation.class);
        assertThat(((KeyAnswer.Confirmation) again).verifies(kAuth, ALICE_KEY)).isTrue();
    }

    /** James takes {@code "a b"@example.net} as a user name; no DELETED status line can name it (docs/PROTOCOL.md 1.4). */
    @Test
    void aDeletionForAnAccountAddressNoStatusLineCanNameShouldBeRefusedBeforeAnythingIsDeleted() throws Exception {
        String odd = "\"a b\"@example.net";
        store.put(new StoredKey(odd, ALICE_KEY, "FPR", clock.instant(), 1)).block();
        FakeMail request = authenticated(odd, "alice@example.net", requests.deletion(kAuth)).build();

        mailet.service(request);

        assertThat(store.find(odd).blockOptional()).isPresent();
        assertThat(request.getState()).isEqualTo(Mail.GHOST);
        assertThat(onlyError().code()).contains(ErrorCode.ADDRESS_MISMATCH);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    // --- THREAT-MODEL.md: a write that was not applied is never confirmed; an operator's deletion holds ---

    private static final long AN_HOUR_AHEAD_OF_THE_CLOCK =
        (1795860000000000L + Duration.ofHours(1).toNanos() / 1000) << VersionRule.NODE_BITS;

    private PublishKey mailetOn(String node, java.time.Clock nodeClock) throws Exception {
        PublishKey other = new PublishKey(store, new FakeDomainList("example.net"), metrics, new NodeName(node),
            RequestLimits.DEFAULT, nodeClock);
        other.init(FakeMailetConfig.builder().mailetName("PublishKey").mailetContext(context).build());
        return other;
    }

    @Test
    void twoPublicationsOnNodesWhoseClocksAreBehindTheStoredVersionShouldNotBothBeConfirmed() throws Exception {
        store.put(new StoredKey("alice@example.net", MALLORY_KEY, "AHEAD", clock.instant(), AN_HOUR_AHEAD_OF_THE_CLOCK))
            .block();
        PublishKey otherNode = mailetOn("node-other", clock);
        FakeMail first = publication(requests.publication(ALICE_KEY, kAuth));
        FakeMail second = publication(requests.publication(ALICE_SECOND_KEY, KAuth.generate()));
        // both read the stored version and took theirs before either was written
        store.failWritesFromNowOn();
        assertThatThrownBy(() -> mailet.service(first)).isInstanceOf(KeyStoreUnavailableException.class);
        assertThatThrownBy(() -> otherNode.service(second)).isInstanceOf(KeyStoreUnavailableException.class);
        store.workAgain();
        context.resetSentMails();

        mailet.service(first);
        otherNode.service(second);

        assertThat(context.getSentMails()).hasSize(2);
        KeyAnswer lastAnswer = answers.parse(bodyOf(context.getSentMails().get(1)));
        if (lastAnswer instanceof KeyAnswer.Confirmation) {
            assertThat(store.find("alice@example.net").block().keyBytes())
                .as("the second publication was confirmed: the store must hold it").isEqualTo(ALICE_SECOND_KEY);
        } else {
            assertThat(((KeyAnswer.Error) lastAnswer).code()).contains(ErrorCode.SUPERSEDED);
            assertThat(store.find("alice@example.net").block().keyBytes()).isEqualTo(ALICE_KEY);
        }
    }

    @Test
    void aPublicationThatLostToAnotherWriteOfTheSameVersionShouldNotBeConfirmed() throws Exception {
        FakeMail request = publication(requests.publication(ALICE_KEY, kAuth));
        store.failWritesFromNowOn();
        assertThatThrownBy(() -> mailet.service(request)).isInstanceOf(KeyStoreUnavailableException.class);
        store.workAgain();
        long version = (Long) request.getAttribute(PublicationOrder.VERSION).orElseThrow().getValue().value();
        // another writer (an operator's deletion computed beside the rule, say) took the same version first
        store.delete("alice@example.net", version, ChangeOrigin.operator("admin", "court order", "node-2",
            clock.instant())).block();
        context.resetSentMails();

        mailet.service(request);

        assertThat(onlyError().code()).contains(ErrorCode.SUPERSEDED);
        assertThat(store.find("alice@example.net").blockOptional()).isEmpty();
    }

    @Test
    void aPublicationFromAClockAheadRetriedAfterAnOperatorDeletionShouldNotBringTheKeyBack() throws Exception {
        mailet.service(publication(requests.publication(ALICE_KEY, KAuth.generate())));
        MutableClock anHourAhead = new MutableClock(clock.instant().plus(Duration.ofHours(1)));
        PublishKey aheadNode = mailetOn("node-ahead", anHourAhead);
        FakeMail retried = publication(requests.publication(ALICE_SECOND_KEY, kAuth));
        store.failFromNowOn();
        assertThatThrownBy(() -> aheadNode.service(retried)).isInstanceOf(KeyStoreUnavailableException.class);
        store.workAgain();
        clock.advance(Duration.ofMinutes(10));
        // the operator's deletion, on a node whose clock is right, through the same rule as WebAdmin's
        long latest = store.latestVersion("alice@example.net").block();
        WriteTicket operatorTicket = new VersionRule(clock, new NodeName("node-admin")).next(latest);
        store.delete("alice@example.net", operatorTicket, ChangeOrigin.operator("admin", "account compromised",
            "node-admin", clock.instant())).block();
        context.resetSentMails();

        aheadNode.service(retried);

        assertThat(onlyError().code()).contains(ErrorCode.SUPERSEDED);
        assertThat(store.find("alice@example.net").blockOptional()).isEmpty();
    }

    @Test
    void aPublicationAcceptedAfterAnOperatorDeletionShouldBeApplied() throws Exception {
        mailet.service(publication(requests.publication(ALICE_KEY, KAuth.generate())));
        long latest = store.latestVersion("alice@example.net").block();
        store.delete("alice@example.net", new VersionRule(clock, new NodeName("node-admin")).next(latest),
            ChangeOrigin.operator("admin", "account compromised", "node-admin", clock.instant())).block();
        context.resetSentMails();

        mailet.service(publication(requests.publication(ALICE_SECOND_KEY, kAuth)));

        assertThat(answers.parse(bodyOf(onlyAnswer()))).isInstanceOf(KeyAnswer.Confirmation.class);
        assertThat(store.find("alice@example.net").block().keyBytes()).isEqualTo(ALICE_SECOND_KEY);
    }
}
