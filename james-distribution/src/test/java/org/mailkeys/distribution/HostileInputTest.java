package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mailkeys.distribution.testjames.TestJames.DOMAIN;
import static org.mailkeys.distribution.testjames.TestJames.REQUESTER_DOMAIN;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailkeys.distribution.KeyServiceClient.SentRequest;
import org.mailkeys.protocol.ErrorCode;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.RequestWriter;
import org.mailkeys.testing.GnuPG;
import org.mailkeys.testing.KeyFixtures;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.SmtpSession;
import org.mailkeys.testing.ReceivedMail;
import org.mailkeys.testing.TestMessages;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * Hostile and malformed input over the real listeners: each is answered as docs/PROTOCOL.md section 4 says, or dropped
 * as section 5 says, and nothing is stored. "Nothing stored" is checked the way anyone can: a retrieval request for
 * the address is answered NOT-FOUND.
 */
class HostileInputTest {
    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests().withMailetParameter("perSender", "1000");
    private static final ListenerPorts PORTS = RUNTIME.ports();
    private static final KeyServiceClient CLIENT = new KeyServiceClient(PORTS);
    private static final String SERVICE = "keys@" + DOMAIN;
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String FRANK = "frank@" + DOMAIN;
    private static final String GRACE = "grace@" + DOMAIN;
    private static final String IVAN = "ivan@" + DOMAIN;
    private static final String BOB = "bob@" + REQUESTER_DOMAIN;
    private static final String MALLORY = "mallory@" + REQUESTER_DOMAIN;
    private static final String TRENT = "trent@" + REQUESTER_DOMAIN;

    @RegisterExtension
    static JamesServerExtension james = TestJames.perClass(RUNTIME);

    @TempDir
    static Path gnupgHomes;
    private static GnuPG userTool;
    private static GuiceJamesServer server;

    @BeforeAll
    static void setUp(GuiceJamesServer james) throws Exception {
        server = james;
        TestJames.addDomainsAndUsers(james, ALICE, FRANK, GRACE, IVAN, BOB, MALLORY, TRENT);
        userTool = new GnuPG(gnupgHomes.resolve("users"));
    }

    @AfterAll
    static void stopAgent() throws Exception {
        userTool.close();
    }

    @Test
    void forgedAuthenticatedSenderHeaderShouldNotMakeAPublication() throws Exception {
        KAuth kAuth = KAuth.generate();
        TestMessages forged = TestMessages.message(ALICE, SERVICE, "Key publication")
            .withLeadingHeader("Received", "from mua.example.net (mua.example.net [192.0.2.7]) "
                + "(Authenticated sender: " + ALICE + ") by mail.example.net with ESMTPSA; "
                + "Sat, 28 Nov 2026 12:00:00 +0000")
            .withBody(KeyFixtures.text("alice.asc").stripTrailing() + "\n" + kAuth.toBase64() + "\n");

        CLIENT.sendAnonymously(MALLORY, SERVICE, forged);

        KeyAnswer answer = Mailbox.imaps(PORTS.imaps, MALLORY).awaitReplyTo(forged.messageId()).answer();
        assertError(answer, ErrorCode.MALFORMED, kAuth);
        assertNothingStoredFor(ALICE);
        assertThat(Mailbox.imaps(PORTS.imaps, ALICE).currentReplyTo(forged.messageId())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice-secret.asc", "alice-secret-in-public-armor.asc"})
    void secretKeyShouldBeRefusedAndNeverEchoedNorLogged(String fixture) throws Exception {
        String secret = KeyFixtures.text(fixture);
        try (LogCapture logs = new LogCapture()) {
            SentRequest publication = CLIENT.publish(ALICE, secret);

            ReceivedMail answerMail = Mailbox.imaps(PORTS.imaps, ALICE).awaitReplyTo(publication.messageId);
            assertError(answerMail.answer(), ErrorCode.SECRET_KEY, publication.kAuth);
            assertThat(answerMail.rawText()).doesNotContain(base64LinesOf(secret));
            assertThat(logs.text())
                .doesNotContain(base64LinesOf(secret))
                .doesNotContain(publication.kAuth.toBase64());
        }
        assertNothingStoredFor(ALICE);
    }

    @Test
    void keyWithoutTheAccountsAddressShouldBeRefused() throws Exception {
        SentRequest publication = CLIENT.publish(ALICE, KeyFixtures.text("alice-other-address.asc"));

        KeyAnswer answer = Mailbox.imaps(PORTS.imaps, ALICE).awaitReplyTo(publication.messageId).answer();

        assertError(answer, ErrorCode.ADDRESS_MISMATCH, publication.kAuth);
        assertNothingStoredFor(ALICE);
    }

    @Test
    void twoKeysInOneBlockShouldBeRefused() throws Exception {
        SentRequest publication = CLIENT.publish(ALICE, KeyFixtures.text("two-keys.asc"));

        KeyAnswer answer = Mailbox.imaps(PORTS.imaps, ALICE).awaitReplyTo(publication.messageId).answer();

        assertError(answer, ErrorCode.BAD_KEY, publication.kAuth);
        assertNothingStoredFor(ALICE);
    }

    @Test
    void twoKeyBlocksShouldBeRefused() throws Exception {
        String first = userTool.exportArmored(userTool.generateEd25519("Grace <" + GRACE + ">"));
        String second = userTool.exportArmored(userTool.generateEd25519("Grace at home <" + GRACE + ">"));

        SentRequest publication = CLIENT.publish(GRACE, first.stripTrailing() + "\n" + second);
        KeyAnswer answer = Mailbox.imaps(PORTS.imaps, GRACE).awaitReplyTo(publication.messageId).answer();

        assertError(answer, ErrorCode.MALFORMED, publication.kAuth);
        assertNothingStoredFor(GRACE);
    }

    @Test
    void publicationOverTheDefaultSizeLimitShouldBeRefusedAsTooLarge() throws Exception {
        String oversized = KeyFixtures.text("alice-2000-certifications.asc");
        assertThat(oversized.length()).isGreaterThan(64 * 1024);

        SentRequest publication = CLIENT.publish(ALICE, oversized);
        KeyAnswer answer = Mailbox.imaps(PORTS.imaps, ALICE).awaitReplyTo(publication.messageId).answer();

        // the request ends in a well-formed K_auth line: docs/PROTOCOL.md 4.1 requires the MAC
        assertError(answer, ErrorCode.TOO_LARGE, publication.kAuth);
        assertNothingStoredFor(ALICE);
    }

    @Test
    void brokenBase64InTheArmorShouldBeRefused() throws Exception {
        String armored = userTool.exportArmored(userTool.generateEd25519("Frank <" + FRANK + ">"));
        String broken = armored.replaceFirst("\n\n(.)", "\n\n!");
        assertThat(broken).isNotEqualTo(armored);

        SentRequest publication = CLIENT.publish(FRANK, broken);
        KeyAnswer answer = Mailbox.imaps(PORTS.imaps, FRANK).awaitReplyTo(publication.messageId).answer();

        assertError(answer, ErrorCode.MALFORMED, publication.kAuth);
        assertNothingStoredFor(FRANK);
    }

    @ParameterizedTest
    @ValueSource(ints = {31, 33})
    void kAuthOfTheWrongLengthShouldBeRefusedWithoutMac(int length) throws Exception {
        String armored = userTool.exportArmored(userTool.generateEd25519("Ivan " + length + " <" + IVAN + ">"));
        byte[] wrong = new byte[length];
        new SecureRandom().nextBytes(wrong);

        SentRequest publication = CLIENT.submit(IVAN, armored.stripTrailing() + "\n" + Base64.getEncoder().encodeToString(wrong) + "\n",
            null, "Key publication");
        KeyAnswer answer = Mailbox.imaps(PORTS.imaps, IVAN).awaitReplyTo(publication.messageId).answer();

        assertThat(answer).isInstanceOf(KeyAnswer.Error.class);
        assertThat(((KeyAnswer.Error) answer).code()).hasValue(ErrorCode.MALFORMED);
        assertThat(answer.mac()).isEmpty();
        assertNothingStoredFor(IVAN);
    }

    @Test
    void autoSubmittedRequestShouldBeDroppedWithoutAnswer() throws Exception {
        TestMessages request = retrievalFrom(TRENT).withHeader("Auto-Submitted", "auto-generated");

        assertDroppedWithoutAnswer("auto-submitted", TRENT, TRENT, request);
    }

    @Test
    void mailingListRequestShouldBeDroppedWithoutAnswer() throws Exception {
        TestMessages request = retrievalFrom(TRENT).withHeader("List-Id", "<keys.lists.acme.test>");

        assertDroppedWithoutAnswer("mailing-list", TRENT, TRENT, request);
    }

    @Test
    void requestFromTheNullSenderShouldBeDroppedWithoutAnswer() throws Exception {
        assertDroppedWithoutAnswer("null-sender", "", TRENT, retrievalFrom(TRENT));
    }

    @Test
    void requestFromTheServiceAddressItselfShouldBeDroppedWithoutAnswer() throws Exception {
        assertDroppedWithoutAnswer("service-sender", SERVICE, TRENT, retrievalFrom(TRENT));
    }

    /**
     * Over the retrieval limit and for keys@ alone: refused at the end of DATA (docs/PROTOCOL.md 5), never queued nor
     * answered. (The same mail with another recipient reaches the KST, which drops it: see
     * KeyServiceHardeningTest.dataWithoutSizeToKeysShouldBeCutWhileItStreamsAndAnswered552.)
     */
    @Test
    void retrievalRequestOverFourKibibytesShouldBeRefusedWithoutAnswer() throws Exception {
        KAuth kAuth = KAuth.generate();
        String padding = String.join("\n", java.util.Collections.nCopies(80, "x".repeat(70)));
        TestMessages request = TestMessages.message(TRENT, SERVICE, "Key request")
            .withHeader("X-Padding", padding.replace("\n", "\r\n "))
            .withBody(new RequestWriter().retrieval(ALICE, kAuth));

        try (SmtpSession mx = SmtpSession.startTls(PORTS.smtpMx)) {
            assertThat(mx.dataReply(TRENT, SERVICE, request.raw())).as(mx.lastReply()).isEqualTo(552);
        }
        SentRequest marker = CLIENT.requestKey(TRENT, "nobody@" + DOMAIN);
        Mailbox.imaps(PORTS.imaps, TRENT).awaitReplyTo(marker.messageId);
        assertThat(Mailbox.imaps(PORTS.imaps, TRENT).currentReplyTo(request.messageId())).isEmpty();
    }

    private static TestMessages retrievalFrom(String from) {
        return TestMessages.message(from, SERVICE, "Key request")
            .withBody(new RequestWriter().retrieval(ALICE, KAuth.generate()));
    }

    /**
     * The drop counter moves, and no answer reaches the mailbox an answer would go to: checked after a later, normal
     * request from that mailbox has been answered, so that a wrong answer would have had its time to arrive.
     */
    private static void assertDroppedWithoutAnswer(String dropReason, String envelopeSender, String mailbox, TestMessages request)
        throws Exception {
        MetricsProbe metrics = server.getProbe(MetricsProbe.class);
        String metric = "mailkeys.dropped." + dropReason;
        long before = metrics.count(metric);

        CLIENT.sendAnonymously(envelopeSender, SERVICE, request);

        await().atMost(Mailbox.ANSWER_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> metrics.count(metric) > before);
        SentRequest marker = CLIENT.requestKey(mailbox, "nobody@" + DOMAIN);
        Mailbox.imaps(PORTS.imaps, mailbox).awaitReplyTo(marker.messageId);
        assertThat(Mailbox.imaps(PORTS.imaps, mailbox).currentReplyTo(request.messageId())).isEmpty();
    }

    private static void assertError(KeyAnswer answer, ErrorCode code, KAuth kAuth) {
        assertThat(answer).isInstanceOf(KeyAnswer.Error.class);
        KeyAnswer.Error error = (KeyAnswer.Error) answer;
        assertThat(error.code()).as(error.statusLine()).hasValue(code);
        assertThat(error.verifies(kAuth)).as("MAC over " + error.statusLine()).isTrue();
    }

    private static void assertNothingStoredFor(String address) throws Exception {
        SentRequest retrieval = CLIENT.requestKey(BOB, address);
        KeyAnswer answer = Mailbox.imaps(PORTS.imaps, BOB).awaitReplyTo(retrieval.messageId).answer();
        assertThat(answer).isInstanceOf(KeyAnswer.NotFound.class);
        assertThat(((KeyAnswer.NotFound) answer).verifies(retrieval.kAuth)).isTrue();
    }

    /** The base64 lines of an armored block (not its armor lines), which must never be echoed or logged. */
    private static String[] base64LinesOf(String armored) {
        List<String> lines = Arrays.stream(armored.split("\r?\n"))
            .filter(line -> line.length() >= 20 && !line.startsWith("-----") && !line.contains(":"))
            .collect(Collectors.toList());
        assertThat(lines).isNotEmpty();
        return lines.toArray(new String[0]);
    }
}
