package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mailkeys.distribution.testjames.TestJames.DOMAIN;
import static org.mailkeys.distribution.testjames.TestJames.PASSWORD;
import static org.mailkeys.distribution.testjames.TestJames.REQUESTER_DOMAIN;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.distribution.KeyServiceClient.SentRequest;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.WksEncryption;
import org.mailkeys.store.WebKeyHash;
import org.mailkeys.testing.GnuPG;
import org.mailkeys.testing.GpgWksClient;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.ReceivedMail;
import org.mailkeys.testing.SmtpSession;
import org.mailkeys.testing.TestMessages;
import org.mailkeys.testing.WebAdmin;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * Issue 19, the Web Key Service end to end: GnuPG's own, unmodified {@code gpg-wks-client} publishes a key through a
 * real James (submission over SMTP AUTH, the confirmation request read over IMAPS and answered by
 * {@code gpg-wks-client --receive}, the response over SMTP AUTH), after which the Web Key Directory, retrieval and the
 * key history serve it; and every bad input publishes nothing and mails no one.
 */
class WebKeyServiceTest {
    private static final int WKD_PORT = freePort();
    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests().withMailKeysProperties(
        "store=file", "store.file.directory=var/mailkeys/keys",
        "wkd.enabled=true", "wkd.host=127.0.0.1", "wkd.port=" + WKD_PORT, "wkd.tls=false");
    private static final ListenerPorts PORTS = RUNTIME.ports();
    private static final KeyServiceClient CLIENT = new KeyServiceClient(PORTS);
    private static final String SUBMISSION_ADDRESS = "keys@" + DOMAIN;
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String CAROL = "carol@" + DOMAIN;
    private static final String DAVE = "dave@" + DOMAIN;
    private static final String ERIN = "erin@" + DOMAIN;
    private static final String FRANK = "frank@" + DOMAIN;
    private static final String GRACE = "grace@" + DOMAIN;
    private static final String HEIDI = "heidi@" + DOMAIN;
    private static final String BOB = "bob@" + REQUESTER_DOMAIN;
    private static final String CONFIRM_SUBJECT = "Confirm your key publication";
    private static final String DONE_SUBJECT = "Your key has been published";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static JamesServerExtension james = TestJames.perClass(RUNTIME);

    @TempDir
    static Path gnupgHomes;
    private static GuiceJamesServer server;
    private static byte[] submissionKey;

    @BeforeAll
    static void setUp(GuiceJamesServer jamesServer) throws Exception {
        Assumptions.assumeTrue(GpgWksClient.installed(), "gpg-wks-client is not installed");
        server = jamesServer;
        TestJames.addDomainsAndUsers(server, ALICE, CAROL, DAVE, ERIN, FRANK, GRACE, HEIDI, BOB);
        // the submission key, as a WKS client finds it: over the Web Key Directory, under the submission address
        submissionKey = wkd(SUBMISSION_ADDRESS).orElseThrow();
    }

    @Test
    void gpgWksClientShouldPublishAKeyThatTheDirectoryRetrievalAndHistoryThenServe() throws Exception {
        try (GnuPG alice = user("alice")) {
            String fingerprint = alice.generateEd25519("Alice <" + ALICE + ">");
            GpgWksClient client = new GpgWksClient(alice);

            sendAuthenticated(ALICE, client.createSubmission(SUBMISSION_ADDRESS, fingerprint, ALICE));
            ReceivedMail request = Mailbox.imaps(PORTS.imaps, ALICE).awaitMessageWithSubject(CONFIRM_SUBJECT);
            assertThat(request.header("Wks-Phase")).hasValue("confirm");
            assertThat(request.header("Wks-Draft-Version")).hasValue("3");
            assertThat(request.header("From")).hasValue(SUBMISSION_ADDRESS);
            assertThat(request.header("Return-Path")).hasValue("<>");
            assertThat(wkd(ALICE)).isEmpty(); // nothing is published before the confirmation

            GpgWksClient.Result response = client.receive(request.rawText());
            assertThat(response.output).as(response.errors).contains("Subject: Key publication confirmation");
            sendAuthenticated(ALICE, response.output);

            ReceivedMail done = Mailbox.imaps(PORTS.imaps, ALICE).awaitMessageWithSubject(DONE_SUBJECT);
            assertThat(done.header("Wks-Phase")).hasValue("done");
            assertThat(done.header("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("multipart/encrypted"));

            byte[] served = wkd(ALICE).orElseThrow();
            assertThat(fingerprintsOf(served)).containsExactly(fingerprint);
            SentRequest retrieval = CLIENT.requestKey(BOB, ALICE);
            KeyAnswer answer = Mailbox.imaps(PORTS.imaps, BOB).awaitReplyTo(retrieval.messageId).answer();
            assertThat(answer).isInstanceOf(KeyAnswer.KeyFound.class);
            assertThat(new WebAdmin(PORTS.webAdmin).get("/mailkeys/keys/" + ALICE + "/history").body())
                .contains("\"actorKind\":\"wks\"");

            // the same response again publishes nothing and sends no second notice
            long refused = metric("mailkeys.wks.refused.nonce");
            sendAuthenticated(ALICE, response.output);
            awaitMetricAbove("mailkeys.wks.refused.nonce", refused);
            assertThat(subjects(ALICE, DONE_SUBJECT)).isEqualTo(1);
        }
    }

    @Test
    void aSubmissionSentAnonymouslyToTheMxShouldPublishNothingAndMailNoOne() throws Exception {
        try (GnuPG carol = user("carol")) {
            String fingerprint = carol.generateEd25519("Carol <" + CAROL + ">");
            String submission = new GpgWksClient(carol).createSubmission(SUBMISSION_ADDRESS, fingerprint, CAROL);
            long before = metric("mailkeys.wks.refused.anonymous");
            try (SmtpSession session = SmtpSession.startTls(PORTS.smtpMx)) {
                session.send(CAROL, SUBMISSION_ADDRESS, submission);
            }
            awaitMetricAbove("mailkeys.wks.refused.anonymous", before);
            assertThat(Mailbox.imaps(PORTS.imaps, CAROL).messages()).isEmpty();
            assertThat(wkd(CAROL)).isEmpty();
        }
    }

    @Test
    void aSubmissionForAnotherAddressShouldPublishNothingAndMailNoOne() throws Exception {
        try (GnuPG dave = user("dave")) {
            String fingerprint = dave.generateEd25519("Erin <" + ERIN + ">");
            String submission = new GpgWksClient(dave).createSubmission(SUBMISSION_ADDRESS, fingerprint, ERIN);
            long before = metric("mailkeys.wks.refused.address-mismatch");
            sendAuthenticated(DAVE, submission);
            awaitMetricAbove("mailkeys.wks.refused.address-mismatch", before);
            assertThat(Mailbox.imaps(PORTS.imaps, DAVE).messages()).isEmpty();
            assertThat(Mailbox.imaps(PORTS.imaps, ERIN).messages()).isEmpty();
            assertThat(wkd(ERIN)).isEmpty();
        }
    }

    @Test
    void aKeyNamingTheAccountInTwoUserIdsShouldBeRefused() throws Exception {
        try (GnuPG frank = user("frank")) {
            String fingerprint = frank.generateEd25519("Frank <" + FRANK + ">");
            frank.addUserId(fingerprint, FRANK);
            long before = metric("mailkeys.wks.refused.user-ids");
            // gpg-wks-client keeps only the user ID it is given: the clear form (draft 4.3) carries both
            sendAuthenticated(FRANK, TestMessages.message(FRANK, SUBMISSION_ADDRESS, "Key publishing request")
                .withHeader("Wks-Draft-Version", "3")
                .withHeader("Content-Type", "application/pgp-keys")
                .withBody(frank.exportArmored(fingerprint)).raw());
            awaitMetricAbove("mailkeys.wks.refused.user-ids", before);
            assertThat(Mailbox.imaps(PORTS.imaps, FRANK).messages()).isEmpty();
            assertThat(wkd(FRANK)).isEmpty();
        }
    }

    @Test
    void aSecretKeyOrAKeyOffTheAlgorithmListShouldBeRefused() throws Exception {
        try (GnuPG grace = user("grace")) {
            String fingerprint = grace.generateEd25519("Grace <" + GRACE + ">");
            long secret = metric("mailkeys.wks.refused.secret-key");
            sendAuthenticated(GRACE, TestMessages.message(GRACE, SUBMISSION_ADDRESS, "Key publishing request")
                .withHeader("Wks-Draft-Version", "3")
                .withHeader("Content-Type", "application/pgp-keys")
                .withBody(grace.exportSecretArmored(fingerprint)).raw());
            awaitMetricAbove("mailkeys.wks.refused.secret-key", secret);

            String weak = grace.generateRsa1024("Grace (weak) <" + GRACE + ">");
            long badKey = metric("mailkeys.wks.refused.bad-key");
            sendAuthenticated(GRACE, new GpgWksClient(grace).createSubmission(SUBMISSION_ADDRESS, weak, GRACE));
            awaitMetricAbove("mailkeys.wks.refused.bad-key", badKey);
            assertThat(Mailbox.imaps(PORTS.imaps, GRACE).messages()).isEmpty();
            assertThat(wkd(GRACE)).isEmpty();
        }
    }

    @Test
    void aResponseWithAWrongNonceOrFromAnotherAccountShouldPublishNothing() throws Exception {
        try (GnuPG heidi = user("heidi")) {
            String fingerprint = heidi.generateEd25519("Heidi <" + HEIDI + ">");
            GpgWksClient client = new GpgWksClient(heidi);
            sendAuthenticated(HEIDI, client.createSubmission(SUBMISSION_ADDRESS, fingerprint, HEIDI));
            ReceivedMail request = Mailbox.imaps(PORTS.imaps, HEIDI).awaitMessageWithSubject(CONFIRM_SUBJECT);
            String response = client.receive(request.rawText()).output;

            // the genuine response, sent by another account of the domain
            long address = metric("mailkeys.wks.refused.address");
            sendAuthenticated(DAVE, response.replace("From: " + HEIDI, "From: " + DAVE));
            awaitMetricAbove("mailkeys.wks.refused.address", address);

            // a response the test writes itself, with a nonce that was never sent
            long nonce = metric("mailkeys.wks.refused.nonce");
            sendAuthenticated(HEIDI, encryptedResponse(HEIDI, "ybndrfg8ejkmcpqxot1uwisza345h769"));
            awaitMetricAbove("mailkeys.wks.refused.nonce", nonce);

            // malformed PGP/MIME
            long malformed = metric("mailkeys.wks.refused.malformed");
            sendAuthenticated(HEIDI, pgpMime(HEIDI, "-----BEGIN PGP MESSAGE-----\r\n\r\nnot base64 at all\r\n"
                + "-----END PGP MESSAGE-----\r\n"));
            awaitMetricAbove("mailkeys.wks.refused.malformed", malformed);

            // oversized
            long tooLarge = metric("mailkeys.wks.refused.too-large");
            sendAuthenticated(HEIDI, pgpMime(HEIDI, "A".repeat(76).concat("\r\n").repeat(2000)));
            awaitMetricAbove("mailkeys.wks.refused.too-large", tooLarge);

            assertThat(wkd(HEIDI)).isEmpty();
            assertThat(Mailbox.imaps(PORTS.imaps, DAVE).messages()).isEmpty();
            assertThat(subjects(HEIDI, DONE_SUBJECT)).isZero();

            // the genuine response from the right account still publishes: nothing above spent the nonce
            sendAuthenticated(HEIDI, response);
            Mailbox.imaps(PORTS.imaps, HEIDI).awaitMessageWithSubject(DONE_SUBJECT);
            assertThat(fingerprintsOf(wkd(HEIDI).orElseThrow())).containsExactly(fingerprint);
        }
    }

    private static String encryptedResponse(String account, String nonce) throws Exception {
        String text = "Content-Type: application/vnd.gnupg.wks\r\n\r\ntype: confirmation-response\n"
            + "sender: " + SUBMISSION_ADDRESS + "\naddress: " + account + "\nnonce: " + nonce + "\n";
        String encrypted = new WksEncryption(new SecureRandom()).encrypt(text.getBytes(StandardCharsets.UTF_8),
            submissionKey);
        return pgpMime(account, encrypted.replace("\r\n", "\n").replace("\n", "\r\n"));
    }

    private static String pgpMime(String account, String armored) {
        return "From: " + account + "\r\nTo: " + SUBMISSION_ADDRESS + "\r\nSubject: Key publication confirmation\r\n"
            + "Wks-Draft-Version: 3\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n\r\n"
            + "--b\r\nContent-Type: application/octet-stream\r\n\r\n" + armored + "\r\n--b--\r\n";
    }

    private static GnuPG user(String name) throws IOException {
        GnuPG home = new GnuPG(gnupgHomes.resolve(name));
        home.importBinary(submissionKey);
        return home;
    }

    private static void sendAuthenticated(String account, String rawMessage) throws IOException {
        try (SmtpSession session = SmtpSession.startTls(PORTS.submission).authenticate(account, PASSWORD)) {
            session.send(account, SUBMISSION_ADDRESS, rawMessage);
        }
    }

    private static long subjects(String account, String subject) throws Exception {
        return Mailbox.imaps(PORTS.imaps, account).messages().stream()
            .filter(mail -> mail.header("Subject").filter(subject::equals).isPresent())
            .count();
    }

    /** The key the Web Key Directory serves for the address (advanced method), empty on 404. */
    private static Optional<byte[]> wkd(String address) throws Exception {
        String[] parts = address.split("@");
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + WKD_PORT
            + "/.well-known/openpgpkey/" + parts[1] + "/hu/" + WebKeyHash.ofLocalPart(parts[0]) + "?l=" + parts[0]))
            .build(), HttpResponse.BodyHandlers.ofByteArray());
        return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    }

    private static java.util.List<String> fingerprintsOf(byte[] key) throws Exception {
        try (GnuPG reader = new GnuPG(java.nio.file.Files.createTempDirectory(gnupgHomes, "reader"))) {
            reader.importBinary(key);
            return reader.fingerprints();
        }
    }

    private static long metric(String name) {
        return server.getProbe(MetricsProbe.class).count(name);
    }

    private static void awaitMetricAbove(String name, long before) {
        await().atMost(Duration.ofSeconds(60)).until(() -> metric(name) > before);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
