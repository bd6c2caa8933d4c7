package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mailkeys.distribution.testjames.TestJames.DOMAIN;
import static org.mailkeys.distribution.testjames.TestJames.PASSWORD;
import static org.mailkeys.distribution.testjames.TestJames.REQUESTER_DOMAIN;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.KeyRequest;
import org.mailkeys.protocol.MessageBodies;
import org.mailkeys.protocol.PublicKeys;
import org.mailkeys.protocol.RequestParser;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.ReceivedMail;
import org.mailkeys.testing.SmtpSession;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * The hostile-input corpus (protocol/src/test/resources/corpus/kst, see its README.md) through ONE real James with
 * the shipped configuration, in file-name order: every request is answered as its {@code .expect} file says (which
 * follows docs/PROTOCOL.md) or dropped where docs/PROTOCOL.md says so, the file store is unchanged unless the publication was
 * valid, and nothing ever reaches one of James' error repositories. All cases run; the failures are reported together.
 */
class HostileCorpusTest {
    static final Path CORPUS = Paths.get("../protocol/src/test/resources/corpus/kst").toAbsolutePath().normalize();
    private static final Duration DROP_TIMEOUT = Duration.ofSeconds(60);
    /** Answer rates raised: the corpus sends about a hundred requests from one sender; rates have their own tests. */
    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests()
        .withMailetParameter("perSender", "100000")
        .withMailetParameter("perSenderDomain", "100000");
    private static final ListenerPorts PORTS = RUNTIME.ports();
    /** A hosted internationalised domain, in its ASCII form (issue 13 item 8). */
    private static final String IDN_DOMAIN = "xn--bcher-kva.example";
    private static final List<String> MAILBOXES = List.of("alice@" + DOMAIN, "dave@" + DOMAIN, "bob@" + REQUESTER_DOMAIN,
        "alice@" + IDN_DOMAIN);

    @TempDir
    static Path runtimeRoot;
    private static GuiceJamesServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestJames.onFolder(RUNTIME, runtimeRoot);
        server.start();
        server.getProbe(org.apache.james.utils.DataProbeImpl.class).addDomain(IDN_DOMAIN);
        TestJames.addDomainsAndUsers(server, MAILBOXES.toArray(new String[0]));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void everyCorpusRequestShouldGetTheOutcomeItsExpectFileNames() throws Exception {
        List<Path> cases;
        try (Stream<Path> files = Files.list(CORPUS)) {
            cases = files.filter(file -> file.toString().endsWith(".eml")).sorted().collect(Collectors.toList());
        }
        assertThat(cases).as("corpus cases in %s", CORPUS).hasSizeGreaterThanOrEqualTo(60);

        List<String> failures = new ArrayList<>();
        List<CorpusCase> dropped = new ArrayList<>();
        for (Path file : cases) {
            CorpusCase corpusCase = CorpusCase.read(file);
            long started = System.nanoTime();
            try {
                run(corpusCase);
                if (corpusCase.outcome().equals("dropped")) {
                    dropped.add(corpusCase);
                }
            } catch (AssertionError | Exception e) {
                failures.add(corpusCase.name + ": " + e.getMessage().lines().limit(6).collect(Collectors.joining(" / ")));
            }
            System.out.printf("corpus %-60s %5d ms%n", corpusCase.name, (System.nanoTime() - started) / 1_000_000);
        }
        // every later request has been answered: an answer to a dropped one would have arrived by now
        for (CorpusCase corpusCase : dropped) {
            for (String mailbox : MAILBOXES) {
                if (Mailbox.imaps(PORTS.imaps, mailbox).currentReplyTo(corpusCase.messageId()).isPresent()) {
                    failures.add(corpusCase.name + ": dropped, yet " + mailbox + " got an answer");
                }
            }
        }
        if (errorRepositoryCount() > 0) {
            failures.add("after the corpus: " + errorRepositoryCount() + " mails in James' error repositories");
        }
        assertThat(failures).as("corpus cases whose outcome differs from their .expect file").isEmpty();
    }

    private static void run(CorpusCase corpusCase) throws Exception {
        Map<String, String> storeBefore = storeSnapshot();
        long errorsBefore = errorRepositoryCount();
        switch (corpusCase.outcome()) {
            case "answer":
                send(corpusCase);
                checkAnswer(corpusCase);
                break;
            case "dropped":
                String metric = "mailkeys.dropped." + corpusCase.get("drop");
                MetricsProbe metrics = server.getProbe(MetricsProbe.class);
                long before = metrics.count(metric);
                send(corpusCase);
                await().atMost(DROP_TIMEOUT).pollInterval(Duration.ofMillis(50)).untilAsserted(
                    () -> assertThat(metrics.count(metric)).as("drop counter " + metric).isGreaterThan(before));
                break;
            case "refused-rcpt":
                try (SmtpSession session = SmtpSession.startTls(PORTS.smtpMx)) {
                    int reply = session.rcptReplyDeclaringSize(corpusCase.get("mail.from"),
                        Long.parseLong(corpusCase.get("declare.size")), "keys@" + DOMAIN);
                    assertThat(reply).as("reply to RCPT after SIZE=%s: %s", corpusCase.get("declare.size"), session.lastReply())
                        .isBetween(500, 599);
                }
                break;
            case "refused-data":
                try (SmtpSession session = SmtpSession.startTls(PORTS.smtpMx)) {
                    int reply = session.dataReply(corpusCase.get("mail.from"),
                        corpusCase.getOrDefault("rcpt.to", "keys@" + DOMAIN), corpusCase.raw());
                    assertThat(reply).as("reply to the end of DATA: %s", session.lastReply()).isBetween(500, 599);
                }
                break;
            case "refused-auth":
                try (SmtpSession clear = SmtpSession.plain(PORTS.smtpMx)) {
                    assertThat(clear.authPlainReply(corpusCase.get("auth.as"), PASSWORD)).as("AUTH in clear text on the MX listener")
                        .isNotEqualTo(235);
                }
                try (SmtpSession tls = SmtpSession.startTls(PORTS.smtpMx)) {
                    assertThat(tls.authPlainReply(corpusCase.get("auth.as"), PASSWORD)).as("AUTH after STARTTLS on the MX listener")
                        .isNotEqualTo(235);
                }
                break;
            case "answer-or-drop":
                try {
                    send(corpusCase);
                } catch (IOException refusedBySmtp) {
                    // refusing the envelope is a drop too
                }
                KeyServiceClient.SentRequest marker = new KeyServiceClient(PORTS).requestKey("bob@" + REQUESTER_DOMAIN, "nobody@" + DOMAIN);
                Mailbox.imaps(PORTS.imaps, "bob@" + REQUESTER_DOMAIN).awaitReplyTo(marker.messageId);
                break;
            default:
                throw new AssertionError("unknown outcome " + corpusCase.outcome());
        }
        assertThat(errorRepositoryCount()).as("mails in James' error repositories").isEqualTo(errorsBefore);
        checkStore(corpusCase, storeBefore, storeSnapshot());
    }

    private static void send(CorpusCase corpusCase) throws IOException {
        String recipient = corpusCase.getOrDefault("rcpt.to", "keys@" + DOMAIN);
        String raw = corpusCase.raw();
        switch (corpusCase.get("listener")) {
            case "mx":
                try (SmtpSession session = SmtpSession.startTls(PORTS.smtpMx)) {
                    session.send(corpusCase.get("mail.from"), recipient, raw);
                }
                break;
            case "submission":
                try (SmtpSession session = SmtpSession.startTls(PORTS.submission).authenticate(corpusCase.get("auth.as"), PASSWORD)) {
                    session.send(corpusCase.get("mail.from"), recipient, raw);
                }
                break;
            default:
                throw new AssertionError("unknown listener " + corpusCase.get("listener"));
        }
    }

    private static void checkAnswer(CorpusCase corpusCase) throws Exception {
        // max.seconds is not timed here: James' threads do the work, on a machine whose load the test does not know.
        // The key policy's CPU-time budget bounds it (BoundedKeyWorkTest); the wait below has a generous ceiling.
        ReceivedMail mail = Mailbox.imaps(PORTS.imaps, corpusCase.get("answer.to")).awaitReplyTo(corpusCase.messageId());
        assertThat(mail.header("Auto-Submitted")).as("Auto-Submitted of the answer").hasValue("auto-replied");
        KeyAnswer answer = mail.answer();
        KAuth kAuth = corpusCase.kAuth();
        switch (corpusCase.get("answer")) {
            case "confirmation":
                assertThat(answer).isInstanceOf(KeyAnswer.Confirmation.class);
                byte[] sentKey = sentKeyBytes(corpusCase);
                assertThat(((KeyAnswer.Confirmation) answer).verifies(kAuth, sentKey)).as("confirmation MAC").isTrue();
                break;
            case "deleted":
                assertThat(answer).isInstanceOf(KeyAnswer.Deleted.class);
                assertThat(((KeyAnswer.Deleted) answer).statusLine()).isEqualTo(corpusCase.get("status"));
                assertThat(((KeyAnswer.Deleted) answer).verifies(kAuth)).as("MAC").isTrue();
                break;
            case "not-found":
                assertThat(answer).as(statusOf(answer)).isInstanceOf(KeyAnswer.NotFound.class);
                corpusCase.optional("status").ifPresent(status -> assertThat(((KeyAnswer.NotFound) answer).statusLine()).isEqualTo(status));
                assertThat(((KeyAnswer.NotFound) answer).verifies(kAuth)).as("MAC").isTrue();
                break;
            case "key":
                assertThat(answer).as(statusOf(answer)).isInstanceOf(KeyAnswer.KeyFound.class);
                KeyAnswer.KeyFound found = (KeyAnswer.KeyFound) answer;
                assertThat(found.verifies(kAuth)).as("MAC").isTrue();
                assertThat(PublicKeys.fingerprint(found.keyBytes())).hasValue(corpusCase.get("fingerprint"));
                corpusCase.optional("key.user.ids").ifPresent(userIds -> assertThat(PublicKeys.userIds(found.keyBytes()))
                    .containsExactly(userIds.split("\\|")));
                break;
            case "error":
                assertThat(answer).as(statusOf(answer)).isInstanceOf(KeyAnswer.Error.class);
                KeyAnswer.Error error = (KeyAnswer.Error) answer;
                assertThat(error.statusLine()).startsWith("ERROR " + corpusCase.get("error") + " ");
                break;
            default:
                throw new AssertionError("unknown answer " + corpusCase.get("answer"));
        }
        checkMac(corpusCase, answer, kAuth);
        assertThat(mail.rawText()).as("the answer echoes no request text but the address and Message-ID")
            .doesNotContain("mallory@acme.test");
    }

    private static void checkMac(CorpusCase corpusCase, KeyAnswer answer, KAuth kAuth) {
        if (!(answer instanceof KeyAnswer.Error)) {
            return; // checked with the answer's own verification above
        }
        KeyAnswer.Error error = (KeyAnswer.Error) answer;
        switch (corpusCase.get("mac")) {
            case "valid":
                assertThat(error.mac()).as("MAC line of " + error.statusLine()).isPresent();
                assertThat(error.verifies(kAuth)).as("MAC over " + error.statusLine()).isTrue();
                break;
            case "absent":
                assertThat(error.mac()).as("MAC line of " + error.statusLine()).isEmpty();
                break;
            case "valid-if-present":
                if (error.mac().isPresent()) {
                    assertThat(error.verifies(kAuth)).as("MAC over " + error.statusLine()).isTrue();
                }
                break;
            default:
                throw new AssertionError("unknown mac rule " + corpusCase.get("mac"));
        }
    }

    private static String statusOf(KeyAnswer answer) {
        return answer instanceof KeyAnswer.Error ? "answer " + ((KeyAnswer.Error) answer).statusLine() : "answer " + answer.getClass().getSimpleName();
    }

    /** The key bytes the request carried, as a MUA keeps them; the .expect file pins their SHA-256. */
    private static byte[] sentKeyBytes(CorpusCase corpusCase) throws Exception {
        String text = new MessageBodies().protocolText(new ByteArrayInputStream(corpusCase.bytes()));
        byte[] keyBytes = ((KeyRequest.Publication) new RequestParser().parse(text)).keyBytes();
        assertThat(sha256(keyBytes)).as("SHA-256 of the sent key bytes").isEqualTo(corpusCase.get("sent.key.sha256"));
        return keyBytes;
    }

    private static void checkStore(CorpusCase corpusCase, Map<String, String> before, Map<String, String> after) {
        String store = corpusCase.get("store");
        if (store.equals("unchanged")) {
            assertThat(after).as("the key store's files").isEqualTo(before);
        } else if (store.startsWith("published ")) {
            assertThat(after).as("the key store's files after a valid publication").isNotEqualTo(before);
            assertThat(after.size()).isGreaterThanOrEqualTo(before.size());
        } else if (store.startsWith("deleted ")) {
            // the store may keep a record of the deletion (its version); the next case asks for the key: NOT-FOUND
            assertThat(after).as("the key store's files after a DELETE").isNotEqualTo(before);
        } else {
            throw new AssertionError("unknown store rule " + store);
        }
    }

    /** Every file under the file store's folder and a hash of its content. */
    private static Map<String, String> storeSnapshot() throws IOException {
        Path folder = runtimeRoot.resolve(RuntimeFolder.KEY_STORE_FOLDER);
        Map<String, String> snapshot = new HashMap<>();
        if (!Files.isDirectory(folder)) {
            return snapshot;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                snapshot.put(folder.relativize(file).toString(), sha256(Files.readAllBytes(file)));
            }
        }
        return snapshot;
    }

    /** Mails kept in James' error repositories (the "error" processor's and the key service's). */
    static long errorRepositoryCount(GuiceJamesServer james) throws Exception {
        MailRepositoryProbeImpl repositories = james.getProbe(MailRepositoryProbeImpl.class);
        long count = 0;
        for (MailRepositoryUrl url : repositories.listRepositoryUrls()) {
            if (url.asString().contains("error")) {
                count += repositories.getRepositoryMailCount(url);
            }
        }
        return count;
    }

    private static long errorRepositoryCount() throws Exception {
        return errorRepositoryCount(server);
    }

    static String sha256(byte[] bytes) {
        try {
            StringBuilder hex = new StringBuilder();
            for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One {@code .eml} file and its {@code .expect} properties. */
    static final class CorpusCase {
        final String name;
        private final byte[] raw;
        private final Properties expect;

        private CorpusCase(String name, byte[] raw, Properties expect) {
            this.name = name;
            this.raw = raw;
            this.expect = expect;
        }

        static CorpusCase read(Path eml) throws IOException {
            String name = eml.getFileName().toString().replaceFirst("\\.eml$", "");
            Properties expect = new Properties();
            try (Reader reader = Files.newBufferedReader(eml.resolveSibling(name + ".expect"), StandardCharsets.US_ASCII)) {
                expect.load(reader);
            }
            return new CorpusCase(name, Files.readAllBytes(eml), expect);
        }

        String get(String key) {
            String value = expect.getProperty(key);
            if (value == null) {
                throw new AssertionError(name + ".expect has no " + key);
            }
            return value;
        }

        String getOrDefault(String key, String fallback) {
            return expect.getProperty(key, fallback);
        }

        Optional<String> optional(String key) {
            return Optional.ofNullable(expect.getProperty(key));
        }

        String outcome() {
            return get("outcome");
        }

        KAuth kAuth() {
            return KAuth.parse(get("kauth")).orElseThrow();
        }

        byte[] bytes() {
            return raw.clone();
        }

        /** The mail as the SMTP client sends it: each byte one character (the client writes ISO-8859-1). */
        String raw() {
            return new String(raw, StandardCharsets.ISO_8859_1);
        }

        String messageId() {
            String text = raw();
            int start = text.indexOf("\r\nMessage-ID: ") + "\r\nMessage-ID: ".length();
            return text.substring(start, text.indexOf("\r\n", start)).trim();
        }
    }
}
