package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailkeys.distribution.testjames.TestJames.DOMAIN;
import static org.mailkeys.distribution.testjames.TestJames.PASSWORD;
import static org.mailkeys.distribution.testjames.TestJames.REQUESTER_DOMAIN;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.distribution.KeyServiceClient.SentRequest;
import org.mailkeys.protocol.AutocryptKey;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.testing.GnuPG;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.ReceivedMail;
import org.mailkeys.testing.SmtpSession;
import org.mailkeys.testing.TestMessages;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * Issue 8, Autocrypt end to end: a real James with the shipped mailetcontainer.xml, mail sent over submission with
 * TLS and AUTH, read over IMAPS by a local recipient, the header's key data imported by GnuPG.
 */
class AutocryptHeaderTest {
    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests();
    private static final ListenerPorts PORTS = RUNTIME.ports();
    private static final KeyServiceClient CLIENT = new KeyServiceClient(PORTS);
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String CAROL = "carol@" + DOMAIN;
    private static final String BOB = "bob@" + REQUESTER_DOMAIN;

    @RegisterExtension
    static JamesServerExtension james = TestJames.perClass(RUNTIME);

    @TempDir
    static Path gnupgHomes;
    private static GnuPG aliceGpg;
    private static String aliceFingerprint;
    private static String aliceArmored;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        TestJames.addDomainsAndUsers(server, ALICE, CAROL, BOB);
        aliceGpg = new GnuPG(gnupgHomes.resolve("alice"));
        aliceFingerprint = aliceGpg.generateEd25519("Alice <" + ALICE + ">");
        // more than the minimal key: a signing subkey and a second encryption subkey
        aliceGpg.addSubkey(aliceFingerprint, "ed25519", "sign");
        aliceGpg.addSubkey(aliceFingerprint, "cv25519", "encr");
        aliceArmored = aliceGpg.exportArmored(aliceFingerprint);
    }

    @AfterAll
    static void stopAgent() throws Exception {
        aliceGpg.close();
    }

    private static void publishAlicesKey() throws Exception {
        SentRequest publication = CLIENT.publish(ALICE, aliceArmored);
        KeyAnswer answer = Mailbox.imaps(PORTS.imaps, ALICE).awaitReplyTo(publication.messageId).answer();
        assertThat(answer).isInstanceOf(KeyAnswer.Confirmation.class);
    }

    /** Sends over submission as the account, and returns the mail as bob reads it. */
    private static ReceivedMail sendToBob(String account, TestMessages message) throws Exception {
        try (SmtpSession session = SmtpSession.startTls(PORTS.submission).authenticate(account, PASSWORD)) {
            session.send(account, BOB, message.raw());
        }
        return Mailbox.imaps(PORTS.imaps, BOB).awaitMessageWithSubject(subjectOf(message));
    }

    private static TestMessages mailFrom(String from) {
        return TestMessages.message(from, BOB, "Hello " + UUID.randomUUID()).withBody("Hello Bob");
    }

    private static String subjectOf(TestMessages message) {
        String raw = message.raw();
        int start = raw.indexOf("Subject: ") + "Subject: ".length();
        return raw.substring(start, raw.indexOf("\r\n", start));
    }

    @Test
    void aliceMailShouldCarryHerMinimalKeyWhichGnuPgImports() throws Exception {
        publishAlicesKey();

        ReceivedMail received = sendToBob(ALICE, mailFrom("Alice <" + ALICE + ">"));

        String header = received.header("Autocrypt").orElseThrow().replaceAll("\\s", "");
        assertThat(header).startsWith("addr=" + ALICE + ";keydata=");
        byte[] keyData = Base64.getDecoder().decode(header.substring(header.indexOf("keydata=") + "keydata=".length()));
        try (GnuPG bobGpg = new GnuPG(gnupgHomes.resolve("bob-" + UUID.randomUUID()))) {
            bobGpg.importBinary(keyData);
            List<String> records = bobGpg.colonListing().stream()
                .filter(line -> line.matches("^(pub|uid|sub|uat):.*"))
                .collect(Collectors.toList());
            assertThat(bobGpg.fingerprints()).containsExactly(aliceFingerprint);
            assertThat(records).hasSize(3);
            assertThat(records.get(0)).startsWith("pub:");
            assertThat(records.get(1)).startsWith("uid:").contains("Alice <" + ALICE + ">");
            // the newest encryption subkey, alone; the signing subkey and the older one are left out
            assertThat(records.get(2)).startsWith("sub:").matches("^sub:([^:]*:){10}e:.*");
        }
        // byte for byte the minimal form of the key a retrieval answer carries
        SentRequest retrieval = CLIENT.requestKey(BOB, ALICE);
        KeyAnswer served = Mailbox.imaps(PORTS.imaps, BOB).awaitReplyTo(retrieval.messageId).answer();
        assertThat(keyData).isEqualTo(AutocryptKey.minimal(((KeyAnswer.KeyFound) served).keyBytes(), ALICE,
            Instant.now()).orElseThrow());
    }

    @Test
    void aMailWithAForgedFromShouldBeLeftAsItIs() throws Exception {
        publishAlicesKey();

        ReceivedMail received = sendToBob(ALICE, mailFrom(CAROL));

        assertThat(received.header("Autocrypt")).isEmpty();
    }

    @Test
    void anAnonymousMailShouldBeLeftAsItIs() throws Exception {
        publishAlicesKey();
        TestMessages message = mailFrom(ALICE);

        CLIENT.sendAnonymously(ALICE, BOB, message);

        ReceivedMail received = Mailbox.imaps(PORTS.imaps, BOB).awaitMessageWithSubject(subjectOf(message));
        assertThat(received.header("Autocrypt")).isEmpty();
    }

    @Test
    void aMailWithItsOwnAutocryptHeaderShouldKeepOnlyThatOne() throws Exception {
        publishAlicesKey();
        String own = "addr=" + ALICE + "; prefer-encrypt=mutual; keydata=AAAA";

        ReceivedMail received = sendToBob(ALICE, mailFrom(ALICE).withHeader("Autocrypt", own));

        assertThat(received.rawText().split("(?im)^Autocrypt:", -1)).hasSize(2);
        assertThat(received.header("Autocrypt")).contains(own);
    }

    @Test
    void aDeletedKeyShouldStopTheHeaderAtOnce() throws Exception {
        publishAlicesKey();
        SentRequest deletion = CLIENT.delete(ALICE);
        assertThat(Mailbox.imaps(PORTS.imaps, ALICE).awaitReplyTo(deletion.messageId).answer())
            .isInstanceOf(KeyAnswer.Deleted.class);

        ReceivedMail received = sendToBob(ALICE, mailFrom(ALICE));

        assertThat(received.header("Autocrypt")).isEmpty();
    }
}
