package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.testing.Prerequisites;
import org.mailkeys.testing.TestCertificates;
import org.mailkeys.protocol.PublicKeys;
import org.mailkeys.store.WebKeyHash;
import org.mailkeys.testing.Dnsmasq;
import org.mailkeys.testing.GnuPG;
import org.mailkeys.testing.TestTrust;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * Issue 8, the Web Key Directory end to end: a key published with {@code mailkeys publish} through the KST is found
 * by GnuPG's own, unmodified WKD client ({@code gpg --locate-keys}, dirmngr, {@code gpg-wks-client}) over HTTPS
 * with every check on. The James WKD listener has port 443 of a loopback address of its own and a certificate of a
 * test CA for {@code openpgpkey.example.net} and {@code example.net}; GnuPG runs in a mount namespace whose
 * {@code /etc/resolv.conf} names the test's dnsmasq and whose system CA bundle holds the test CA alone. Needs root
 * (port 443 and 53, mount namespaces), as here and in CI; skipped otherwise.
 */
class WebKeyDirectoryTest {
    private static final String ALICE = "alice@example.net";
    private static final String PASSWORD_VARIABLE = "MAILKEYS_TEST_PASSWORD";
    private static final String WKS_CLIENT = "/usr/lib/gnupg/gpg-wks-client";
    private static final String NETWORK = "127." + ThreadLocalRandom.current().nextInt(1, 255) + "."
        + ThreadLocalRandom.current().nextInt(256) + ".";
    /** Names openpgpkey.example.net only: GnuPG must use the advanced method. */
    private static final String DNS_ADVANCED = NETWORK + "53";
    /** Names example.net only (openpgpkey.example.net does not exist): GnuPG must use the direct method. */
    private static final String DNS_DIRECT = NETWORK + "54";
    private static final String WKD_ADDRESS = NETWORK + "44";
    private static final int HTTPS = 443;

    @TempDir
    static Path folder;
    private static Dnsmasq advancedDns;
    private static Dnsmasq directDns;
    private static GuiceJamesServer james;
    private static RuntimeFolder runtime;
    private static Path root;
    private static TestCertificates authority;
    private static NamespacedProgram advanced;
    private static NamespacedProgram direct;

    @BeforeAll
    static void start() throws Exception {
        assumeRootCanDoWhatTheTestNeeds();
        advancedDns = Dnsmasq.startOn(InetAddress.getByName(DNS_ADVANCED), 53, List.of("net"),
            List.of("--host-record=openpgpkey.example.net," + WKD_ADDRESS));
        directDns = Dnsmasq.startOn(InetAddress.getByName(DNS_DIRECT), 53, List.of("net"),
            List.of("--host-record=example.net," + WKD_ADDRESS));
        authority = TestCertificates.newCa(folder.resolve("ca"));
        Path keystore = authority.issue("wkd", List.of("openpgpkey.example.net", "example.net"));
        advanced = new NamespacedProgram(folder, DNS_ADVANCED, authority.caPem());
        direct = new NamespacedProgram(folder, DNS_DIRECT, authority.caPem());

        runtime = RuntimeFolder.forTests();
        root = folder.resolve("james");
        MemoryJamesConfiguration configuration = runtime.layOut(root);
        Path properties = root.resolve("conf/mailkeys.properties");
        Files.writeString(properties, Files.readString(properties, StandardCharsets.UTF_8)
            + "\nwkd.enabled=true\nwkd.host=" + WKD_ADDRESS + "\nwkd.port=" + HTTPS + "\nwkd.tls.keystore=" + keystore
            + "\nwkd.tls.keystore.password=" + TestCertificates.PASSWORD + "\n", StandardCharsets.UTF_8);
        james = TestJames.create(configuration);
        james.start();
        TestJames.addDomainsAndUsers(james, ALICE);
    }

    @AfterAll
    static void stop() {
        if (james != null) {
            james.stop();
        }
        if (advancedDns != null) {
            advancedDns.close();
        }
        if (directDns != null) {
            directDns.close();
        }
    }

    private static void assumeRootCanDoWhatTheTestNeeds() throws IOException {
        Prerequisites.require(NamespacedProgram.available(), "the WKD end-to-end test needs root, unshare and "
            + NamespacedProgram.SYSTEM_CA_BUNDLE + " (mount namespaces, ports 443 and 53)");
        Prerequisites.require(Files.isExecutable(Path.of(WKS_CLIENT)),
            "gpg-wks-client is not installed (apt-get install gpg-wks-client)");
        try (ServerSocket probe = new ServerSocket(HTTPS, 1, InetAddress.getByName(WKD_ADDRESS))) {
            assertThat(probe.isBound()).isTrue();
        } catch (BindException e) {
            Prerequisites.require(false, "cannot listen on port 443 of " + WKD_ADDRESS + ": " + e.getMessage());
        }
    }

    private MailKeysCommandLine alice() throws Exception {
        Path trustStore = folder.resolve("james-certificate.pem");
        Files.writeString(trustStore, RuntimeKeystore.certificatePem(root), StandardCharsets.US_ASCII);
        return new MailKeysCommandLine(List.of("--account", ALICE, "--password-env", PASSWORD_VARIABLE,
            "--trust-store", trustStore.toString(),
            "--submission", "localhost:" + runtime.ports().submission,
            "--imap", "localhost:" + runtime.ports().imap,
            "--state-dir", folder.resolve("alice-state").toString(), "--timeout", "60"),
            Map.of(PASSWORD_VARIABLE, TestJames.PASSWORD));
    }

    private static GnuPG gnuPg(String name) throws IOException {
        return new GnuPG(Files.createTempDirectory(folder, name));
    }

    /** Alice makes a key with GnuPG and publishes it with the command line; returns its fingerprint. */
    private String publishAlicesKey() throws Exception {
        try (GnuPG aliceGpg = gnuPg("alice-gpg")) {
            String fingerprint = aliceGpg.generateEd25519("Alice <" + ALICE + ">");
            MailKeysCommandLine.Run published = alice().run("publish", List.of("--gpg"),
                Map.of("GNUPGHOME", aliceGpg.home().toString()));
            assertThat(published.exitCode).as(published.toString()).isEqualTo(0);
            assertThat(published.out).contains("PUBLISHED");
            return fingerprint;
        }
    }

    private static NamespacedProgram.Run locateKeys(NamespacedProgram dns, GnuPG home, String address)
        throws Exception {
        return dns.run(home.home(), "gpg", "--batch", "--verbose", "--locate-keys",
            "--auto-key-locate", "clear,nodefault,wkd", address);
    }

    /** gpg's WKD lookup through this DNS imports exactly alice's key, and gpg-wks-client --check finds it. */
    private static void assertGnuPgFindsAlicesKey(NamespacedProgram dns, GnuPG bob, String fingerprint)
        throws Exception {
        NamespacedProgram.Run located = locateKeys(dns, bob, ALICE);
        assertThat(located.exitCode).as(located.toString()).isEqualTo(0);
        assertThat(bob.fingerprints()).containsExactly(fingerprint);
        NamespacedProgram.Run check = dns.run(bob.home(), WKS_CLIENT, "--verbose", "--check", ALICE);
        assertThat(check.exitCode).as(check.toString()).isEqualTo(0);
    }

    @Test
    void gnuPgShouldFindThePublishedKeyByTheAdvancedMethod() throws Exception {
        String fingerprint = publishAlicesKey();

        try (GnuPG bob = gnuPg("bob-gpg")) {
            assertGnuPgFindsAlicesKey(advanced, bob, fingerprint);
            // "--supported" asks for the Web Key *Service* (key submission by mail to the submission address of the
            // policy file), which the listener announces for keys@<domain> (docs/PROTOCOL.md 11)
            NamespacedProgram.Run supported = advanced.run(bob.home(), WKS_CLIENT, "--verbose", "--supported", ALICE);
            assertThat(supported.output).as(supported.toString()).contains("supports WKS")
                .doesNotContain("does NOT support WKS");
            NamespacedProgram.Run colons = advanced.run(bob.home(), WKS_CLIENT, "--with-colons", "--supported", ALICE);
            assertThat(colons.output).as(colons.toString()).containsPattern("(?m)^example\\.net:1:1:");
        }
        byte[] served = httpsGet("openpgpkey.example.net", "/.well-known/openpgpkey/example.net/hu/"
            + WebKeyHash.ofLocalPart("alice") + "?l=alice");
        assertThat(PublicKeys.fingerprint(served)).contains(fingerprint);
        assertThat(served).isEqualTo(Files.readAllBytes(root.resolve(RuntimeFolder.KEY_STORE_FOLDER)
            .resolve("example.net/hu/" + WebKeyHash.ofLocalPart("alice"))));
    }

    @Test
    void gnuPgShouldFindThePublishedKeyByTheDirectMethod() throws Exception {
        String fingerprint = publishAlicesKey();

        try (GnuPG bob = gnuPg("bob-gpg")) {
            assertGnuPgFindsAlicesKey(direct, bob, fingerprint);
        }
    }

    @Test
    void aDeletedKeyShouldDisappearFromTheDirectory() throws Exception {
        publishAlicesKey();
        MailKeysCommandLine.Run deleted = alice().run("delete", List.of(), Map.of());
        assertThat(deleted.exitCode).as(deleted.toString()).isEqualTo(0);

        try (GnuPG bob = gnuPg("bob-gpg")) {
            NamespacedProgram.Run located = locateKeys(advanced, bob, ALICE);

            assertThat(located.exitCode).as(located.toString()).isNotEqualTo(0);
            assertThat(bob.fingerprints()).isEmpty();
            NamespacedProgram.Run check = advanced.run(bob.home(), WKS_CLIENT, "--verbose", "--check", ALICE);
            assertThat(check.exitCode).as(check.toString()).isNotEqualTo(0);
        }
    }

    @Test
    void gpgWksClientShouldFindTheWebKeyServiceAndItsSubmissionKeyByBothMethods() throws Exception {
        for (NamespacedProgram dns : List.of(advanced, direct)) {
            try (GnuPG home = gnuPg("wks-client")) {
                NamespacedProgram.Run supported = dns.run(home.home(), WKS_CLIENT, "--verbose", "--supported", ALICE);
                assertThat(supported.exitCode).as(supported.toString()).isEqualTo(0);
                NamespacedProgram.Run check = dns.run(home.home(), WKS_CLIENT, "--verbose", "--check",
                    "keys@example.net");
                assertThat(check.exitCode).as(check.toString()).isEqualTo(0);
            }
        }
    }

    @Test
    void gnuPgShouldFindNothingForAnAddressWithoutKey() throws Exception {
        try (GnuPG bob = gnuPg("bob-gpg")) {
            NamespacedProgram.Run located = locateKeys(advanced, bob, "nobody@example.net");

            assertThat(located.exitCode).as(located.toString()).isNotEqualTo(0);
            assertThat(bob.fingerprints()).isEmpty();
        }
    }

    @Test
    void hostileRequestsShouldGetFourHundredsAndNothingElse() throws Exception {
        publishAlicesKey();
        String hash = WebKeyHash.ofLocalPart("alice");

        assertThat(statusOf(request("GET /.well-known/openpgpkey/example.net/hu/../records/" + hash,
            "openpgpkey.example.net"))).isEqualTo(400);
        assertThat(statusOf(request("GET /.well-known/openpgpkey/example.net/hu/%2e%2e%2frecords%2f" + hash,
            "openpgpkey.example.net"))).isEqualTo(400);
        assertThat(statusOf(request("GET /.well-known/openpgpkey/hu/" + hash, "..%2f..%2fetc"))).isEqualTo(400);
        assertThat(statusOf(request("POST /.well-known/openpgpkey/example.net/hu/" + hash,
            "openpgpkey.example.net"))).isEqualTo(405);
        assertThat(statusOf(request("GET /.well-known/openpgpkey/example.net/hu/" + hash,
            "openpgpkey.example.net\r\nX-Big: " + "x".repeat(20_000)))).isEqualTo(431);
        assertThat(statusOf(request("GET /.well-known/openpgpkey/example.org/hu/" + hash,
            "openpgpkey.example.org"))).isEqualTo(404);
    }

    @Test
    void aSlowClientShouldBeCutOff() throws Exception {
        try (SSLSocket slow = tlsSocket("openpgpkey.example.net")) {
            slow.getOutputStream().write("GET /.well-known/".getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            slow.setSoTimeout(60_000);

            // the default limit is 10 s for the whole connection: the server closes it (a read timeout fails the test)
            assertThat(slow.getInputStream().read()).isEqualTo(-1);
        }
    }

    private static byte[] httpsGet(String host, String target) throws Exception {
        byte[] answer = request("GET " + target, host);
        assertThat(statusOf(answer)).isEqualTo(200);
        int end = indexOfBlankLine(answer);
        return Arrays.copyOfRange(answer, end + 4, answer.length);
    }

    /** One request over TLS to the WKD listener (its certificate checked against the test CA), any Host header. */
    private static byte[] request(String requestLine, String host) throws Exception {
        try (SSLSocket socket = tlsSocket("openpgpkey.example.net")) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        }
    }

    private static SSLSocket tlsSocket(String host) throws Exception {
        SSLContext context = TestTrust.context(TestTrust.pem(Files.readString(authority.caPem(),
            StandardCharsets.US_ASCII)));
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(WKD_ADDRESS, HTTPS), 10_000);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, HTTPS, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setServerNames(List.of(new SNIHostName(host)));
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static int statusOf(byte[] answer) {
        String statusLine = new String(answer, 0, Math.min(answer.length, 64), StandardCharsets.ISO_8859_1);
        assertThat(statusLine).startsWith("HTTP/1.1 ");
        return Integer.parseInt(statusLine.substring(9, 12));
    }

    private static int indexOfBlankLine(byte[] answer) {
        for (int i = 0; i + 3 < answer.length; i++) {
            if (answer[i] == '\r' && answer[i + 1] == '\n' && answer[i + 2] == '\r' && answer[i + 3] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("no header end");
    }
}
