package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.testing.Dnsmasq;
import org.mailkeys.testing.GnuPG;

/**
 * Issue 3, the user's side, end to end: two providers (example.net and acme.net), each a James with MailKeys, DNS
 * from one dnsmasq, and the {@code mailkeys} command line run as a separate process with GnuPG homes of its own.
 * Mail between the providers goes as on the Internet: James' remote delivery asks that same dnsmasq for the MX of
 * the recipient's domain and connects to port 25 of the host it names. Each provider, the DNS server and the
 * tampering relay have a loopback address of their own (one block of 127/8 per run), so the real ports 25 and 53
 * are used: the test needs root, as here and in CI, and is skipped otherwise.
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
    private static TamperingSmtpRelay relay;
    private static Dnsmasq dns;
    private static RuntimeFolder exampleRuntime;
    private static RuntimeFolder acmeRuntime;
    private static Path trustStore;

    @BeforeAll
    static void startProviders() throws Exception {
        assumeThePrivilegedPortsCanBeBound();
        dns = Dnsmasq.startOn(InetAddress.getByName(DNS_HOST), 53, List.of("net", "org", "test"), List.of(
            "--mx-host=example.net,mx-down.example.net,10",
            "--mx-host=example.net,mx.example.net,20",
            "--mx-host=acme.net,mx.acme.net,10",
            "--mx-host=acme.org,mx.acme.org,10",
            "--mx-host=plain.test,mx.example.net,10",
            "--host-record=mx-down.example.net," + DOWN_MX,
            "--host-record=mx.example.net," + EXAMPLE_NET_MX,
            "--host-record=mx.acme.net," + ACME_NET_MX,
            "--host-record=mx.acme.org," + ACME_ORG_MX));
        exampleRuntime = RuntimeFolder.forTests();
        acmeRuntime = RuntimeFolder.forTests();
        relay = new TamperingSmtpRelay(new InetSocketAddress(ACME_ORG_MX, SMTP), new InetSocketAddress(ACME_NET_MX, SMTP),
            UserSideEndToEndTest::changeTheKey);
        exampleNet = start(exampleRuntime, folder.resolve("example.net"), "mx.example.net", EXAMPLE_NET_MX, ALICE);
        acmeNet = start(acmeRuntime, folder.resolve("acme.net"), "mx.acme.net", ACME_NET_MX, BOB, DAVE);
        trustStore = folder.resolve("test-cas.pem");
        Files.writeString(trustStore, SelfSignedKeystore.certificatePem(folder.resolve("example.net"))
            + SelfSignedKeystore.certificatePem(folder.resolve("acme.net")), StandardCharsets.US_ASCII);
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
            Assumptions.assumeTrue(false, "cannot listen on port 25 of " + EXAMPLE_NET_MX + " (" + e.getMessage()
                + "): the provider end-to-end test needs root, for its MX listeners on 25 and DNS on 53");
        }
    }

    /**
     * A provider for the domains of the given users: its MX listener on port 25 of its own address, a certificate
     * for its MX host name, and James' own DNS service asking the test's dnsmasq (nothing of James' DNS replaced).
     */
    private static GuiceJamesServer start(RuntimeFolder runtime, Path root, String mxHostName, String mxAddress,
                                          String... users) throws Exception {
        SelfSignedKeystore.createIfMissing(root, List.of(mxHostName));
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
        for (String listeners : new String[] {"smtpserver.xml", "imapserver.xml"}) {
            Path file = conf.resolve(listeners);
            Files.writeString(file, Files.readString(file, StandardCharsets.UTF_8)
                .replaceAll("<jmxName>([^<]+)</jmxName>", "<jmxName>$1-" + domain + "</jmxName>"), StandardCharsets.UTF_8);
        }
        GuiceJamesServer server = MailKeysServer.withJamesDns(configuration);
        server.start();
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        for (String user : users) {
            String userDomain = user.substring(user.indexOf('@') + 1);
            if (!data.containsDomain(userDomain)) {
                data.addDomain(userDomain);
            }
            data.addUser(user, MailKeysServer.PASSWORD);
        }
        return server;
    }

    private static void replaceOnce(Path file, String shipped, String test) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text.split(Pattern.quote(shipped), -1)).as("%s in %s", shipped, file.getFileName()).hasSize(2);
        Files.writeString(file, text.replace(shipped, test), StandardCharsets.UTF_8);
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

    /** A user of a provider: DNS from the test's dnsmasq on port 53; MX connections to port 25, the default. */
    private MailKeysCommandLine user(String account, RuntimeFolder provider, String stateFolder, int timeoutSeconds) {
        return new MailKeysCommandLine(List.of("--account", account, "--password-env", PASSWORD_VARIABLE,
            "--resolver", DNS_HOST, "--trust-store", trustStore.toString(),
            "--submission", "localhost:" + provider.ports().submission,
            "--imap", "localhost:" + provider.ports().imap,
            "--state-dir", folder.resolve(stateFolder).toString(), "--timeout", Integer.toString(timeoutSeconds)),
            Map.of(PASSWORD_VARIABLE, MailKeysServer.PASSWORD));
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
            assertThat(lookup.out).contains("KEY-FOUND").contains(fingerprint);
            assertThat(bobGpg.fingerprints()).containsExactly(fingerprint);
            assertThat(bobGpg.userIds(fingerprint)).containsExactly("Alice <" + ALICE + ">");
            // the answer left example.net's James through its spool, for acme.net's MX as the test's DNS names it
            assertDeliveredThroughMx(logs, "mx.acme.net", ACME_NET_MX, BOB);
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
        MailKeysCommandLine.Run lookup = bob().run("lookup", List.of("--json", "nobody@example.net"), Map.of());

        assertThat(lookup.exitCode).as(lookup.toString()).isEqualTo(3);
        assertThat(lookup.out).contains("\"result\":\"not-found\"").contains("\"verified\":true");
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
    void aBounceOfARelayedLookupShouldBeReportedAsNotSupported() throws Exception {
        // acme.net's server relays the request to plain.test's MX; example.net's server there refuses it; acme.net bounces
        MailKeysCommandLine.Run lookup = bob().run("lookup", List.of("--mx-port", closedPort(), "--relay", "carol@plain.test"), Map.of());

        assertThat(lookup.exitCode).as(lookup.toString()).isEqualTo(5);
        assertThat(lookup.out).contains("NOT-SUPPORTED").contains("bounced");
    }
}
