package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.testing.GnuPG;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * Issue 24, {@code mailkeys agent} end to end: a real James with MailKeys, the agent run as a separate process as a
 * service manager runs it, real GnuPG homes (the harness's), and GnuPG's own dirmngr asking the agent's HKP listener.
 * alice@example.net publishes; bob@acme.test's agent looks her key up, through the MX listener of the same server.
 */
class AgentEndToEndTest {
    private static final String ALICE = "alice@" + TestJames.DOMAIN;
    private static final String BOB = "bob@" + TestJames.REQUESTER_DOMAIN;
    private static final String PASSWORD_VARIABLE = "MAILKEYS_TEST_PASSWORD";
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests().withMailetParameter("perSender", "100000");

    @TempDir
    static Path folder;
    private static GuiceJamesServer james;
    private static Path trustStore;

    @BeforeAll
    static void startJames() throws Exception {
        Path root = folder.resolve("james");
        james = TestJames.onFolder(RUNTIME, root);
        james.start();
        TestJames.addDomainsAndUsers(james, ALICE, BOB);
        trustStore = folder.resolve("james-certificate.pem");
        Files.writeString(trustStore, RuntimeKeystore.certificatePem(root), StandardCharsets.US_ASCII);
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.stop();
        }
    }

    /** The options every command of a user takes: the test server's ports, its certificate, a state folder. */
    private static List<String> common(String account, Path stateFolder) {
        return List.of("--account", account, "--password-env", PASSWORD_VARIABLE, "--trust-store", trustStore.toString(),
            "--submission", "localhost:" + RUNTIME.ports().submission, "--imap", "localhost:" + RUNTIME.ports().imap,
            "--mx", "localhost", "--mx-port", Integer.toString(RUNTIME.ports().smtpMx),
            "--state-dir", stateFolder.toString(), "--timeout", "60");
    }

    private static Map<String, String> environment(GnuPG gpg) {
        return Map.of(PASSWORD_VARIABLE, TestJames.PASSWORD, "GNUPGHOME", gpg.home().toString());
    }

    private static AgentProcess agent(String account, Path stateFolder, GnuPG gpg, String logName, String... options)
        throws IOException {
        List<String> arguments = new ArrayList<>(common(account, stateFolder));
        arguments.addAll(List.of(options));
        return AgentProcess.start(arguments, environment(gpg), folder.resolve(logName));
    }

    private static void publishWithTheCommandLine(GnuPG gpg, Path stateFolder) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("publish"));
        arguments.addAll(common(ALICE, stateFolder));
        arguments.add("--gpg");
        MailKeysCommandLine.Run published = AgentProcess.run(arguments, environment(gpg));
        assertThat(published.exitCode).as(published.toString()).isEqualTo(0);
    }

    private static String status(Path stateFolder, String account) throws IOException {
        Path file = stateFolder.resolve("agent-" + account).resolve("status.json");
        return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static GnuPG gnuPg(String name) throws IOException {
        return new GnuPG(Files.createTempDirectory(folder, name));
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    @Test
    void theOwnKeyShouldBePublishedAtStartNotAgainAfterARestartAndAgainAfterANewSubkey() throws Exception {
        Path state = folder.resolve("alice-agent-state");
        try (GnuPG aliceGpg = gnuPg("alice-gpg")) {
            String fingerprint = aliceGpg.generateEd25519("Alice <" + ALICE + ">");
            String[] options = {"--gpg", "--no-hkp", "--key-check-interval", "1s"};

            try (AgentProcess first = agent(ALICE, state, aliceGpg, "alice-agent-1.log", options)) {
                Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(status(state, ALICE))
                    .contains("\"running\":true").contains("\"upToDate\":true").contains(fingerprint));
                assertThat(first.log()).contains("publishing the own key " + fingerprint + " (no confirmation for it yet)")
                    .contains("the own key " + fingerprint + " is published");

                assertThat(first.terminate()).as(first.log()).isEqualTo(0);
                assertThat(first.log()).contains("agent stopped");
                assertThat(status(state, ALICE)).contains("\"running\":false");
            }

            try (AgentProcess second = agent(ALICE, state, aliceGpg, "alice-agent-2.log", options)) {
                // the status says running only once the restarted agent has read the key and compared it
                Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(status(state, ALICE))
                    .contains("\"running\":true").contains("\"upToDate\":true"));
                assertThat(second.log()).doesNotContain("publishing");

                aliceGpg.addSubkey(fingerprint, "ed25519", "sign");

                Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(second.log())
                    .contains("publishing the own key " + fingerprint + " (changed since the last confirmation)")
                    .contains("the own key " + fingerprint + " is published"));
                assertThat(second.terminate()).isEqualTo(0);
            }

            try (GnuPG bobGpg = gnuPg("bob-gpg")) {
                List<String> lookup = new ArrayList<>(List.of("lookup"));
                lookup.addAll(common(BOB, folder.resolve("bob-lookup-state")));
                lookup.addAll(List.of("--import", ALICE));
                MailKeysCommandLine.Run found = AgentProcess.run(lookup, environment(bobGpg));
                assertThat(found.exitCode).as(found.toString()).isEqualTo(0);
                assertThat(bobGpg.subkeyCount(fingerprint)).as("the republished key has the new subkey").isEqualTo(2);
            }
        }
    }

    @Test
    void contactsKeysShouldBePrefetchedRefreshedAndServedOverHkpToGnuPg() throws Exception {
        Path aliceState = folder.resolve("alice-cli-state");
        Path bobState = folder.resolve("bob-agent-state");
        Path contacts = folder.resolve("bob-contacts.vcf");
        Files.writeString(contacts, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Alice\r\nEMAIL:" + ALICE + "\r\nEND:VCARD\r\n",
            StandardCharsets.UTF_8);
        int hkpPort = freePort();
        String keyserver = "hkp://127.0.0.1:" + hkpPort;
        try (GnuPG aliceGpg = gnuPg("alice-gpg"); GnuPG bobGpg = gnuPg("bob-gpg"); GnuPG carolGpg = gnuPg("carol-gpg");
             GnuPG daveGpg = gnuPg("dave-gpg")) {
            String fingerprint = aliceGpg.generateEd25519("Alice <" + ALICE + ">");
            publishWithTheCommandLine(aliceGpg, aliceState);

            try (AgentProcess bob = agent(BOB, bobState, bobGpg, "bob-agent.log", "--contacts", contacts.toString(),
                "--import", "--refresh", "5s", "--max-per-hour", "1000", "--hkp", "127.0.0.1:" + hkpPort)) {
                // prefetched into GnuPG without anyone asking
                Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(bobGpg.fingerprints()).containsExactly(fingerprint));
                assertThat(bobGpg.userIds(fingerprint)).containsExactly("Alice <" + ALICE + ">");

                // a refresh brings the subkey alice added since
                aliceGpg.addSubkey(fingerprint, "ed25519", "sign");
                publishWithTheCommandLine(aliceGpg, aliceState);
                Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(bobGpg.subkeyCount(fingerprint)).isEqualTo(2));

                // unmodified GnuPG finds the key through the agent: gpg --locate-keys, and dirmngr.conf's keyserver
                carolGpg.locateKeys(keyserver, ALICE);
                assertThat(carolGpg.fingerprints()).containsExactly(fingerprint);
                daveGpg.writeDirmngrConf("keyserver " + keyserver + "\n");
                daveGpg.receiveKeys(fingerprint);
                assertThat(daveGpg.fingerprints()).containsExactly(fingerprint);

                // an address without a key: looked up at once, a verified NOT-FOUND is a 404, and kept
                assertThat(hkpGet(hkpPort, "nobody%40example.net", "127.0.0.1:" + hkpPort, "")).startsWith("HTTP/1.1 404");
                Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(status(bobState, BOB))
                    .contains("{\"address\":\"nobody@example.net\",\"inContacts\":false,\"fingerprint\":null,"));
                assertThat(hkpGet(hkpPort, "nobody%40example.net", "127.0.0.1:" + hkpPort, "")).as("kept").startsWith("HTTP/1.1 404");
                assertThatThrownBy(() -> carolGpg.locateKeys(keyserver, "nobody@example.net")).isInstanceOf(IOException.class);

                // web pages cannot read keys through the agent
                assertThat(hkpGet(hkpPort, "alice%40example.net", "rebound.example:" + hkpPort, "")).startsWith("HTTP/1.1 403");
                assertThat(hkpGet(hkpPort, "alice%40example.net", "127.0.0.1:" + hkpPort, "Origin: https://page.example\r\n"))
                    .startsWith("HTTP/1.1 403");
                assertThat(hkpGet(hkpPort, "alice%40example.net", "localhost:" + hkpPort, "Sec-Fetch-Site: cross-site\r\n"))
                    .startsWith("HTTP/1.1 403");
                assertThat(hkpGet(hkpPort, "alice%40example.net", "localhost:" + hkpPort, "")).startsWith("HTTP/1.1 200");

                List<String> statusCommand = new ArrayList<>(List.of("agent", "status"));
                statusCommand.addAll(List.of("--account", BOB, "--state-dir", bobState.toString()));
                MailKeysCommandLine.Run text = AgentProcess.run(statusCommand, Map.of());
                statusCommand.add("--json");
                MailKeysCommandLine.Run json = AgentProcess.run(statusCommand, Map.of());
                assertThat(text.exitCode).as(text.toString()).isEqualTo(0);
                assertThat(text.out).contains("running").contains(ALICE + ": key " + fingerprint).contains("HKP on 127.0.0.1:" + hkpPort);
                assertThat(json.out).contains("\"running\":true").contains("\"fingerprint\":\"" + fingerprint + "\"")
                    .contains("\"lastResult\":\"key-found\"");

                assertThat(bob.terminate()).as(bob.log()).isEqualTo(0);
            }
        }
    }

    @Test
    void aKeyReplacedByAnotherPrimaryKeyShouldBeReportedAndNotImported() throws Exception {
        Path bobState = folder.resolve("bob-change-state");
        Path contacts = folder.resolve("bob-contacts.txt");
        Path changes = folder.resolve("changes-seen.txt");
        Files.writeString(contacts, ALICE + "\n", StandardCharsets.UTF_8);
        try (GnuPG aliceGpg = gnuPg("alice-gpg"); GnuPG aliceNewGpg = gnuPg("alice-new-gpg"); GnuPG bobGpg = gnuPg("bob-gpg")) {
            String first = aliceGpg.generateEd25519("Alice <" + ALICE + ">");
            publishWithTheCommandLine(aliceGpg, folder.resolve("alice-change-state"));

            try (AgentProcess bob = agent(BOB, bobState, bobGpg, "bob-change.log", "--contacts", contacts.toString(),
                "--import", "--refresh", "5s", "--max-per-hour", "1000", "--no-hkp",
                "--on-change", "printf '%s %s' \"$MAILKEYS_ADDRESS\" \"$MAILKEYS_NEW_FINGERPRINT\" > " + changes)) {
                Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(bobGpg.fingerprints()).containsExactly(first));

                String second = aliceNewGpg.generateEd25519("Alice <" + ALICE + ">");
                publishWithTheCommandLine(aliceNewGpg, folder.resolve("alice-change-state"));

                Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(status(bobState, BOB))
                    .contains("\"refusedFingerprint\":\"" + second + "\"").contains("\"changesSeen\":1"));
                assertThat(bob.log()).contains(ALICE + " now has ANOTHER primary key: " + second);
                Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(changes).exists());
                Awaitility.await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(Files.readString(changes, StandardCharsets.UTF_8)).isEqualTo(ALICE + " " + second));
                assertThat(bobGpg.fingerprints()).containsExactly(first);
                assertThat(status(bobState, BOB)).contains("\"fingerprint\":\"" + first + "\"");
                assertThat(bob.terminate()).isEqualTo(0);
            }
        }
    }

    @Test
    void aKeyAboutToExpireShouldBeWarnedAboutAndWithRenewExtendedAndPublished() throws Exception {
        try (GnuPG aliceGpg = gnuPg("alice-gpg")) {
            String fingerprint = aliceGpg.generateEd25519("Alice <" + ALICE + ">");
            aliceGpg.setExpiry(fingerprint, "10d");
            Path warned = folder.resolve("alice-expiry-state");

            try (AgentProcess agent = agent(ALICE, warned, aliceGpg, "alice-expiry.log", "--gpg", "--no-hkp")) {
                Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(status(warned, ALICE))
                    .contains("\"upToDate\":true").contains("\"problem\":\"expires "));
                assertThat(agent.log()).contains("warning: the own key " + fingerprint + " can no longer be used for encryption after")
                    .contains("--renew");
                assertThat(agent.terminate()).isEqualTo(0);
            }

            Path renewed = folder.resolve("alice-renew-state");
            try (AgentProcess agent = agent(ALICE, renewed, aliceGpg, "alice-renew.log", "--gpg", "--no-hkp", "--renew")) {
                Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(status(renewed, ALICE))
                    .contains("\"upToDate\":true").contains("\"problem\":null"));
                assertThat(agent.log()).contains("renewed the own key " + fingerprint + " by 1y")
                    .contains("the own key " + fingerprint + " is published").doesNotContain("can no longer be used");
                java.util.regex.Matcher until = java.util.regex.Pattern.compile("\"usableUntil\":\"([^\"]+)\"")
                    .matcher(status(renewed, ALICE));
                assertThat(until.find()).isTrue();
                assertThat(java.time.Instant.parse(until.group(1))).isAfter(java.time.Instant.now().plus(Duration.ofDays(300)));
                assertThat(agent.terminate()).isEqualTo(0);
            }
        }
    }

    @Test
    void theRecipientsOfSentMailShouldBeLookedUpWithContactsFromSent() throws Exception {
        Path bobState = folder.resolve("bob-sent-state");
        try (GnuPG aliceGpg = gnuPg("alice-gpg"); GnuPG bobGpg = gnuPg("bob-gpg")) {
            String fingerprint = aliceGpg.generateEd25519("Alice <" + ALICE + ">");
            publishWithTheCommandLine(aliceGpg, folder.resolve("alice-sent-state"));
            appendToSentFolder(BOB, "Alice <" + ALICE + ">");

            try (AgentProcess bob = agent(BOB, bobState, bobGpg, "bob-sent.log", "--contacts-from-sent", "--import", "--no-hkp")) {
                Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(bobGpg.fingerprints()).containsExactly(fingerprint));
                assertThat(bob.log()).contains("recipients read from the Sent folder: 1 address");
                assertThat(bob.terminate()).isEqualTo(0);
            }
        }
    }

    /** A mail program's copy of a sent mail: an IMAP APPEND to the user's "Sent" folder. */
    private static void appendToSentFolder(String user, String recipient) throws Exception {
        java.util.Properties properties = new java.util.Properties();
        properties.put("mail.imaps.ssl.trust", "*"); // the test server's own certificate
        javax.mail.Session session = javax.mail.Session.getInstance(properties);
        javax.mail.Store store = session.getStore("imaps");
        store.connect("127.0.0.1", RUNTIME.ports().imaps, user, TestJames.PASSWORD);
        try {
            javax.mail.Folder sent = store.getFolder("Sent");
            if (!sent.exists()) {
                sent.create(javax.mail.Folder.HOLDS_MESSAGES);
            }
            javax.mail.internet.MimeMessage mail = new javax.mail.internet.MimeMessage(session);
            mail.setFrom(new javax.mail.internet.InternetAddress(user));
            mail.setRecipients(javax.mail.Message.RecipientType.TO, recipient);
            mail.setSubject("Lunch");
            mail.setText("Tomorrow?");
            mail.saveChanges();
            sent.appendMessages(new javax.mail.Message[] {mail});
        } finally {
            store.close();
        }
    }

    /**
     * An address the agent does not know is looked up at once; when no answer comes within the wait, the HKP request
     * is answered 404. The MX here is a recording SMTP server that takes the request and never answers.
     */
    @Test
    void anUnknownAddressShouldBeLookedUpAtOnceAndBe404WhenNoAnswerComesInTime() throws Exception {
        int hkpPort = freePort();
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        java.security.KeyStore keyStore = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(folder.resolve("james").resolve(RuntimeKeystore.RELATIVE_PATH))) {
            keyStore.load(in, RuntimeKeystore.SECRET.toCharArray());
        }
        javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(
            javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, RuntimeKeystore.SECRET.toCharArray());
        tls.init(keys.getKeyManagers(), null, null);
        try (org.mailkeys.testing.RecordingSmtpServer silentMx = new org.mailkeys.testing.RecordingSmtpServer(
                InetAddress.getByName("127.0.0.1"), 0, tls, "silent-mx");
             GnuPG bobGpg = gnuPg("bob-gpg")) {
            List<String> arguments = new ArrayList<>(common(BOB, folder.resolve("bob-silent-state")));
            arguments.set(arguments.indexOf("--mx-port") + 1, Integer.toString(silentMx.port()));
            arguments.addAll(List.of("--hkp", "127.0.0.1:" + hkpPort, "--lookup-wait", "3s"));
            try (AgentProcess bob = AgentProcess.start(arguments, environment(bobGpg), folder.resolve("bob-silent.log"))) {
                Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(bob.log()).contains("HKP on"));

                assertThat(hkpGet(hkpPort, "carol%40example.net", "127.0.0.1:" + hkpPort, "")).startsWith("HTTP/1.1 404");
                // sent at once, not at the next refresh a day later (a fresh JVM may take longer than the wait to send it)
                Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(silentMx.mails())
                    .anySatisfy(mail -> assertThat(mail).contains("carol@example.net")));
                assertThat(bob.terminate()).isEqualTo(0);
            }
        }
    }

    @Test
    void anHkpAddressOffLoopbackShouldBeRefusedAtStartWithExitCode2() throws Exception {
        for (String address : new String[] {"0.0.0.0:11371", "192.0.2.1:11371"}) {
            List<String> arguments = new ArrayList<>(List.of("agent"));
            arguments.addAll(common(BOB, folder.resolve("bob-refused-state")));
            arguments.addAll(List.of("--hkp", address));
            MailKeysCommandLine.Run refused = AgentProcess.run(arguments, Map.of(PASSWORD_VARIABLE, TestJames.PASSWORD));

            assertThat(refused.exitCode).as(refused.toString()).isEqualTo(2);
            assertThat(refused.err).contains("loopback");
        }
    }

    /** A raw HKP request, with the Host and extra headers a browser or a rebinding page would send. */
    private static String hkpGet(int port, String search, String host, String extraHeaders) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            socket.setSoTimeout(90_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /pks/lookup?op=get&options=mr&search=" + search + "&exact=on HTTP/1.1\r\nHost: " + host + "\r\n"
                + extraHeaders + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
