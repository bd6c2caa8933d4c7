package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailkeys.distribution.testjames.TestJames.DOMAIN;
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
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.testing.GnuPG;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.ReceivedMail;
import org.mailkeys.distribution.testjames.TestJames;

/** Publication (docs/PROTOCOL.md section 2) end to end: submission with TLS and AUTH, confirmation read over IMAPS. */
class KeyPublicationTest {
    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests();
    private static final ListenerPorts PORTS = RUNTIME.ports();
    private static final KeyServiceClient CLIENT = new KeyServiceClient(PORTS);
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String CAROL = "carol@" + DOMAIN;
    private static final String DAVE = "dave@" + DOMAIN;
    private static final String ERIN = "erin@" + DOMAIN;
    private static final String BOB = "bob@" + REQUESTER_DOMAIN;

    @RegisterExtension
    static JamesServerExtension james = TestJames.perClass(RUNTIME);

    @TempDir
    static Path gnupgHomes;
    private static GnuPG userTool;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        TestJames.addDomainsAndUsers(server, ALICE, CAROL, DAVE, ERIN, BOB);
        userTool = new GnuPG(gnupgHomes.resolve("users"));
    }

    @AfterAll
    static void stopAgent() throws Exception {
        userTool.close();
    }

    @Test
    void publicationOverSubmissionShouldBeConfirmedWithAVerifyingMacAndThenServed() throws Exception {
        String fingerprint = userTool.generateEd25519("Alice <" + ALICE + ">");
        String armored = userTool.exportArmored(fingerprint);

        SentRequest publication = CLIENT.publish(ALICE, armored);
        ReceivedMail confirmation = Mailbox.imaps(PORTS.imaps, ALICE).awaitReplyTo(publication.messageId);

        KeyAnswer answer = confirmation.answer();
        assertThat(answer).isInstanceOf(KeyAnswer.Confirmation.class);
        assertThat(((KeyAnswer.Confirmation) answer).verifies(publication.kAuth, PublicKeyArmor.keyBytes(armored))).isTrue();
        assertThat(confirmation.header("From")).hasValueSatisfying(from -> assertThat(from).contains("keys@" + DOMAIN));
        assertThat(confirmation.header("Auto-Submitted")).hasValue("auto-replied");
        assertThat(confirmation.header("Return-Path")).hasValue("<>");

        SentRequest retrieval = CLIENT.requestKey(BOB, ALICE);
        KeyAnswer served = Mailbox.imaps(PORTS.imaps, BOB).awaitReplyTo(retrieval.messageId).answer();
        assertThat(served).isInstanceOf(KeyAnswer.KeyFound.class);
        assertThat(((KeyAnswer.KeyFound) served).verifies(retrieval.kAuth)).isTrue();
        assertThat(fingerprintsOf((KeyAnswer.KeyFound) served)).containsExactly(fingerprint);
    }

    @Test
    void publicationOverImplicitTlsShouldBeConfirmedForAnRsaKey() throws Exception {
        String fingerprint = userTool.generateRsa3072("Carol <" + CAROL + ">");
        String armored = userTool.exportArmored(fingerprint);

        SentRequest publication = CLIENT.publishOverImplicitTls(CAROL, armored);
        KeyAnswer answer = Mailbox.imaps(PORTS.imaps, CAROL).awaitReplyTo(publication.messageId).answer();

        assertThat(answer).isInstanceOf(KeyAnswer.Confirmation.class);
        assertThat(((KeyAnswer.Confirmation) answer).verifies(publication.kAuth, PublicKeyArmor.keyBytes(armored))).isTrue();
    }

    @Test
    void secondPublicationShouldReplaceTheFirst() throws Exception {
        String first = userTool.generateEd25519("Dave <" + DAVE + ">");
        String second = userTool.generateRsa3072("Dave (new key) <" + DAVE + ">");
        Mailbox dave = Mailbox.imaps(PORTS.imaps, DAVE);
        dave.awaitReplyTo(CLIENT.publish(DAVE, userTool.exportArmored(first)).messageId);
        dave.awaitReplyTo(CLIENT.publish(DAVE, userTool.exportArmored(second)).messageId);

        SentRequest retrieval = CLIENT.requestKey(BOB, DAVE);
        KeyAnswer served = Mailbox.imaps(PORTS.imaps, BOB).awaitReplyTo(retrieval.messageId).answer();

        assertThat(served).isInstanceOf(KeyAnswer.KeyFound.class);
        assertThat(fingerprintsOf((KeyAnswer.KeyFound) served)).containsExactly(second);
    }

    @Test
    void deletionShouldBeConfirmedAndThenTheKeyIsNotFound() throws Exception {
        String fingerprint = userTool.generateEd25519("Erin <" + ERIN + ">");
        Mailbox erin = Mailbox.imaps(PORTS.imaps, ERIN);
        erin.awaitReplyTo(CLIENT.publish(ERIN, userTool.exportArmored(fingerprint)).messageId);

        SentRequest deletion = CLIENT.delete(ERIN);
        KeyAnswer deleted = erin.awaitReplyTo(deletion.messageId).answer();
        assertThat(deleted).isInstanceOf(KeyAnswer.Deleted.class);
        assertThat(((KeyAnswer.Deleted) deleted).address()).isEqualTo(ERIN);
        assertThat(((KeyAnswer.Deleted) deleted).verifies(deletion.kAuth)).isTrue();

        SentRequest retrieval = CLIENT.requestKey(BOB, ERIN);
        KeyAnswer notFound = Mailbox.imaps(PORTS.imaps, BOB).awaitReplyTo(retrieval.messageId).answer();
        assertThat(notFound).isInstanceOf(KeyAnswer.NotFound.class);
        assertThat(((KeyAnswer.NotFound) notFound).verifies(retrieval.kAuth)).isTrue();
    }

    private static java.util.List<String> fingerprintsOf(KeyAnswer.KeyFound served) throws Exception {
        try (GnuPG reader = new GnuPG(java.nio.file.Files.createTempDirectory(gnupgHomes, "reader"))) {
            reader.importKey(PublicKeyArmor.armor(served.keyBytes()));
            return reader.fingerprints();
        }
    }
}
