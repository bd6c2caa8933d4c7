package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.utils.DataProbeImpl;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.testing.Prerequisites;
import org.mailkeys.testing.GnuPG;
import org.mailkeys.testing.KnotDns;
import org.mailkeys.testing.RecordingSmtpServer;
import org.mailkeys.testing.SmtpSession;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * Issue 3, the user's side, end to end: two providers (example.net and acme.net), each a James with MailKeys, DNS
 * from one Knot DNS server, and the {@code mailkeys} command line run as a separate process with GnuPG homes of its own.
 * Mail between the providers goes as on the Internet: James' remote delivery asks that same Knot for the MX of
 * the recipient's domain and connects to port 25 of the host it names. Each provider, the DNS server and the
 * tampering relay have a loopback address of their own (one block of 127/8 per run), so the real ports 25 and 53
 * are used: the test needs root, as here and in CI, and is skipped otherwise.
 *
 * <p>example.net's zone is DNSSEC-signed (issue 9), with TLSA records for its MX certificate, and the client validates
 * it from the test's trust anchor: lookups of example.net addresses are protected by DANE, and say so. The other
 * zones are unsigned.
 *
 * <p>The MX records of example.net name an unreachable host first (mx-down.example.net, preference 10) and the
 * real server second; every lookup of an example.net address thus also shows the fallback to the next MX.
 * acme.net's server also hosts acme.org, whose MX is a relay that changes every key passing it on the way to
 * acme.net's server: answers to dave@acme.org arrive tampered, answers to bob@acme.net do not.
 */
class UserSideEndToEndTest {
    private static final String ALICE = "alice@example.net";
    private static final String BOB = "bob@acme.net";
    private static final String DAVE = "dave@acme.org";
    private static final String PASSWORD_VARIABLE = "MAILKEYS_TEST_PASSWORD";
    private static final int ANSWER_TIMEOUT_SECONDS = 60;
    /**
     * For a lookup whose answer the client must find tampered: a tampered answer is no answer at all, so the client
     * waits for a genuine one until its timeout. Short, since it is always waited out, yet far above the few seconds
     * an answer takes.
     */
    private static final int TAMPERED_ANSWER_TIMEOUT_SECONDS = 20;
    private static final int SMTP = 25;

    /** A block of loopback addresses for this run, away from 127.0.0.x, so that two runs on one machine do not meet. */
    private static final String NETWORK = "127." + ThreadLocalRandom.current().nextInt(1, 255) + "."
        + ThreadLocalRandom.current().nextInt(256) + ".";
    private static final String DNS_HOST = NETWORK + "53";
    private static final String EXAMPLE_NET_MX = NETWORK + "2";
    private static final String ACME_NET_MX = NETWORK + "3";
    private static final String ACME_ORG_MX = NETWORK + "4";
    /** Where nothing listens. */
    private static final String DOWN_MX = NETWORK + "9";

    @TempDir
    static Path folder;

    private static GuiceJamesServer exampleNet;
    private static GuiceJamesServer acmeNet;
    private static RecordingSmtpServer relay;
    private static KnotDns dns;
    private static RuntimeFolder exampleRuntime;
    private static RuntimeFolder acmeRuntime;
    private static Path trustStore;

    @BeforeAll
    static void startProviders() throws Exception {
        assumeThePrivilegedPortsCanBeBound();
        // example.net's MX certificate first: its TLSA record (RFC 7672, DANE-EE, public key, SHA-256) goes in the zone
        RuntimeKeystore.createIfMissing(folder.resolve("example.net"), List.of("mx.example.net"));
        String exampleNetKey = sha256Hex(certificate(folder.resolve("example.net")).getPublicKey().getEncoded());
        dns = KnotDns.start(InetAddress.getByName(DNS_HOST), 53, folder.resolve("dns"), List.of(
            KnotDns.Zone.signed("example.net", List.of(
                "@ MX 10 mx-down", "@ MX 20 mx",
                "mx-down A " + DOWN_MX, "mx A " + EXAMPLE_NET_MX,
                "_25._tcp.mx TLSA 3 1 1 " + exampleNetKey, "_25._tcp.mx-down TLSA 3 1 1 " + exampleNetKey)),
            KnotDns.Zone.unsigned("acme.net", List.of("@ MX 10 mx", "mx A " + ACME_NET_MX)),
            KnotDns.Zone.unsigned("acme.org", List.of("@ MX 10 mx", "mx A " + ACME_ORG_MX)),
            KnotDns.Zone.unsigned("plain.test", List.of("@ MX 10 mx.example.net."))));
        exampleRuntime = RuntimeFolder.forTests();
        acmeRuntime = RuntimeFolder.forTests();
        relay = RecordingSmtpServer.relaying(new InetSocketAddress(ACME_ORG_MX, SMTP), new InetSocketAddress(ACME_NET_MX, SMTP),
            UserSideEndToEndTest::changeTheKey);
        exampleNet = start(exampleRuntime, folder.resolve("example.net"), "mx.example.net", EXAMPLE_NET_MX, ALICE);
        acmeNet = start(acmeRuntime, folder.resolve("acme.net"), "mx.acme.net", ACME_NET_MX, BOB, DAVE);
        trustStore = folder.resolve("test-cas.pem");
        Files.writeString(trustStore, RuntimeKeystore.certificatePem(folder.resolve("example.net"))
            + RuntimeKeystore.certificatePem(folder.resolve("acme.net")), StandardCharsets.US_ASCII);
    }

    @AfterAll
    static void stopProviders() throws Exception {
        if (exampleNet != null) {
            exampleNet.stop();
        }
        if (acmeNet != null) {
            acmeNet.stop();
        }
        if (relay != null) {
            relay.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    private static void assumeThePrivilegedPortsCanBeBound() throws IOException {
        try (ServerSocket probe = new ServerSocket(SMTP, 1, InetAddress.getByName(EXAMPLE_NET_MX))) {
            assertThat(probe.isBound()).isTrue();
        } catch (BindException e) {
            Prerequisites.require(false, "cannot listen on port 25 of " + EXAMPLE_NET_MX + " (" + e.getMessage()
                + "): the provider end-to-end test needs root, for its MX listeners on 25 and DNS on 53");
        }
    }

    /**
     * A provider for the domains of the given users: its MX listener on port 25 of its own address, a certificate
     * for its MX host name, and James' own DNS service asking the test's Knot (nothing of James' DNS replaced).
     */
    private static GuiceJamesServer start(RuntimeFolder runtime, Path root, String mxHostName, String mxAddress,
                                          String... users) throws Exception {
        RuntimeKeystore.createIfMissing(root, List.of(mxHostName));
        MemoryJamesConfiguration configuration = runtime.layOut(root);
        Path conf = root.resolve("conf");
        String mxBind = "<bind>127.0.0.1:" + runtime.ports().smtpMx + "</bind>";
        replaceOnce(conf.resolve("smtpserver.xml"), mxBind, "<bind>" + mxAddress + ":" + SMTP + "</bind>");
        replaceOnce(conf.resolve("dnsservice.xml"), "<autodiscover>true</autodiscover>",
            "<autodiscover>false</autodiscover><servers><server>" + DNS_HOST + "</server></servers>"
                + "<setAsDNSJavaDefault>false</setAsDNSJavaDefault>");
        // two servers in one JVM: their processors and listeners must not register the same JMX names
        Path mailetContainer = conf.resolve("mailetcontainer.xml");
        Files.writeString(mailetContainer, Files.readString(mailetContainer, StandardCharsets.UTF_8)
            .replace("enableJmx=\"true\"", "enableJmx=\"false\"")
            .replace("<processors>", "<processors enableJmx=\"false\">"), StandardCharsets.UTF_8);
        String domain = users[0].substring(users[0].indexOf('@') + 1);
        if (domain.equals("acme.net")) {
            // acme.net stays a version-1 provider: its answers carry no log proof
            Files.writeString(conf.resolve("mailkeys.properties"), "\nlog.enabled=false\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        }
        for (String listeners : new String[] {"smtpserver.xml", "imapserver.xml"}) {
            Path file = conf.resolve(listeners);
            Files.writeString(file, Files.readString(file, StandardCharsets.UTF_8)
                .replaceAll("<jmxName>([^<]+)</jmxName>", "<jmxName>$1-" + domain + "</jmxName>"), StandardCharsets.UTF_8);
        }
        GuiceJamesServer server = TestJames.withJamesDns(configuration);
        server.start();
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        for (String user : users) {
            String userDomain = user.substring(user.indexOf('@') + 1);
            if (!data.containsDomain(userDomain)) {
                data.addDomain(userDomain);
            }
            data.addUser(user, TestJames.PASSWORD);
        }
        return server;
    }

    private static void replaceOnce(Path file, String shipped, String test) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text.split(Pattern.quote(shipped), -1)).as("%s in %s", shipped, file.getFileName()).hasSize(2);
        Files.writeString(file, text.replace(shipped, test), StandardCharsets.UTF_8);
    }

    private static Certificate certificate(Path runtimeRoot) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(runtimeRoot.resolve(RuntimeKeystore.RELATIVE_PATH).toFile())) {
            keyStore.load(in, RuntimeKeystore.SECRET.toCharArray());
        }
        return keyStore.getCertificate("james");
    }

    private static String sha256Hex(byte[] data) throws Exception {
        StringBuilder hex = new StringBuilder();
        for (byte b : java.security.MessageDigest.getInstance("SHA-256").digest(data)) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    /** Flips one character of the key in an answer and drops the armor checksum, so only the MAC can tell. */
    static String changeTheKey(String message) {
        Matcher block = Pattern.compile("-----BEGIN PGP PUBLIC KEY BLOCK-----\r\n(?:[^\r\n]+\r\n)*?\r\n([A-Za-z0-9+/=]{40,})\r\n")
            .matcher(message);
        if (!block.find()) {
            return message;
        }
        String line = block.group(1);
        char changed = line.charAt(20) == 'A' ? 'B' : 'A';
        String tampered = message.substring(0, block.start(1)) + line.substring(0, 20) + changed + line.substring(21)
            + message.substring(block.end(1));
        return tampered.replaceAll("\r\n=[A-Za-z0-9+/]{4}\r\n(-----END PGP PUBLIC KEY BLOCK-----)", "\r\n$1");
    }

    private MailKeysCommandLine alice() {
        return user(ALICE, exampleRuntime, "alice-state", ANSWER_TIMEOUT_SECONDS);
    }

    private MailKeysCommandLine bob() {
        return user(BOB, acmeRuntime, "bob-state", ANSWER_TIMEOUT_SECONDS);
    }

    /**
     * acme.net's other user, whose answers come through acme.org's MX, the tampering relay. A changed answer is no
     * answer at all, so the client waits for a genuine one until its timeout: a short one here.
     */
    private MailKeysCommandLine dave() {
        return user(DAVE, acmeRuntime, "dave-state", 10);
    }

    /**
     * A user of a provider: DNS from the test's Knot on port 53, validated from the test's trust anchor (example.net's
     * DS record); MX connections to port 25, the default.
     */
    private MailKeysCommandLine user(String account, RuntimeFolder provider, String stateFolder, int timeoutSeconds) {
        return new MailKeysCommandLine(List.of("--account", account, "--password-env", PASSWORD_VARIABLE,
            "--resolver", DNS_HOST, "--trust-anchors", dns.trustAnchors().toString(), "--trust-store", trustStore.toString(),
            "--submission", "localhost:" + provider.ports().submission,
            "--imap", "localhost:" + provider.ports().imap,
            "--state-dir", folder.resolve(stateFolder).toString(), "--timeout", Integer.toString(timeoutSeconds)),
            Map.of(PASSWORD_VARIABLE, TestJames.PASSWORD));
    }

    /**
     * Waits for James' remote delivery to log that the MX the test's DNS names for the recipient's domain took a mail
     * for the recipient: "sent successfully to MX-HOST. at ADDRESS from ... for [RECIPIENT]" (port 25: only the
     * MX listener listens on that address).
     */
    private static void assertDeliveredThroughMx(LogCapture logs, String mxHostName, String mxAddress, String recipient) {
        Pattern delivery = Pattern.compile("sent successfully to " + Pattern.quote(mxHostName) + "\\.? at "
            + Pattern.quote(mxAddress) + " .* for \\[" + Pattern.quote(recipient) + "\\]");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deliveries(logs))
            .as("remote deliveries").anyMatch(line -> delivery.matcher(line).find()));
    }

    private static List<String> deliveries(LogCapture logs) {
        return logs.text().lines().filter(line -> line.contains("sent successfully")).collect(Collectors.toList());
    }

    private static GnuPG gnuPg(String name) throws IOException {
        return new GnuPG(Files.createTempDirectory(folder, name));
    }

    private String publishAlicesKey(GnuPG aliceGpg) throws Exception {
        String fingerprint = aliceGpg.generateEd25519("Alice <" + ALICE + ">");
        MailKeysCommandLine.Run published = alice().run("publish", List.of("--gpg"), Map.of("GNUPGHOME", aliceGpg.home().toString()));
        assertThat(published.exitCode).as(published.toString()).isEqualTo(0);
        assertThat(published.out).contains("PUBLISHED");
        return fingerprint;
    }

    @Test
    void aliceShouldPublishHerGnuPgKeyAndBobShouldImportItFromHerProvider() throws Exception {
        try (GnuPG aliceGpg = gnuPg("alice-gpg"); GnuPG bobGpg = gnuPg("bob-gpg"); LogCapture logs = new LogCapture()) {
            String fingerprint = publishAlicesKey(aliceGpg);

            MailKeysCommandLine.Run lookup = bob().run("lookup", List.of("--import", ALICE),
                Map.of("GNUPGHOME", bobGpg.home().toString()));

            assertThat(lookup.exitCode).as(lookup.toString()).isEqualTo(0);
            assertThat(lookup.out).contains("KEY-FOUND").contains(fingerprint).contains("protection: dane");
            assertThat(bobGpg.fingerprints()).containsExactly(fingerprint);
            assertThat(bobGpg.userIds(fingerprint)).containsExactly("Alice <" + ALICE + ">");
            // the answer left example.net's James through its spool, for acme.net's MX as the test's DNS names it
            assertDeliveredThroughMx(logs, "mx.acme.net", ACME_NET_MX, BOB);
        }
    }

    /** example.net's log keys as its WKD host serves them (vkey and vrf lines), read from the keys its James made. */
    private static Path exampleNetLogKeys() throws Exception {
        Path file = folder.resolve("example.net-log-keys");
        org.mailkeys.transparency.LogKeys keys = org.mailkeys.transparency.LogKeys.decode(
            Files.readAllBytes(folder.resolve("example.net").resolve("var/mailkeys/log/private/keys"))).orElseThrow();
        return Files.writeString(file, keys.publicKeys(), StandardCharsets.US_ASCII);
    }

    @Test
    void aLookupShouldCheckTheProvidersKeyLogAndSayItVerified() throws Exception {
        try (GnuPG aliceGpg = gnuPg("alice-gpg"); GnuPG bobGpg = gnuPg("bob-gpg")) {
            String fingerprint = publishAlicesKey(aliceGpg);

            MailKeysCommandLine.Run lookup = bob().run("lookup", List.of("--import", "--require", "dane,transparency",
                "--log-keys", exampleNetLogKeys().toString(), ALICE), Map.of("GNUPGHOME", bobGpg.home().toString()));

            assertThat(lookup.exitCode).as(lookup.toString()).isEqualTo(0);
            assertThat(lookup.out).contains("KEY-FOUND").contains(fingerprint).contains("transparency: verified");
            assertThat(bobGpg.fingerprints()).containsExactly(fingerprint);
            assertThat(folder.resolve("bob-state/log/example.net/checkpoint")).isRegularFile();

            MailKeysCommandLine.Run again = bob().run("lookup", List.of("--json", "--require", "transparency", ALICE), Map.of());

            assertThat(again.exitCode).as(again.toString()).isEqualTo(0);
            assertThat(again.out).contains("\"transparency\":\"verified\"");
        }
    }

    @Test
    void logKeysThatDoNotSignTheProvidersCheckpointsShouldMakeTheAnswerTamperedAndImportNothing() throws Exception {
        try (GnuPG aliceGpg = gnuPg("alice-gpg"); GnuPG bobGpg = gnuPg("bob-gpg")) {
            publishAlicesKey(aliceGpg);
            org.mailkeys.transparency.LogKeys other = org.mailkeys.transparency.LogKeys.generate("example.net/mailkeys-log",
                new java.security.SecureRandom());
            Path otherKeys = Files.writeString(folder.resolve("other-log-keys"), other.publicKeys(), StandardCharsets.US_ASCII);

            MailKeysCommandLine.Run lookup = user(BOB, acmeRuntime, "bob-other-keys-state", TAMPERED_ANSWER_TIMEOUT_SECONDS)
                .run("lookup", List.of("--import", "--log-keys", otherKeys.toString(), ALICE),
                    Map.of("GNUPGHOME", bobGpg.home().toString()));

            assertThat(lookup.exitCode).as(lookup.toString()).isEqualTo(7);
            assertThat(lookup.out).contains("TAMPERED").contains("transparency: failed");
            assertThat(bobGpg.fingerprints()).isEmpty();
        }
    }

    @Test
    void requireTransparencyShouldRefuseAVersion1AnswerAndImportNothing() throws Exception {
        try (GnuPG bobGpg = gnuPg("bob-gpg"); GnuPG aliceGpg = gnuPg("alice-gpg")) {
            String fingerprint = bobGpg.generateEd25519("Bob <" + BOB + ">");
            MailKeysCommandLine.Run published = bob().run("publish", List.of("--gpg"),
                Map.of("GNUPGHOME", bobGpg.home().toString()));
            assertThat(published.exitCode).as(published.toString()).isEqualTo(0);

            MailKeysCommandLine.Run plain = alice().run("lookup", List.of(BOB), Map.of());
            MailKeysCommandLine.Run required = alice().run("lookup", List.of("--import", "--json", "--require",
                "transparency", BOB), Map.of("GNUPGHOME", aliceGpg.home().toString()));

            assertThat(plain.exitCode).as(plain.toString()).isEqualTo(0);
            assertThat(plain.out).contains(fingerprint).contains("transparency: not-offered");
            assertThat(required.exitCode).as(required.toString()).isEqualTo(7);
            assertThat(required.out).contains("\"result\":\"unverified\"").contains("\"transparency\":\"not-offered\"");
            assertThat(aliceGpg.fingerprints()).isEmpty();
        }
    }

    @Test
    void aLookupShouldFallBackToTheNextMxWhenTheFirstIsUnreachable() throws Exception {
        MailKeysCommandLine.Run lookup = bob().run("lookup", List.of("nobody@example.net"), Map.of());

        assertThat(lookup.exitCode).as(lookup.toString()).isEqualTo(3);
        assertThat(lookup.err).contains("connecting to MX mx-down.example.net").contains("connecting to MX mx.example.net");
        assertThat(lookup.err.indexOf("MX mx-down.example.net")).isLessThan(lookup.err.indexOf("MX mx.example.net"));
    }

    @Test
    void aVerifiedNotFoundShouldBeReportedAsNotFound() throws Exception {
        MailKeysCommandLine.Run lookup = bob().run("lookup", List.of("--json", "--require", "dane", "nobody@example.net"), Map.of());

        assertThat(lookup.exitCode).as(lookup.toString()).isEqualTo(3);
        assertThat(lookup.out).contains("\"result\":\"not-found\"").contains("\"verified\":true")
            .contains("\"protection\":\"dane\"");
    }

    @Test
    void anAnswerChangedOnTheWayShouldBeReportedAsTamperedAndNothingImported() throws Exception {
        try (GnuPG aliceGpg = gnuPg("alice-gpg"); GnuPG daveGpg = gnuPg("dave-gpg"); LogCapture logs = new LogCapture()) {
            publishAlicesKey(aliceGpg);
            int tamperedBefore = relay.tamperedMessages();

            MailKeysCommandLine.Run lookup = dave().run("lookup", List.of("--import", ALICE),
                Map.of("GNUPGHOME", daveGpg.home().toString()));

            assertThat(lookup.exitCode).as(lookup.toString()).isEqualTo(7);
            assertThat(lookup.out).contains("TAMPERED");
            assertThat(daveGpg.fingerprints()).isEmpty();
            assertThat(relay.tamperedMessages()).isGreaterThan(tamperedBefore);
            // example.net's James delivered the answer to acme.org's MX, the relay, as the test's DNS names it
            assertDeliveredThroughMx(logs, "mx.acme.org", ACME_ORG_MX, DAVE);
        }
    }

    @Test
    void aDomainWithoutTheServiceShouldBeReportedAsNotSupported() throws Exception {
        // plain.test's MX (example.net's server) does not offer MailKeys for it: it refuses keys@plain.test
        MailKeysCommandLine.Run lookup = bob().run("lookup", List.of("carol@plain.test"), Map.of());

        assertThat(lookup.exitCode).as(lookup.toString()).isEqualTo(5);
        assertThat(lookup.out).contains("NOT-SUPPORTED");
    }

    @Test
    void aliceShouldDeleteHerKeySoThatItIsNoLongerFound() throws Exception {
        try (GnuPG aliceGpg = gnuPg("alice-gpg")) {
            publishAlicesKey(aliceGpg);

            MailKeysCommandLine.Run deleted = alice().run("delete", List.of(), Map.of());
            MailKeysCommandLine.Run lookup = bob().run("lookup", List.of(ALICE), Map.of());

            assertThat(deleted.exitCode).as(deleted.toString()).isEqualTo(0);
            assertThat(deleted.out).contains("DELETED");
            assertThat(lookup.exitCode).as(lookup.toString()).isEqualTo(3);
        }
    }

    private static String closedPort() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return Integer.toString(probe.getLocalPort());
        }
    }

    @Test
    void withPort25BlockedALookupShouldFailWithAHintAndSucceedInRelayedMode() throws Exception {
        try (GnuPG aliceGpg = gnuPg("alice-gpg"); LogCapture logs = new LogCapture()) {
            String fingerprint = publishAlicesKey(aliceGpg);
            String blocked = closedPort();

            MailKeysCommandLine.Run direct = bob().run("lookup", List.of("--mx-port", blocked, ALICE), Map.of());
            MailKeysCommandLine.Run relayed = bob().run("lookup", List.of("--mx-port", blocked, "--relay", "--json", ALICE), Map.of());

            assertThat(direct.exitCode).as(direct.toString()).isEqualTo(8);
            assertThat(direct.out).contains("--relay");
            assertThat(relayed.exitCode).as(relayed.toString()).isEqualTo(0);
            assertThat(relayed.out).contains("\"result\":\"key-found\"").contains("\"relayed\":true")
                .contains(fingerprint).contains("obtained in relayed mode");
            // acme.net's James sent the request on to example.net's second MX, the first being down
            assertDeliveredThroughMx(logs, "mx.example.net", EXAMPLE_NET_MX, "keys@example.net");
        }
    }

    @Test
    void aBounceOfARelayedLookupShouldOnlyBeReportedAsProbablyNotSupported() throws Exception {
        // acme.net's server relays the request to plain.test's MX; example.net's server there refuses it; acme.net
        // bounces. A bounce is unauthenticated (docs/PROTOCOL.md 6): the client waits for a real answer until its timeout.
        MailKeysCommandLine.Run lookup = user(BOB, acmeRuntime, "bob-bounce-state", 15)
            .run("lookup", List.of("--mx-port", closedPort(), "--relay", "--json", "carol@plain.test"), Map.of());

        assertThat(lookup.exitCode).as(lookup.toString()).isEqualTo(10);
        assertThat(lookup.out).contains("\"result\":\"probably-not-supported\"").contains("bounced")
            .contains("\"protection\":\"relayed\"");
    }

    /**
     * A bounce anyone could have written, quoting a pending request's Message-ID, arrives in bob's INBOX next to the
     * genuine answer: it must not make the client give up the request (docs/PROTOCOL.md 6), so the verified answer wins.
     */
    @Test
    void aForgedBounceShouldNotHideTheGenuineAnswer() throws Exception {
        try (GnuPG aliceGpg = gnuPg("alice-gpg")) {
            String fingerprint = publishAlicesKey(aliceGpg);
            // a state folder of its own: `answers` collects every pending request in it, and bounced ones stay pending
            MailKeysCommandLine bob = user(BOB, acmeRuntime, "bob-forged-bounce-state", ANSWER_TIMEOUT_SECONDS);
            MailKeysCommandLine.Run sent = bob.run("lookup", List.of("--no-wait", "--json", ALICE), Map.of());
            assertThat(sent.exitCode).as(sent.toString()).isEqualTo(0);
            Matcher messageId = Pattern.compile("\"messageId\":\"(<[^\"]+>)\"").matcher(sent.out);
            assertThat(messageId.find()).as(sent.out).isTrue();

            String bounce = "From: MAILER-DAEMON@acme.net\r\nTo: " + BOB + "\r\nSubject: Undelivered Mail Returned to Sender\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nYour mail to keys@example.net could not be delivered.\r\n"
                + "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n"
                + "Final-Recipient: rfc822; keys@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
                + "--b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: " + messageId.group(1) + "\r\n"
                + "To: keys@example.net\r\n\r\n--b--\r\n";
            try (SmtpSession smtp = SmtpSession.startTls(acmeRuntime.ports().submission)) {
                smtp.authenticate(DAVE, TestJames.PASSWORD).send(DAVE, BOB, bounce);
            }

            MailKeysCommandLine.Run collected = bob.run("answers", List.of("--wait", "--json"), Map.of());

            assertThat(collected.exitCode).as(collected.toString()).isEqualTo(0);
            assertThat(collected.out).contains("\"result\":\"key-found\"").contains(fingerprint)
                .doesNotContain("not-supported");
        }
    }

    @Test
    void anUnsignedDomainShouldBeReportedAsTlsWithoutDnsAuthenticationAndRefusedUnderRequire() throws Exception {
        MailKeysCommandLine.Run plain = bob().run("lookup", List.of("carol@plain.test"), Map.of());
        MailKeysCommandLine.Run required = bob().run("lookup", List.of("--require", "dnssec", "carol@plain.test"), Map.of());

        assertThat(plain.exitCode).as(plain.toString()).isEqualTo(5);
        assertThat(plain.out).contains("protection: tls (no DNS authentication)");
        assertThat(required.exitCode).as(required.toString()).isEqualTo(8);
        assertThat(required.out).contains("--require dnssec");
    }
}
