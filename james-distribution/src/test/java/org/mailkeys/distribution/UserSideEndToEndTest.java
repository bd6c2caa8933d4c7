package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.utils.DataProbeImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.client.Dnsmasq;

/**
 * Issue 3, the user's side, end to end: two providers (example.net and acme.net), each a James with MailKeys, mail
 * between them through James' remote delivery (via a relay that can tamper), DNS from dnsmasq, and the
 * {@code mailkeys} command line run as a separate process with GnuPG homes of its own.
 *
 * <p>The MX records of example.net name an unreachable host first (mx-down.example.net, preference 10) and the
 * real server second; every lookup of an example.net address thus also shows the fallback to the next MX.
 */
class UserSideEndToEndTest {
    private static final String ALICE = "alice@example.net";
    private static final String BOB = "bob@acme.net";
    private static final String PASSWORD_VARIABLE = "MAILKEYS_TEST_PASSWORD";

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
        dns = Dnsmasq.start(List.of("net", "test"), List.of(
            "--mx-host=example.net,mx-down.example.net,10",
            "--mx-host=example.net,localhost,20",
            "--mx-host=acme.net,localhost,10",
            "--mx-host=plain.test,localhost,10",
            "--host-record=mx-down.example.net,127.0.0.9",
            "--host-record=localhost,127.0.0.1"));
        exampleRuntime = RuntimeFolder.forTests();
        acmeRuntime = RuntimeFolder.forTests();
        // answers from example.net to acme.net pass the relay, which can change them
        relay = new TamperingSmtpRelay(acmeRuntime.ports().smtpMx, UserSideEndToEndTest::changeTheKey);
        exampleNet = start(exampleRuntime, folder.resolve("example.net"), relay.port(), "example.net", ALICE);
        acmeNet = start(acmeRuntime, folder.resolve("acme.net"), exampleRuntime.ports().smtpMx, "acme.net", BOB);
        trustStore = folder.resolve("test-cas.pem");
        Files.writeString(trustStore, pem(folder.resolve("example.net")) + pem(folder.resolve("acme.net")), StandardCharsets.US_ASCII);
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

    /** A provider whose remote delivery goes to the given port on loopback (the other provider, or the relay). */
    private static GuiceJamesServer start(RuntimeFolder runtime, Path root, int remoteDeliveryPort, String domain,
                                          String user) throws Exception {
        MemoryJamesConfiguration configuration = runtime.layOut(root);
        Path mailetContainer = root.resolve("conf").resolve("mailetcontainer.xml");
        String xml = Files.readString(mailetContainer, StandardCharsets.UTF_8);
        String bounceLine = "<bounceProcessor>bounces</bounceProcessor>";
        assertThat(xml.split(Pattern.quote(bounceLine), -1)).as("RemoteDelivery's bounceProcessor").hasSize(2);
        // two servers in one JVM: their processors must not register the same JMX names
        Files.writeString(mailetContainer, xml.replace(bounceLine,
            bounceLine + "<gateway>localhost:" + remoteDeliveryPort + "</gateway>")
            .replace("enableJmx=\"true\"", "enableJmx=\"false\"")
            .replace("<processors>", "<processors enableJmx=\"false\">"), StandardCharsets.UTF_8);
        for (String listeners : new String[] {"smtpserver.xml", "imapserver.xml"}) {
            Path file = root.resolve("conf").resolve(listeners);
            Files.writeString(file, Files.readString(file, StandardCharsets.UTF_8)
                .replaceAll("<jmxName>([^<]+)</jmxName>", "<jmxName>$1-" + domain + "</jmxName>"), StandardCharsets.UTF_8);
        }
        GuiceJamesServer server = MailKeysServer.create(configuration);
        server.start();
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        data.addDomain(domain);
        data.addUser(user, MailKeysServer.PASSWORD);
        return server;
    }

    private static String pem(Path runtimeRoot) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(runtimeRoot.resolve(SelfSignedKeystore.RELATIVE_PATH).toFile())) {
            keyStore.load(in, SelfSignedKeystore.SECRET.toCharArray());
        }
        Certificate certificate = keyStore.getCertificate("james");
        return "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
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
        return new MailKeysCommandLine(List.of("--account", ALICE, "--password-env", PASSWORD_VARIABLE,
            "--resolver", dns.address().toString(), "--trust-store", trustStore.toString(),
            "--submission", "localhost:" + exampleRuntime.ports().submission,
            "--imap", "localhost:" + exampleRuntime.ports().imap,
            "--state-dir", folder.resolve("alice-state").toString(), "--timeout", "60"),
            Map.of(PASSWORD_VARIABLE, MailKeysServer.PASSWORD));
    }

    private MailKeysCommandLine bob() {
        return new MailKeysCommandLine(List.of("--account", BOB, "--password-env", PASSWORD_VARIABLE,
            "--resolver", dns.address().toString(), "--trust-store", trustStore.toString(),
            "--submission", "localhost:" + acmeRuntime.ports().submission,
            "--imap", "localhost:" + acmeRuntime.ports().imap,
            "--state-dir", folder.resolve("bob-state").toString(), "--timeout", "60"),
            Map.of(PASSWORD_VARIABLE, MailKeysServer.PASSWORD));
    }

    private List<String> lookupAtExampleNet(String... arguments) {
        List<String> options = new ArrayList<>(List.of("--mx-port", Integer.toString(exampleRuntime.ports().smtpMx)));
        options.addAll(List.of(arguments));
        return options;
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
        try (GnuPG aliceGpg = gnuPg("alice-gpg"); GnuPG bobGpg = gnuPg("bob-gpg")) {
            String fingerprint = publishAlicesKey(aliceGpg);

            MailKeysCommandLine.Run lookup = bob().run("lookup", lookupAtExampleNet("--import", ALICE),
                Map.of("GNUPGHOME", bobGpg.home().toString()));

            assertThat(lookup.exitCode).as(lookup.toString()).isEqualTo(0);
            assertThat(lookup.out).contains("KEY-FOUND").contains(fingerprint);
            assertThat(bobGpg.fingerprints()).containsExactly(fingerprint);
            assertThat(bobGpg.userIds(fingerprint)).containsExactly("Alice <" + ALICE + ">");
        }
    }

    @Test
    void aLookupShouldFallBackToTheNextMxWhenTheFirstIsUnreachable() throws Exception {
        MailKeysCommandLine.Run lookup = bob().run("lookup", lookupAtExampleNet("nobody@example.net"), Map.of());

        assertThat(lookup.exitCode).as(lookup.toString()).isEqualTo(3);
        assertThat(lookup.err).contains("connecting to MX mx-down.example.net").contains("connecting to MX localhost");
        assertThat(lookup.err.indexOf("mx-down.example.net")).isLessThan(lookup.err.indexOf("MX localhost"));
    }

    @Test
    void aVerifiedNotFoundShouldBeReportedAsNotFound() throws Exception {
        MailKeysCommandLine.Run lookup = bob().run("lookup", lookupAtExampleNet("--json", "nobody@example.net"), Map.of());

        assertThat(lookup.exitCode).as(lookup.toString()).isEqualTo(3);
        assertThat(lookup.out).contains("\"result\":\"not-found\"").contains("\"verified\":true");
    }

    @Test
    void anAnswerChangedOnTheWayShouldBeReportedAsTamperedAndNothingImported() throws Exception {
        try (GnuPG aliceGpg = gnuPg("alice-gpg"); GnuPG bobGpg = gnuPg("bob-gpg")) {
            publishAlicesKey(aliceGpg);
            int tamperedBefore = relay.tamperedMessages();
            relay.tamper(true);
            MailKeysCommandLine.Run lookup;
            try {
                lookup = bob().run("lookup", lookupAtExampleNet("--import", ALICE), Map.of("GNUPGHOME", bobGpg.home().toString()));
            } finally {
                relay.tamper(false);
            }

            assertThat(relay.tamperedMessages()).isGreaterThan(tamperedBefore);
            assertThat(lookup.exitCode).as(lookup.toString()).isEqualTo(7);
            assertThat(lookup.out).contains("TAMPERED");
            assertThat(bobGpg.fingerprints()).isEmpty();
        }
    }

    @Test
    void aDomainWithoutTheServiceShouldBeReportedAsNotSupported() throws Exception {
        // plain.test's MX (acme.net's server) does not offer MailKeys for it: it refuses keys@plain.test
        MailKeysCommandLine.Run lookup = bob().run("lookup",
            List.of("--mx-port", Integer.toString(acmeRuntime.ports().smtpMx), "carol@plain.test"), Map.of());

        assertThat(lookup.exitCode).as(lookup.toString()).isEqualTo(5);
        assertThat(lookup.out).contains("NOT-SUPPORTED");
    }

    @Test
    void aliceShouldDeleteHerKeySoThatItIsNoLongerFound() throws Exception {
        try (GnuPG aliceGpg = gnuPg("alice-gpg")) {
            publishAlicesKey(aliceGpg);

            MailKeysCommandLine.Run deleted = alice().run("delete", List.of(), Map.of());
            MailKeysCommandLine.Run lookup = bob().run("lookup", lookupAtExampleNet(ALICE), Map.of());

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
        try (GnuPG aliceGpg = gnuPg("alice-gpg")) {
            String fingerprint = publishAlicesKey(aliceGpg);
            String blocked = closedPort();

            MailKeysCommandLine.Run direct = bob().run("lookup", List.of("--mx-port", blocked, ALICE), Map.of());
            MailKeysCommandLine.Run relayed = bob().run("lookup", List.of("--mx-port", blocked, "--relay", "--json", ALICE), Map.of());

            assertThat(direct.exitCode).as(direct.toString()).isEqualTo(8);
            assertThat(direct.out).contains("--relay");
            assertThat(relayed.exitCode).as(relayed.toString()).isEqualTo(0);
            assertThat(relayed.out).contains("\"result\":\"key-found\"").contains("\"relayed\":true")
                .contains(fingerprint).contains("obtained in relayed mode");
        }
    }

    @Test
    void aBounceOfARelayedLookupShouldBeReportedAsNotSupported() throws Exception {
        // acme.net's server relays the request; example.net's (the next hop) refuses plain.test; acme.net bounces
        MailKeysCommandLine.Run lookup = bob().run("lookup", List.of("--mx-port", closedPort(), "--relay", "carol@plain.test"), Map.of());

        assertThat(lookup.exitCode).as(lookup.toString()).isEqualTo(5);
        assertThat(lookup.out).contains("NOT-SUPPORTED").contains("bounced");
    }
}
