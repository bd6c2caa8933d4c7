package org.mailkeys.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.testing.Dnsmasq;
import org.mailkeys.testing.KnotDns;
import org.mailkeys.testing.RecordingSmtpServer;
import org.mailkeys.testing.TestCertificates;
import org.mailkeys.testing.Unbound;

/**
 * Issue 9, with real servers: DNSSEC-signed zones served by Knot (signed by ldns-signzone; one of them broken after
 * signing), validated by the client from the test's trust anchors; TLSA records for the test MX certificates;
 * MTA-STS policies served over HTTPS with certificates of a test CA; SMTP servers that record what they receive.
 * Every forged server shows a certificate the test CA issued for its own name, so that without DANE, MTA-STS and the
 * RFC 7817 name rule the client would talk to it: the record of what it received proves that nothing went there.
 */
class DnsAuthenticatedLookupTest {
    private static final String NETWORK = "127." + ThreadLocalRandom.current().nextInt(1, 255) + "."
            + ThreadLocalRandom.current().nextInt(256) + ".";
    private static final String PASSWORD = "the-users-password-7f3a";

    @TempDir
    static Path folder;

    private static TestCertificates certificates;
    private static KnotDns dns;
    private static HttpsServer policyServer;
    private static int smtpPort;
    private static final Map<String, RecordingSmtpServer> servers = new java.util.LinkedHashMap<>();

    @TempDir
    Path state;

    @BeforeAll
    static void startServers() throws Exception {
        certificates = TestCertificates.newCa(folder.resolve("ca"));
        smtpPort = startSmtpServers(Map.of(
                "good.dane", List.of("mx.good.dane.test"),
                "mismatch.dane", List.of("mx.mismatch.dane.test"),
                "ta.dane", List.of("mx.ta.dane.test"),
                "bogus", List.of("mx.bogus.test"),
                "good.sts", List.of("mx.good.sts.test", "mx.plain.dane.test"),
                "forged.sts", List.of("evil.forged.sts.test"),
                "testing.sts", List.of("other.testing.sts.test"),
                "forged.srv", List.of("evil.srv.test"),
                "good.srv", List.of("good.srv.test")));
        String goodKey = TestCertificates.sha256(certificates.certificate("good.dane.pem").getPublicKey().getEncoded());
        String otherKey = TestCertificates.sha256(certificates.certificate("forged.sts.pem").getPublicKey().getEncoded());
        String caCertificate = TestCertificates.sha256(certificates.certificate("ca.pem").getEncoded());
        String bogusKey = TestCertificates.sha256(certificates.certificate("bogus.pem").getPublicKey().getEncoded());
        int policyPort = startPolicyServer(Map.of(
                "mta-sts.good.sts.test", "version: STSv1\r\nmode: enforce\r\nmx: mx.good.sts.test\r\nmax_age: 86400\r\n",
                "mta-sts.forged.sts.test", "version: STSv1\nmode: enforce\nmx: mx.forged.sts.test\nmax_age: 86400\n",
                "mta-sts.testing.sts.test", "version: STSv1\nmode: testing\nmx: mx.testing.sts.test\nmax_age: 86400\n",
                "mta-sts.redirect.sts.test", ENFORCE_ANY, "mta-sts.html.sts.test", ENFORCE_ANY,
                "mta-sts.huge.sts.test", ENFORCE_ANY + "#".repeat(MtaStsPolicies.MAX_POLICY_BYTES) + "\n",
                "mta-sts.slow.sts.test", ENFORCE_ANY));
        for (int i = 0; i < 300; i++) {
            LOG.filler(i);
        }
        String txt = "\"v=mailkeys-log1; vkey=" + LOG.keys().checkpointKey().verifierKey() + "; vrf="
                + java.util.Base64.getEncoder().encodeToString(LOG.keys().vrfKey().encoded()) + "\"";
        dns = KnotDns.start(InetAddress.getByName(NETWORK + "53"), freeUdpPort(NETWORK + "53"), folder.resolve("dns"), List.of(
                KnotDns.Zone.signed("dane.test", List.of(
                        "good MX 10 mx.good", "mx.good A " + address("good.dane"),
                        "_" + smtpPort + "._tcp.mx.good TLSA 3 1 1 " + goodKey,
                        "mismatch MX 10 mx.mismatch", "mx.mismatch A " + address("mismatch.dane"),
                        "_" + smtpPort + "._tcp.mx.mismatch TLSA 3 1 1 " + otherKey,
                        "ta MX 10 mx.ta", "mx.ta A " + address("ta.dane"),
                        "_" + smtpPort + "._tcp.mx.ta TLSA 2 0 1 " + caCertificate,
                        "plain MX 10 mx.plain", "mx.plain A " + address("good.sts"),
                        "_submissions._tcp.good SRV 0 0 465 mail.good", "_imaps._tcp.good SRV 0 0 993 mail.good",
                        "aliased MX 10 mx.aliased", "mx.aliased CNAME mx.ta",
                        "mail.good A " + address("good.dane"))),
                KnotDns.Zone.tamperedAfterSigning("bogus.test", List.of(
                        "@ MX 10 mx", "mx A " + address("bogus"), "_" + smtpPort + "._tcp.mx TLSA 3 1 1 " + bogusKey),
                        signed -> signed.replaceFirst("(bogus\\.test\\.\\s+300\\s+IN\\s+MX\\s+)10", "$120")),
                KnotDns.Zone.unsigned("sts.test", List.of(
                        "good MX 10 mx.good", "mx.good A " + address("good.sts"),
                        "_mta-sts.good TXT \"v=STSv1; id=20261129\"", "mta-sts.good A " + NETWORK + "80",
                        "forged MX 10 evil.forged", "evil.forged A " + address("forged.sts"),
                        "_mta-sts.forged TXT \"v=STSv1; id=1\"", "mta-sts.forged A " + NETWORK + "80",
                        "testing MX 10 other.testing", "other.testing A " + address("testing.sts"),
                        "_mta-sts.testing TXT \"v=STSv1; id=1\"", "mta-sts.testing A " + NETWORK + "80",
                        "hidden MX 10 evil.forged",
                        "mta-sts.redirect A " + NETWORK + "80", "mta-sts.html A " + NETWORK + "80", "_mta-sts.html TXT \"v=STSv1; id=7\"",
                        "mta-sts.huge A " + NETWORK + "80", "mta-sts.slow A " + NETWORK + "80")),
                KnotDns.Zone.signed("log.test", List.of(
                        "openpgpkey.good A " + NETWORK + "80", "_mailkeys-log.good TXT " + txt,
                        "openpgpkey.huge A " + NETWORK + "80", "openpgpkey.slow A " + NETWORK + "80")),
                KnotDns.Zone.unsigned("srv.test", List.of(
                        "_submission._tcp SRV 0 0 " + smtpPort + " evil", "evil A " + address("forged.srv"),
                        "_imaps._tcp SRV 0 0 993 evil",
                        "_submission._tcp.good SRV 0 0 " + smtpPort + " host.good", "host.good A " + address("good.srv")))));
        policyPortHolder = policyPort;
    }

    private static int policyPortHolder;
    private static final String ENFORCE_ANY = "version: STSv1\nmode: enforce\nmx: *.sts.test\nmax_age: 86400\n";

    private static Unbound validatingResolver;

    /** Unbound, validating the test's zones from the test's trust anchors; started by the first test that needs it. */
    private static synchronized Unbound validatingResolver() throws Exception {
        if (validatingResolver == null) {
            validatingResolver = Unbound.start(InetAddress.getByName(NETWORK + "54"), freeTcpPort(NETWORK + "54"),
                    folder.resolve("unbound"), dns, List.of("dane.test", "bogus.test", "sts.test", "srv.test"),
                    dns.trustAnchors());
        }
        return validatingResolver;
    }

    @AfterAll
    static void stopServers() throws IOException {
        if (validatingResolver != null) {
            validatingResolver.close();
        }
        for (RecordingSmtpServer server : servers.values()) {
            server.close();
        }
        if (policyServer != null) {
            policyServer.stop(0);
        }
        if (dns != null) {
            dns.close();
        }
    }

    /** One SMTP server per entry, each on its own loopback address, all on one port (the client's MX port). */
    private static int startSmtpServers(Map<String, List<String>> names) throws Exception {
        List<String> keys = new ArrayList<>(names.keySet());
        java.util.Collections.sort(keys);
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = freeTcpPort(NETWORK + "10");
            List<RecordingSmtpServer> started = new ArrayList<>();
            try {
                for (int i = 0; i < keys.size(); i++) {
                    String key = keys.get(i);
                    Path p12 = folder.resolve("ca").resolve(key + ".p12");
                    if (!p12.toFile().exists()) {
                        p12 = certificates.issue(key, names.get(key));
                    }
                    RecordingSmtpServer server = new RecordingSmtpServer(InetAddress.getByName(NETWORK + (10 + i)), port,
                            TestCertificates.serverContext(p12), names.get(key).get(0));
                    started.add(server);
                    servers.put(key, server);
                }
                return port;
            } catch (BindException e) {
                for (RecordingSmtpServer server : started) {
                    server.close();
                }
                servers.clear();
            }
        }
        throw new IOException("no common free port for the test's SMTP servers");
    }

    private static String address(String key) {
        List<String> keys = new ArrayList<>(servers.keySet());
        java.util.Collections.sort(keys);
        return NETWORK + (10 + keys.indexOf(key));
    }

    /** MTA-STS policies over HTTPS (RFC 8461 3.3) at NETWORK.80, by the Host header; one certificate for all names. */
    private static int startPolicyServer(Map<String, String> policies) throws Exception {
        List<String> names = new ArrayList<>(policies.keySet());
        names.addAll(List.of("openpgpkey.good.log.test", "openpgpkey.huge.log.test", "openpgpkey.slow.log.test"));
        Path p12 = certificates.issue("policies", names);
        policyServer = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(NETWORK + "80"), 0), 0);
        policyServer.setHttpsConfigurator(new HttpsConfigurator(TestCertificates.serverContext(p12)));
        policyServer.createContext("/.well-known/mta-sts.txt", exchange -> {
            String host = String.valueOf(exchange.getRequestHeaders().getFirst("Host")).replaceAll(":.*", "");
            String policy = policies.get(host);
            byte[] body = (policy == null ? "" : policy).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", host.startsWith("mta-sts.html.") ? "text/html" : "text/plain; charset=utf-8");
            int status = policy == null ? 404 : 200;
            if (host.startsWith("mta-sts.redirect.")) {
                exchange.getResponseHeaders().add("Location", "https://mta-sts.good.sts.test/.well-known/mta-sts.txt");
                status = 301;
            }
            if (host.startsWith("mta-sts.slow.")) {
                drip(exchange, body);
                return;
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        policyServer.createContext(WellKnownHttps.LOG_PREFIX, DnsAuthenticatedLookupTest::serveLog);
        policyServer.start();
        return policyServer.getAddress().getPort();
    }

    /** A key log built in the test, served by openpgpkey.good.log.test; the other log hosts misbehave. */
    private static final LogFixture LOG = new LogFixture();

    private static void serveLog(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        String host = String.valueOf(exchange.getRequestHeaders().getFirst("Host")).replaceAll(":.*", "");
        String file = exchange.getRequestURI().getPath().substring(WellKnownHttps.LOG_PREFIX.length());
        byte[] body = null;
        if (file.equals("keys")) {
            body = LOG.keys().text().getBytes(StandardCharsets.UTF_8);
        } else if (file.equals("checkpoint")) {
            body = LOG.checkpoint().getBytes(StandardCharsets.UTF_8);
        } else {
            body = org.mailkeys.transparency.TileId.parse(file).flatMap(LOG::read).orElse(null);
        }
        if (host.startsWith("openpgpkey.huge.")) {
            body = new byte[1024 * 1024];
        }
        if (host.startsWith("openpgpkey.slow.")) {
            drip(exchange, body == null ? new byte[100] : body);
            return;
        }
        exchange.sendResponseHeaders(body == null ? 404 : 200, body == null || body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (body != null) {
                out.write(body);
            }
        }
    }

    @Test
    void aKeyLogShouldBeReadOverHttpsWithItsKeysFromADnssecValidatedRecord() throws Exception {
        HttpsLogDirectory logs = new HttpsLogDirectory(validatingLookup(),
                new WellKnownHttps(validatingLookup(), testCaTrust(), policyPortHolder, Duration.ofSeconds(20)));
        LogState logState = new LogState(state.resolve("log"), java.time.Clock.systemUTC());

        assertThat(logs.dnssecKeys("good.log.test")).contains(LOG.keys());
        LogAudit.Report report = new LogAudit(new LogKeyPins(logs, logState, java.util.Optional.empty()), logState, logs)
                .verify("good.log.test", false);

        assertThat(report.verdict().status()).as(report.verdict().reason()).isEqualTo(Transparency.VERIFIED);
        assertThat(report.entries()).hasSize(300);
        assertThat(logState.keys("good.log.test")).contains(LOG.keys());
    }

    @Test
    void aLogHostThatSendsTooMuchOrDripsBytesShouldBeCutOff() throws Exception {
        WellKnownHttps https = new WellKnownHttps(validatingLookup(), testCaTrust(), policyPortHolder, Duration.ofSeconds(3));
        String tile = WellKnownHttps.LOG_PREFIX + "tile/0/000";

        assertThatThrownBy(() -> https.get("openpgpkey.huge.log.test", tile, 8192)).hasMessageContaining("larger than");
        assertThatThrownBy(() -> https.get("openpgpkey.slow.log.test", tile, 8192)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> https.get("openpgpkey.good.log.test", WellKnownHttps.LOG_PREFIX + "nothing", 8192))
                .isInstanceOf(WellKnownHttps.Absent.class);
        // the slow host drips 8 KiB at 2 bytes a second (over an hour): that the call returned at all is the bound
    }

    /** A policy server that sends one byte every half second: only a bound on the whole fetch stops waiting for it. */
    private static void drip(com.sun.net.httpserver.HttpExchange exchange, byte[] body) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            for (byte b : body) {
                out.write(b);
                out.flush();
                Thread.sleep(500);
            }
        } catch (IOException | InterruptedException e) {
            // the client hung up: what the test expects
        }
    }

    private static int freeTcpPort(String host) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return probe.getLocalPort();
        }
    }

    private static int freeUdpPort(String host) throws IOException {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, InetAddress.getByName(host))) {
            return probe.getLocalPort();
        }
    }

    private MailKeysClient client(String account, Protection.Requirement... require) {
        return client(account, validatingLookup(), require);
    }

    /** The client's own validation, from the test's trust anchors, of what the test's Knot answers. */
    private static DnsLookup validatingLookup() {
        return DnsLookup.using(new HostAndPort(dns.hostAddress(), dns.port()), DnssecValidation.fromTrustAnchors(dns.trustAnchors()));
    }

    private MailKeysClient client(String account, DnsLookup lookup, Protection.Requirement... require) {
        ClientSettings.Builder settings = ClientSettings.builder(account)
                .credentials(() -> new Credentials(account, PASSWORD.toCharArray()))
                .dns(lookup)
                .tls(testCaTrust())
                .mxPort(smtpPort)
                .mtaStsPort(policyPortHolder)
                .networkTimeout(Duration.ofSeconds(20))
                .stateFolder(state);
        for (Protection.Requirement requirement : require) {
            settings.require(requirement);
        }
        return new MailKeysClient(settings.build());
    }

    private static RecordingSmtpServer server(String key) {
        return servers.get(key);
    }

    /** The request, its K_auth with it, reached the server, exactly once more than before. */
    private static void assertRequestArrived(RecordingSmtpServer server, int mailsBefore, String queried) {
        assertThat(server.mails()).hasSize(mailsBefore + 1);
        assertThat(server.mails().get(mailsBefore)).contains("Subject: Key request").contains(queried);
    }

    /** Nothing of a request reached the server: no MAIL, no DATA, so no K_auth. */
    private static void assertNothingArrived(RecordingSmtpServer server) {
        assertThat(server.mails()).isEmpty();
        assertThat(server.received()).noneMatch(line -> line.toUpperCase(java.util.Locale.ROOT).startsWith("MAIL"));
    }

    @Test
    void aDomainWithValidDaneShouldGetTheRequestAndTheResultShouldSayDane() throws Exception {
        int before = server("good.dane").mails().size();

        Outcome outcome = client("bob@acme.test").sendLookup("alice@good.dane.test");

        assertThat(outcome).as(outcome.describe()).isInstanceOf(Outcome.Pending.class);
        assertThat(outcome.protection()).contains(Protection.DANE);
        assertRequestArrived(server("good.dane"), before, "alice@good.dane.test");
    }

    @Test
    void aDaneTrustAnchorRecordShouldAuthenticateAChainFromThatCa() throws Exception {
        int before = server("ta.dane").mails().size();

        Outcome outcome = client("bob@acme.test").sendLookup("alice@ta.dane.test");

        assertThat(outcome.protection()).as(outcome.describe()).contains(Protection.DANE);
        assertRequestArrived(server("ta.dane"), before, "alice@ta.dane.test");
    }

    @Test
    void aCertificateThatMatchesNoTlsaRecordShouldGetNothingEvenWithAValidCaChain() throws Exception {
        MailKeysClient client = client("bob@acme.test");

        Outcome outcome = client.sendLookup("alice@mismatch.dane.test");

        assertThat(outcome).as(outcome.describe()).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) outcome).reason()).contains("DANE");
        assertNothingArrived(server("mismatch.dane"));
        assertThat(client.pendingRequests().pending()).isEmpty();
    }

    @Test
    void aBogusDnssecAnswerShouldStopTheRequestBeforeAnyConnection() throws Exception {
        Outcome outcome = client("bob@acme.test").sendLookup("alice@bogus.test");

        assertThat(outcome).as(outcome.describe()).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) outcome).reason()).contains("DNSSEC");
        assertNothingArrived(server("bogus"));
        assertThat(server("bogus").received()).isEmpty();
    }

    /**
     * Issue 18 item 12: a stub resolver (dnsmasq without upstream) that serves the signed domain's MX and address but
     * no DNSSEC record at all, and refuses AAAA for the A-only MX host. The client validates from the trust anchors of
     * dane.test, which cover the name: the chain is missing, not broken.
     */
    private static Dnsmasq stubWithoutDnssec() throws Exception {
        return Dnsmasq.start(List.of(), List.of("--mx-host=good.dane.test,mx.good.dane.test,10",
                "--host-record=mx.good.dane.test," + address("good.dane")));
    }

    @Test
    void aResolverWithoutDnssecShouldGiveTlsAndSayWhyRatherThanStopEveryLookup() throws Exception {
        int before = server("good.dane").mails().size();
        List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Dnsmasq stub = stubWithoutDnssec()) {
            DnsLookup throughStub = DnsLookup.using(new HostAndPort(stub.hostAddress(), stub.port()),
                    DnssecValidation.fromTrustAnchors(dns.trustAnchors()));
            MailKeysClient client = new MailKeysClient(ClientSettings.builder("bob@acme.test").dns(throughStub)
                    .tls(testCaTrust()).mxPort(smtpPort).mtaStsPort(policyPortHolder).networkTimeout(Duration.ofSeconds(20))
                    .stateFolder(state).progress(progress::add).build());

            Outcome outcome = client.sendLookup("alice@good.dane.test");

            assertThat(outcome).as(outcome.describe()).isInstanceOf(Outcome.Pending.class);
            assertThat(outcome.protection()).contains(Protection.TLS);
            assertRequestArrived(server("good.dane"), before, "alice@good.dane.test");
            assertThat(progress).anyMatch(line -> line.startsWith("DNSSEC not checked for good.dane.test")
                    && line.contains("gives no DNSSEC records") && line.contains("--resolver") && line.contains("--require"));
        }
    }

    @Test
    void aResolverWithoutDnssecShouldBeRefusedUnderRequireBeforeAnyConnection() throws Exception {
        int before = server("good.dane").mails().size();
        int linesBefore = server("good.dane").received().size();
        try (Dnsmasq stub = stubWithoutDnssec()) {
            DnsLookup throughStub = DnsLookup.using(new HostAndPort(stub.hostAddress(), stub.port()),
                    DnssecValidation.fromTrustAnchors(dns.trustAnchors()));
            for (Protection.Requirement requirement : Protection.Requirement.values()) {
                Outcome outcome = client("bob@acme.test", throughStub, requirement).sendLookup("alice@good.dane.test");

                assertThat(outcome).as(outcome.describe()).isInstanceOf(Outcome.Failed.class);
                assertThat(((Outcome.Failed) outcome).reason()).contains("--require").contains("gives no DNSSEC records");
            }
        }
        assertThat(server("good.dane").mails()).hasSize(before);
        assertThat(server("good.dane").received()).hasSize(linesBefore);
    }

    @Test
    void aBogusAnswerFromAResolverThatServesTheChainShouldStillStopEverything() throws Exception {
        // the other side of item 12: Knot serves the chain (signed DNSKEYs), so a failed validation is an attack
        DnsLookup lookup = validatingLookup();

        assertThatThrownBy(() -> lookup.mx("bogus.test")).isInstanceOf(DnsLookup.BogusAnswerException.class);
        assertThat(lookup.dnssecUnavailable()).isEmpty();
    }

    @Test
    void aSignedDomainWithoutTlsaShouldBeDnssecPlusTls() throws Exception {
        int before = server("good.sts").mails().size();

        Outcome outcome = client("bob@acme.test").sendLookup("alice@plain.dane.test");

        assertThat(outcome.protection()).as(outcome.describe()).contains(Protection.DNSSEC_TLS);
        assertRequestArrived(server("good.sts"), before, "alice@plain.dane.test");
    }

    @Test
    void anUnsignedDomainWithAnEnforcedMtaStsPolicyShouldGetTheRequestAsMtaSts() throws Exception {
        int before = server("good.sts").mails().size();

        Outcome outcome = client("bob@acme.test").sendLookup("alice@good.sts.test");

        assertThat(outcome.protection()).as(outcome.describe()).contains(Protection.MTA_STS);
        assertRequestArrived(server("good.sts"), before, "alice@good.sts.test");
        assertThat(state.resolve("mta-sts").resolve("good.sts.test.policy")).exists();
    }

    @Test
    void anMxOutsideAnEnforcedMtaStsPolicyShouldGetNothing() throws Exception {
        Outcome outcome = client("bob@acme.test").sendLookup("alice@forged.sts.test");

        assertThat(outcome).as(outcome.describe()).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) outcome).reason()).contains("MTA-STS");
        assertNothingArrived(server("forged.sts"));
    }

    @Test
    void aCachedMtaStsPolicyShouldStillBeEnforcedWhenItsTxtRecordHasVanished() throws Exception {
        // RFC 8461 5.1: an attacker who hides the TXT record and the policy host does not switch the policy off
        java.nio.file.Files.createDirectories(state.resolve("mta-sts"));
        java.util.Properties cached = new java.util.Properties();
        cached.setProperty("id", "1");
        cached.setProperty("fetched-at", java.time.Instant.now().toString());
        cached.setProperty("policy", "version: STSv1\nmode: enforce\nmx: mx.hidden.sts.test\nmax_age: 86400\n");
        try (java.io.Writer out = java.nio.file.Files.newBufferedWriter(state.resolve("mta-sts").resolve("hidden.sts.test.policy"))) {
            cached.store(out, null);
        }

        Outcome outcome = client("bob@acme.test").sendLookup("alice@hidden.sts.test");

        assertThat(outcome).as(outcome.describe()).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) outcome).reason()).contains("MTA-STS");
        assertNothingArrived(server("forged.sts"));
    }

    @Test
    void anMtaStsPolicyInTestingModeShouldOnlyReportTheMismatch() throws Exception {
        int before = server("testing.sts").mails().size();

        Outcome outcome = client("bob@acme.test").sendLookup("alice@testing.sts.test");

        assertThat(outcome.protection()).as(outcome.describe()).contains(Protection.TLS);
        assertRequestArrived(server("testing.sts"), before, "alice@testing.sts.test");
    }

    @Test
    void requiringDaneShouldRefuseADomainThatOnlyHasMtaSts() throws Exception {
        int before = server("good.sts").mails().size();

        Outcome outcome = client("bob@acme.test", Protection.Requirement.DANE).sendLookup("alice@good.sts.test");

        assertThat(outcome).as(outcome.describe()).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) outcome).reason()).contains("--require dane");
        assertThat(server("good.sts").mails()).hasSize(before);
    }

    @Test
    void aForgedSrvTargetShouldNeverReceiveThePassword() throws Exception {
        Outcome outcome = client("bob@srv.test").sendDeletion();

        assertThat(outcome).as(outcome.describe()).isInstanceOf(Outcome.Failed.class);
        assertThat(server("forged.srv").receivedAnything(PASSWORD)).isFalse();
        assertThat(server("forged.srv").received()).noneMatch(line -> line.toUpperCase(java.util.Locale.ROOT).startsWith("AUTH"));
        assertThat(server("forged.srv").received()).noneMatch(line -> line.contains(java.util.Base64.getEncoder()
                .encodeToString(("\0bob@srv.test\0" + PASSWORD).getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void anSrvTargetWithACertificateForTheMailDomainShouldBeUsed() throws Exception {
        Outcome outcome = client("bob@good.srv.test").sendDeletion();

        assertThat(outcome).as(outcome.describe()).isInstanceOf(Outcome.Pending.class);
        assertThat(outcome.protection()).contains(Protection.TLS);
        assertThat(server("good.srv").received()).anyMatch(line -> line.toUpperCase(java.util.Locale.ROOT).startsWith("AUTH"));
        assertThat(server("good.srv").mails()).anyMatch(mail -> mail.contains("DELETE"));
    }

    private static TlsSettings testCaTrust() {
        return new TlsSettings(java.util.Optional.of(certificates.caPem()), false);
    }

    private static DnsLookup throughUnbound() throws Exception {
        Unbound unbound = validatingResolver();
        return DnsLookup.using(new HostAndPort(unbound.hostAddress(), unbound.port()), DnssecValidation.resolverAdBit());
    }

    @Test
    void theAdBitOfAValidatingResolverTheUserNamedShouldBeEnoughForDane() throws Exception {
        int before = server("good.dane").mails().size();
        DnsLookup throughUnbound = throughUnbound();

        Outcome outcome = client("bob@acme.test", throughUnbound).sendLookup("alice@good.dane.test");

        assertThat(outcome.protection()).as(outcome.describe()).contains(Protection.DANE);
        assertRequestArrived(server("good.dane"), before, "alice@good.dane.test");
    }

    @Test
    void aValidatingResolverShouldStopABogusAnswerToo() throws Exception {
        DnsLookup throughUnbound = throughUnbound();

        Outcome outcome = client("bob@acme.test", throughUnbound).sendLookup("alice@bogus.test");

        assertThat(outcome).as(outcome.describe()).isInstanceOf(Outcome.Failed.class);
        assertThat(server("bogus").received()).isEmpty();
    }

    @Test
    void theAdBitOfAServerThatDoesNotValidateShouldProveNothing() throws Exception {
        // Knot answers authoritatively, without the AD bit: believing it gives no DNSSEC, so no DANE, only TLS checks
        DnsLookup direct = DnsLookup.using(new HostAndPort(dns.hostAddress(), dns.port()), DnssecValidation.resolverAdBit());

        assertThat(direct.mx("good.dane.test").secure()).isFalse();
    }

    @Test
    void aPolicyBehindARedirectOfAnotherTypeOrTooLargeShouldNotBeTaken() throws Exception {
        // RFC 8461 3.3: no redirects, text/plain only; a size bound, since a stranger's server sends it
        MtaStsPolicies policies = new MtaStsPolicies(validatingLookup(), testCaTrust(),
                state.resolve("mta-sts"), policyPortHolder, Duration.ofSeconds(20), java.time.Clock.systemUTC());

        assertThatThrownBy(() -> policies.fetch("redirect.sts.test")).hasMessageContaining("301");
        assertThatThrownBy(() -> policies.fetch("html.sts.test")).hasMessageContaining("text/plain");
        assertThatThrownBy(() -> policies.fetch("huge.sts.test")).hasMessageContaining("larger than");
        assertThat(policies.fetch("good.sts.test")).contains("mode: enforce");
        // with its TXT record in place, a policy that cannot be taken is no policy, and nothing is cached
        assertThat(policies.policyFor("html.sts.test")).isEmpty();
        assertThat(state.resolve("mta-sts").resolve("html.sts.test.policy")).doesNotExist();
    }

    @Test
    void aPolicyServerThatDripsBytesShouldBeCutOffAtTheTimeout() throws Exception {
        MtaStsPolicies policies = new MtaStsPolicies(validatingLookup(), testCaTrust(),
                state.resolve("mta-sts"), policyPortHolder, Duration.ofSeconds(3), java.time.Clock.systemUTC());

        // the body is a valid policy that takes over 30 s to drip; each read alone would wait only 3 s for its byte,
        // and get it: without a bound on the whole fetch, the fetch would end with the policy instead of failing
        assertThatThrownBy(() -> policies.fetch("slow.sts.test")).isInstanceOf(IOException.class);
    }

    @Test
    void serversFoundThroughSrvShouldBeCheckedAgainstTheTargetOnlyWhenDnssecProvedTheAnswer() throws Exception {
        ServiceLocator locator = new ServiceLocator(validatingLookup());

        // RFC 7817 section 3: a validated SRV answer may name the certificate; an unvalidated one may not
        MailServer signedSubmission = locator.submission("good.dane.test", java.util.Optional.empty());
        MailServer signedImap = locator.imap("good.dane.test", java.util.Optional.empty());
        MailServer unsignedImap = locator.imap("srv.test", java.util.Optional.empty());

        assertThat(signedSubmission.certificateName()).isEqualTo("mail.good.dane.test");
        assertThat(signedSubmission.protection()).isEqualTo(Protection.DNSSEC_TLS);
        assertThat(signedImap.certificateName()).isEqualTo("mail.good.dane.test");
        assertThat(unsignedImap.host()).isEqualTo("evil.srv.test");
        assertThat(unsignedImap.certificateName()).isEqualTo("srv.test");
        assertThat(unsignedImap.protection()).isEqualTo(Protection.TLS);
    }

    @Test
    void anMxThatIsACnameShouldBeAuthenticatedByTheTlsaRecordsAtTheEndOfTheChain() throws Exception {
        // RFC 7672 2.2.2: mx.aliased.dane.test is a CNAME of mx.ta.dane.test, whose TLSA record names the test CA
        int before = server("ta.dane").mails().size();

        Outcome outcome = client("bob@acme.test").sendLookup("alice@aliased.dane.test");

        assertThat(outcome.protection()).as(outcome.describe()).contains(Protection.DANE);
        assertRequestArrived(server("ta.dane"), before, "alice@aliased.dane.test");
    }
}
