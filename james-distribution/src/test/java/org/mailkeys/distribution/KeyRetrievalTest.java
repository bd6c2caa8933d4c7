package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailkeys.distribution.testjames.TestJames.DOMAIN;
import static org.mailkeys.distribution.testjames.TestJames.PASSWORD;
import static org.mailkeys.distribution.testjames.TestJames.REQUESTER_DOMAIN;

import java.nio.file.Path;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.distribution.KeyServiceClient.SentRequest;
import org.mailkeys.protocol.ErrorCode;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.protocol.RequestWriter;
import org.mailkeys.testing.GnuPG;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.ReceivedMail;
import org.mailkeys.testing.SmtpSession;
import org.mailkeys.testing.TestMessages;
import org.mailkeys.distribution.testjames.TestJames;

/** Retrieval (docs/PROTOCOL.md section 3) end to end: anonymous SMTP over the MX listener, answer read over IMAPS. */
class KeyRetrievalTest {
    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests();
    private static final ListenerPorts PORTS = RUNTIME.ports();
    private static final KeyServiceClient CLIENT = new KeyServiceClient(PORTS);
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String BOB = "bob@" + REQUESTER_DOMAIN;
    private static final String ALICE_USER_ID = "Alice Example <" + ALICE + ">";

    @RegisterExtension
    static JamesServerExtension james = TestJames.perClass(RUNTIME);

    @TempDir
    static Path gnupgHomes;
    private static String aliceFingerprint;

    @BeforeAll
    static void publishAlicesKey(GuiceJamesServer server) throws Exception {
        TestJames.addDomainsAndUsers(server, ALICE, BOB);
        try (GnuPG alicesTool = new GnuPG(gnupgHomes.resolve("alice"))) {
            aliceFingerprint = alicesTool.generateEd25519(ALICE_USER_ID);
            SentRequest publication = CLIENT.publish(ALICE, alicesTool.exportArmored(aliceFingerprint));
            assertThat(Mailbox.imaps(PORTS.imaps, ALICE).awaitReplyTo(publication.messageId).answer())
                .isInstanceOf(KeyAnswer.Confirmation.class);
        }
    }

    @Test
    void anonymousRetrievalShouldAnswerTheRequesterWithAKeyThatGnuPGImports() throws Exception {
        SentRequest request = CLIENT.requestKey(BOB, ALICE);

        ReceivedMail answerMail = Mailbox.imaps(PORTS.imaps, BOB).awaitReplyTo(request.messageId);
        KeyAnswer answer = answerMail.answer();

        assertThat(answer).isInstanceOf(KeyAnswer.KeyFound.class);
        KeyAnswer.KeyFound found = (KeyAnswer.KeyFound) answer;
        assertThat(found.verifies(request.kAuth)).isTrue();
        assertThat(answerMail.header("Auto-Submitted")).hasValue("auto-replied");
        assertThat(answerMail.header("References")).hasValueSatisfying(references -> assertThat(references).contains(request.messageId));
        try (GnuPG bobsTool = new GnuPG(gnupgHomes.resolve("bob"))) {
            bobsTool.importKey(PublicKeyArmor.armor(found.keyBytes()));
            assertThat(bobsTool.fingerprints()).containsExactly(aliceFingerprint);
            assertThat(bobsTool.userIds(aliceFingerprint)).containsExactly(ALICE_USER_ID);
        }
    }

    @Test
    void answerWithAnotherKAuthShouldNotVerify() throws Exception {
        SentRequest request = CLIENT.requestKey(BOB, ALICE);

        KeyAnswer answer = Mailbox.imaps(PORTS.imaps, BOB).awaitReplyTo(request.messageId).answer();

        assertThat(((KeyAnswer.KeyFound) answer).verifies(KAuth.generate())).isFalse();
    }

    @Test
    void unknownAddressShouldBeAnsweredNotFoundWithAVerifyingMac() throws Exception {
        SentRequest request = CLIENT.requestKey(BOB, "nobody@" + DOMAIN);

        KeyAnswer answer = Mailbox.imaps(PORTS.imaps, BOB).awaitReplyTo(request.messageId).answer();

        assertThat(answer).isInstanceOf(KeyAnswer.NotFound.class);
        assertThat(((KeyAnswer.NotFound) answer).address()).isEqualTo("nobody@" + DOMAIN);
        assertThat(((KeyAnswer.NotFound) answer).verifies(request.kAuth)).isTrue();
    }

    @Test
    void addressOfAnotherProviderShouldBeAnsweredNotLocal() throws Exception {
        KAuth kAuth = KAuth.generate();
        TestMessages message = TestMessages.message(BOB, "keys@" + DOMAIN, "Key request")
            .withBody(new RequestWriter().retrieval("someone@elsewhere.example", kAuth));
        CLIENT.sendAnonymously(BOB, "keys@" + DOMAIN, message);

        KeyAnswer answer = Mailbox.imaps(PORTS.imaps, BOB).awaitReplyTo(message.messageId()).answer();

        assertThat(answer).isInstanceOf(KeyAnswer.Error.class);
        assertThat(((KeyAnswer.Error) answer).code()).hasValue(ErrorCode.NOT_LOCAL);
        assertThat(((KeyAnswer.Error) answer).verifies(kAuth)).isTrue();
    }

    @Test
    void authenticatedUserAskingItsOwnProviderShouldGetTheKeyToo() throws Exception {
        KAuth kAuth = KAuth.generate();
        TestMessages message = TestMessages.message(BOB, "keys@" + DOMAIN, "Key request")
            .withBody(new RequestWriter().retrieval(ALICE, kAuth));
        try (SmtpSession session = SmtpSession.startTls(PORTS.submission).authenticate(BOB, PASSWORD)) {
            session.send(BOB, "keys@" + DOMAIN, message.raw());
        }

        KeyAnswer answer = Mailbox.imaps(PORTS.imaps, BOB).awaitReplyTo(message.messageId()).answer();

        assertThat(answer).isInstanceOf(KeyAnswer.KeyFound.class);
        assertThat(((KeyAnswer.KeyFound) answer).verifies(kAuth)).isTrue();
    }
}
