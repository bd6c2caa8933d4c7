package org.mailkeys.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailkeys.mailets.TestRequests.anonymous;
import static org.mailkeys.mailets.TestRequests.authenticated;
import static org.mailkeys.mailets.TestRequests.bodyOf;

import java.time.Instant;

import javax.mail.internet.MimeMessage;

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
import org.mailkeys.testing.KeyFixtures;

class AnswerKeyRequestTest {
    private static final byte[] ALICE_KEY = KeyFixtures.keyBytes(KeyFixtures.ALICE);

    private final RequestWriter requests = new RequestWriter();
    private final AnswerParser answers = new AnswerParser();
    private final KAuth kAuth = KAuth.generate();
    private ScriptedKeyStore store;
    private FakeMailContext context;
    private RecordingMetricFactory metrics;
    private AnswerKeyRequest mailet;

    @BeforeEach
    void setUp() throws Exception {
        store = new ScriptedKeyStore();
        store.put(new StoredKey("alice@example.net", ALICE_KEY, "FPR", Instant.EPOCH, 1)).block();
        context = FakeMailContext.defaultContext();
        metrics = new RecordingMetricFactory();
        mailet = new AnswerKeyRequest(store, new FakeDomainList("example.net", "example.org"), metrics,
            RequestLimits.DEFAULT);
        mailet.init(FakeMailetConfig.builder().mailetName("AnswerKeyRequest").mailetContext(context).build());
    }

    private FakeMailContext.SentMail onlyAnswer() {
        assertThat(context.getSentMails()).hasSize(1);
        return context.getSentMails().get(0);
    }

    private KeyAnswer onlyAnswerParsed() throws Exception {
        return answers.parse(bodyOf(onlyAnswer()));
    }

    @Test
    void aStoredKeyShouldBeAnsweredWithAMacOverItsBytes() throws Exception {
        FakeMail request = anonymous("bob@acme.test", requests.retrieval("alice@example.net", kAuth)).build();

        mailet.service(request);

        KeyAnswer answer = onlyAnswerParsed();
        assertThat(answer).isInstanceOf(KeyAnswer.KeyFound.class);
        assertThat(((KeyAnswer.KeyFound) answer).keyBytes()).isEqualTo(ALICE_KEY);
        assertThat(((KeyAnswer.KeyFound) answer).verifies(kAuth)).isTrue();
        assertThat(request.getState()).isEqualTo(Mail.GHOST);
        assertThat(metrics.countFor(Answers.METRIC_PREFIX + "key-found")).isEqualTo(1);
    }

    @Test
    void theQueriedAddressShouldBeFoundWhateverItsCase() throws Exception {
        mailet.service(anonymous("bob@acme.test", requests.retrieval("Alice@Example.NET", kAuth)).build());

        assertThat(onlyAnswerParsed()).isInstanceOf(KeyAnswer.KeyFound.class);
    }

    @Test
    void anUnknownAddressShouldBeAnsweredNotFoundWithAMac() throws Exception {
        mailet.service(anonymous("bob@acme.test", requests.retrieval("carol@example.net", kAuth)).build());

        KeyAnswer answer = onlyAnswerParsed();
        assertThat(answer).isInstanceOf(KeyAnswer.NotFound.class);
        assertThat(((KeyAnswer.NotFound) answer).address()).isEqualTo("carol@example.net");
        assertThat(((KeyAnswer.NotFound) answer).verifies(kAuth)).isTrue();
    }

    @Test
    void anAddressOfAnotherProviderShouldBeAnsweredNotLocal() throws Exception {
        mailet.service(anonymous("bob@acme.test", requests.retrieval("carol@elsewhere.test", kAuth)).build());

        KeyAnswer answer = onlyAnswerParsed();
        assertThat(answer).isInstanceOf(KeyAnswer.Error.class);
        assertThat(((KeyAnswer.Error) answer).code()).contains(ErrorCode.NOT_LOCAL);
        assertThat(((KeyAnswer.Error) answer).verifies(kAuth)).isTrue();
    }

    @Test
    void aMalformedBodyWithAKAuthShouldBeAnsweredMalformedWithAMac() throws Exception {
        mailet.service(anonymous("bob@acme.test", "hello there\r\nplease send keys\r\n" + kAuth.toBase64() + "\r\n").build());

        KeyAnswer answer = onlyAnswerParsed();
        assertThat(answer).isInstanceOf(KeyAnswer.Error.class);
        assertThat(((KeyAnswer.Error) answer).code()).contains(ErrorCode.MALFORMED);
        assertThat(((KeyAnswer.Error) answer).verifies(kAuth)).isTrue();
    }

    @Test
    void aMalformedBodyWithoutKAuthShouldBeAnsweredMalformedWithoutMac() throws Exception {
        mailet.service(anonymous("bob@acme.test", "alice@example.net\r\nnot-a-kauth\r\n").build());

        KeyAnswer answer = onlyAnswerParsed();
        assertThat(answer).isInstanceOf(KeyAnswer.Error.class);
        assertThat(((KeyAnswer.Error) answer).code()).contains(ErrorCode.MALFORMED);
        assertThat(answer.mac()).isEmpty();
    }

    @Test
    void aPublicationWithoutSmtpAuthShouldNeverPublish() throws Exception {
        store = new ScriptedKeyStore();
        mailet = new AnswerKeyRequest(store, new FakeDomainList("example.net"), metrics, RequestLimits.DEFAULT);
        mailet.init(FakeMailetConfig.builder().mailetName("AnswerKeyRequest").mailetContext(context).build());

        mailet.service(anonymous("alice@example.net", requests.publication(ALICE_KEY, kAuth)).build());

        KeyAnswer answer = onlyAnswerParsed();
        assertThat(answer).isInstanceOf(KeyAnswer.Error.class);
        assertThat(((KeyAnswer.Error) answer).code()).contains(ErrorCode.MALFORMED);
        assertThat(store.find("alice@example.net").blockOptional()).isEmpty();
    }

    @Test
    void anAuthenticatedRetrievalShouldBeAnsweredLikeAnyOther() throws Exception {
        mailet.service(authenticated("alice@example.net", "alice@example.net",
            requests.retrieval("alice@example.net", kAuth)).build());

        assertThat(onlyAnswer().getRecipients()).containsExactly(new MailAddress("alice@example.net"));
        assertThat(onlyAnswerParsed()).isInstanceOf(KeyAnswer.KeyFound.class);
    }

    @Test
    void theAnswerShouldGoFromTheServiceAddressToTheEnvelopeSenderWithANullSender() throws Exception {
        FakeMail request = anonymous("bob@acme.test", requests.retrieval("alice@example.net", kAuth)).build();
        request.getMessage().setHeader("Message-ID", "<request-1@client.test>");
        request.getMessage().setFrom("Someone Else <other@acme.test>");

        mailet.service(request);

        FakeMailContext.SentMail answer = onlyAnswer();
        MimeMessage message = answer.getMsg();
        assertThat(TestRequests.isNullSender(answer.getSender())).isTrue();
        assertThat(answer.getRecipients()).containsExactly(new MailAddress("bob@acme.test"));
        assertThat(message.getHeader("From", null)).isEqualTo("keys@example.net");
        assertThat(message.getHeader("To", null)).isEqualTo("bob@acme.test");
        assertThat(message.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(message.getHeader("In-Reply-To", null)).isEqualTo("<request-1@client.test>");
        assertThat(message.getHeader("References", null)).isEqualTo("<request-1@client.test>");
        assertThat(message.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=us-ascii");
        assertThat(message.getHeader("Content-Transfer-Encoding", null)).isEqualTo("7bit");
    }

    @Test
    void theAnswerShouldComeFromTheServiceAddressTheRequestWasSentTo() throws Exception {
        FakeMail request = anonymous("bob@acme.test", requests.retrieval("alice@example.net", kAuth)).build();
        request.setRecipients(java.util.List.of(new MailAddress("keys@example.org")));

        mailet.service(request);

        assertThat(onlyAnswer().getMsg().getHeader("From", null)).isEqualTo("keys@example.org");
    }

    @Test
    void theAnswerShouldNotEchoTheRequestText() throws Exception {
        FakeMail request = anonymous("bob@acme.test", requests.retrieval("alice@example.net", kAuth)).build();
        request.getMessage().setSubject("secret subject words");
        request.getMessage().saveChanges();

        mailet.service(request);

        String raw = new String(onlyAnswer().getMsg().getInputStream().readAllBytes());
        assertThat(raw).doesNotContain("secret subject words").doesNotContain(kAuth.toBase64());
    }

    @Test
    void aMessageIdThatCouldInjectHeadersShouldNotBeEchoed() throws Exception {
        FakeMail request = anonymous("bob@acme.test", requests.retrieval("alice@example.net", kAuth)).build();
        request.getMessage().setHeader("Message-ID", "<a@b> Bcc: victim@acme.test");

        mailet.service(request);

        assertThat(onlyAnswer().getMsg().getHeader("In-Reply-To")).isNull();
    }

    @Test
    void aFirstStoreFailureShouldAnswerUnavailableWithAMacAndThrowSoTheMailIsKept() throws Exception {
        store.failFromNowOn();
        FakeMail request = anonymous("bob@acme.test", requests.retrieval("alice@example.net", kAuth)).build();

        assertThatThrownBy(() -> mailet.service(request)).isInstanceOf(KeyStoreUnavailableException.class)
            .hasMessageNotContaining(kAuth.toBase64());

        KeyAnswer answer = onlyAnswerParsed();
        assertThat(answer).isInstanceOf(KeyAnswer.Error.class);
        KeyAnswer.Error error = (KeyAnswer.Error) answer;
        assertThat(error.code()).contains(ErrorCode.UNAVAILABLE);
        assertThat(error.statusLine()).isEqualTo("ERROR unavailable key store unavailable; the request is kept and will be answered later");
        assertThat(error.verifies(kAuth)).isTrue();
        assertThat(onlyAnswer().getRecipients()).containsExactly(new MailAddress("bob@acme.test"));
        assertThat(metrics.countFor(Answers.METRIC_PREFIX + "error.unavailable")).isEqualTo(1);
        assertThat(request.getState()).isNotEqualTo(Mail.GHOST);
    }

    @Test
    void aRetryWhileTheStoreStillFailsShouldThrowAndAnswerNothingMore() throws Exception {
        store.failFromNowOn();
        FakeMail request = anonymous("bob@acme.test", requests.retrieval("alice@example.net", kAuth)).build();
        assertThatThrownBy(() -> mailet.service(request)).isInstanceOf(KeyStoreUnavailableException.class);

        assertThatThrownBy(() -> mailet.service(request)).isInstanceOf(KeyStoreUnavailableException.class);

        assertThat(((KeyAnswer.Error) onlyAnswerParsed()).code()).contains(ErrorCode.UNAVAILABLE);
        assertThat(metrics.countFor(Answers.METRIC_PREFIX + "error.unavailable")).isEqualTo(1);
        assertThat(request.getState()).isNotEqualTo(Mail.GHOST);
    }

    @Test
    void aRetryOnceTheStoreWorksShouldSendTheKeyAfterTheUnavailableAnswer() throws Exception {
        store.failFromNowOn();
        FakeMail request = anonymous("bob@acme.test", requests.retrieval("alice@example.net", kAuth)).build();
        assertThatThrownBy(() -> mailet.service(request)).isInstanceOf(KeyStoreUnavailableException.class);
        store.workAgain();

        mailet.service(request);

        assertThat(context.getSentMails()).hasSize(2);
        KeyAnswer first = answers.parse(bodyOf(context.getSentMails().get(0)));
        KeyAnswer second = answers.parse(bodyOf(context.getSentMails().get(1)));
        assertThat(((KeyAnswer.Error) first).code()).contains(ErrorCode.UNAVAILABLE);
        assertThat(second).isInstanceOf(KeyAnswer.KeyFound.class);
        assertThat(((KeyAnswer.KeyFound) second).verifies(kAuth)).isTrue();
        assertThat(metrics.countFor(Answers.METRIC_PREFIX + "key-found")).isEqualTo(1);
        assertThat(request.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void aRetryOnceTheStoreWorksShouldAnswerNotFoundForAnUnknownAddress() throws Exception {
        store.failFromNowOn();
        FakeMail request = anonymous("bob@acme.test", requests.retrieval("carol@example.net", kAuth)).build();
        assertThatThrownBy(() -> mailet.service(request)).isInstanceOf(KeyStoreUnavailableException.class);
        store.workAgain();

        mailet.service(request);

        assertThat(context.getSentMails()).hasSize(2);
        KeyAnswer second = answers.parse(bodyOf(context.getSentMails().get(1)));
        assertThat(second).isInstanceOf(KeyAnswer.NotFound.class);
    }

    @Test
    void anUnknownParameterShouldFailTheStart() {
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("AnswerKeyRequest")
                .setProperty("storeTimeout", "5").build()))
            .hasMessageContaining("storeTimeout");
    }

    @Test
    void anAuthenticatedRetrievalRequestOverTheRetrievalLimitShouldBeDroppedUnanswered() throws Exception {
        FakeMail request = TestRequests.authenticated("mallory@example.net", "mallory@example.net",
            requests.retrieval("alice@example.net", kAuth)).size(4097).build();

        mailet.service(request);

        assertThat(context.getSentMails()).isEmpty();
        assertThat(request.getState()).isEqualTo(Mail.GHOST);
        assertThat(metrics.countFor(DropReason.OVERSIZED_RETRIEVAL.metricName())).isEqualTo(1);
    }

    @Test
    void anAuthenticatedRetrievalRequestWithinTheLimitShouldBeAnswered() throws Exception {
        mailet.service(TestRequests.authenticated("mallory@example.net", "mallory@example.net",
            requests.retrieval("alice@example.net", kAuth)).size(4096).build());

        assertThat(onlyAnswerParsed()).isInstanceOf(KeyAnswer.KeyFound.class);
    }

    /** James takes {@code "a\\"@acme.test} as an envelope sender; javax.mail cannot write it in a header. */
    @Test
    void aRequesterAddressThatNoHeaderCanHoldShouldBeDroppedNotThrown() throws Exception {
        FakeMail request = anonymous("bob@acme.test", requests.retrieval("alice@example.net", kAuth))
            .sender(new MailAddress("\"a\\\\\"@acme.test")).build();

        mailet.service(request);

        assertThat(context.getSentMails()).isEmpty();
        assertThat(request.getState()).isEqualTo(Mail.GHOST);
        assertThat(metrics.countFor(DropReason.UNWRITABLE_ADDRESS.metricName())).isEqualTo(1);
    }
}
