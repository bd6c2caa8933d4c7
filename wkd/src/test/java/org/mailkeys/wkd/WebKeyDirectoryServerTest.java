package org.mailkeys.wkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailkeys.store.MemoryKeyStore;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.WebKeyHash;

/** The listener over real sockets, plain HTTP on a loopback address and a free port, answering from a memory store. */
class WebKeyDirectoryServerTest {
    static final String ALICE_HASH = WebKeyHash.ofLocalPart("alice");
    static final String ADVANCED = "/.well-known/openpgpkey/example.net/hu/" + ALICE_HASH;
    static final String DIRECT = "/.well-known/openpgpkey/hu/" + ALICE_HASH;
    static final byte[] KEY_BYTES = {(byte) 0x98, 0x33, 0x04, 1, 2, 3, 4, 5, 0, (byte) 0xff};
    static final Instant PUBLISHED_AT = Instant.parse("2026-11-29T10:15:30Z");
    static final String HOST = "openpgpkey.example.net";

    final MemoryKeyStore keyStore = new MemoryKeyStore();
    final RecordingMetricFactory metrics = new RecordingMetricFactory();
    WebKeyDirectoryServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    WebKeyDirectoryServer start(String... settings) throws IOException {
        return startWithClock(Clock.systemUTC(), settings);
    }

    WebKeyDirectoryServer startWithClock(Clock clock, String... settings) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("wkd.enabled", "true");
        properties.setProperty("wkd.tls", "false");
        properties.setProperty("wkd.host", "127.0.81.1");
        properties.setProperty("wkd.port", "0");
        for (int i = 0; i < settings.length; i += 2) {
            properties.setProperty("wkd." + settings[i], settings[i + 1]);
        }
        server = WebKeyDirectoryServer.start(WebKeyDirectorySettings.from(properties), Optional.empty(), keyStore,
            Set.of("example.net")::contains, metrics, WebKeyServiceDiscovery.NONE, clock);
        return server;
    }

    void publishAlice(long version) {
        keyStore.put(new StoredKey("alice@example.net", KEY_BYTES, "FPR", PUBLISHED_AT, version)).block();
    }

    @Test
    void advancedMethodShouldServeTheKeyBytesAsStored() throws IOException {
        start();
        publishAlice(7);

        RawHttp.Answer answer = RawHttp.get(server.address(), ADVANCED + "?l=alice", HOST);

        assertThat(answer.status).isEqualTo(200);
        assertThat(answer.body).isEqualTo(KEY_BYTES);
        assertThat(answer.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(answer.header("ETag")).isEqualTo("\"7\"");
        assertThat(answer.header("Last-Modified")).isEqualTo("Sun, 29 Nov 2026 10:15:30 GMT");
        assertThat(metrics.countFor(WkdMetrics.KEYS_SERVED)).isEqualTo(1);
    }

    @Test
    void requestsWithoutTheLocalPartShouldBeAnsweredFromTheIndex() throws IOException {
        start();
        publishAlice(1);

        assertThat(RawHttp.get(server.address(), ADVANCED, HOST).body).isEqualTo(KEY_BYTES);
        assertThat(RawHttp.get(server.address(), DIRECT, "example.net").body).isEqualTo(KEY_BYTES);
        assertThat(RawHttp.get(server.address(), DIRECT + "?l=Alice", "EXAMPLE.NET:443").body).isEqualTo(KEY_BYTES);
    }

    @Test
    void headShouldAnswerTheHeadersOfGetWithoutABody() throws IOException {
        start();
        publishAlice(3);

        RawHttp.Answer answer = RawHttp.send(server.address(), ("HEAD " + ADVANCED + " HTTP/1.1\r\nHost: " + HOST
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

        assertThat(answer.status).isEqualTo(200);
        assertThat(answer.header("Content-Length")).isEqualTo(String.valueOf(KEY_BYTES.length));
        assertThat(answer.header("ETag")).isEqualTo("\"3\"");
        assertThat(answer.body).isEmpty();
    }

    @Test
    void aCurrentCopyShouldBeAnsweredNotModified() throws IOException {
        start();
        publishAlice(3);

        assertThat(RawHttp.get(server.address(), ADVANCED, HOST, "If-None-Match: \"3\"").status).isEqualTo(304);
        assertThat(RawHttp.get(server.address(), ADVANCED, HOST, "If-None-Match: \"2\"").status).isEqualTo(200);
        assertThat(RawHttp.get(server.address(), ADVANCED, HOST,
            "If-Modified-Since: Sun, 29 Nov 2026 10:15:30 GMT").status).isEqualTo(304);
        assertThat(RawHttp.get(server.address(), ADVANCED, HOST,
            "If-Modified-Since: Sun, 29 Nov 2026 10:15:29 GMT").status).isEqualTo(200);
    }

    @Test
    void aDeletedKeyShouldBeGoneAtOnce() throws IOException {
        start();
        publishAlice(1);
        assertThat(RawHttp.get(server.address(), ADVANCED, HOST).status).isEqualTo(200);

        keyStore.delete("alice@example.net", 2).block();

        assertThat(RawHttp.get(server.address(), ADVANCED, HOST).status).isEqualTo(404);
        assertThat(RawHttp.get(server.address(), ADVANCED + "?l=alice", HOST).status).isEqualTo(404);
    }

    @Test
    void unknownAddressesAndDomainsShouldBeNotFound() throws IOException {
        start();
        publishAlice(1);

        assertThat(RawHttp.get(server.address(), "/.well-known/openpgpkey/example.net/hu/"
            + WebKeyHash.ofLocalPart("bob") + "?l=bob", HOST).status).isEqualTo(404);
        assertThat(RawHttp.get(server.address(), "/.well-known/openpgpkey/example.org/hu/" + ALICE_HASH
            + "?l=alice", "openpgpkey.example.org").status).isEqualTo(404);
        assertThat(RawHttp.get(server.address(), DIRECT, "example.org").status).isEqualTo(404);
        assertThat(RawHttp.get(server.address(), "/.well-known/openpgpkey/example.org/policy", HOST).status)
            .isEqualTo(404);
        assertThat(metrics.countFor(WkdMetrics.NOT_FOUND)).isEqualTo(4);
    }

    @Test
    void thePolicyFileShouldBeServedForHostedDomains() throws IOException {
        start();

        RawHttp.Answer advanced = RawHttp.get(server.address(), "/.well-known/openpgpkey/example.net/policy", HOST);
        RawHttp.Answer direct = RawHttp.get(server.address(), "/.well-known/openpgpkey/policy", "example.net");

        assertThat(advanced.status).isEqualTo(200);
        assertThat(direct.status).isEqualTo(200);
        assertThat(advanced.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }

    @Test
    void withoutTheWebKeyServiceThereShouldBeNoSubmissionAddress() throws IOException {
        start();

        assertThat(RawHttp.get(server.address(), "/.well-known/openpgpkey/example.net/submission-address", HOST)
            .status).isEqualTo(404);
        assertThat(new String(RawHttp.get(server.address(), "/.well-known/openpgpkey/example.net/policy", HOST).body,
            StandardCharsets.UTF_8)).doesNotContain("submission-address");
    }

    @Test
    void theWebKeyServiceDiscoveryFilesShouldBeServedByBothMethods() throws IOException {
        List<String> prepared = new java.util.concurrent.CopyOnWriteArrayList<>();
        WebKeyServiceDiscovery discovery = new WebKeyServiceDiscovery() {
            @Override
            public reactor.core.publisher.Mono<String> submissionAddress(String domain) {
                return reactor.core.publisher.Mono.fromSupplier(() -> {
                    prepared.add(domain);
                    return "keys@" + domain;
                });
            }

            @Override
            public String submissionLocalPart() {
                return "keys";
            }
        };
        Properties properties = new Properties();
        properties.setProperty("wkd.enabled", "true");
        properties.setProperty("wkd.tls", "false");
        properties.setProperty("wkd.host", "127.0.81.1");
        properties.setProperty("wkd.port", "0");
        server = WebKeyDirectoryServer.start(WebKeyDirectorySettings.from(properties), Optional.empty(), keyStore,
            Set.of("example.net")::contains, metrics, discovery);

        RawHttp.Answer advanced = RawHttp.get(server.address(),
            "/.well-known/openpgpkey/example.net/submission-address", HOST);
        RawHttp.Answer direct = RawHttp.get(server.address(), "/.well-known/openpgpkey/submission-address",
            "example.net");
        RawHttp.Answer policy = RawHttp.get(server.address(), "/.well-known/openpgpkey/policy", "example.net");
        RawHttp.Answer otherDomain = RawHttp.get(server.address(),
            "/.well-known/openpgpkey/example.org/submission-address", HOST);
        RawHttp.Answer submissionKey = RawHttp.get(server.address(), "/.well-known/openpgpkey/example.net/hu/"
            + WebKeyHash.ofLocalPart("keys"), HOST);

        assertThat(new String(advanced.body, StandardCharsets.UTF_8)).isEqualTo("keys@example.net\n");
        assertThat(new String(direct.body, StandardCharsets.UTF_8)).isEqualTo("keys@example.net\n");
        assertThat(new String(policy.body, StandardCharsets.UTF_8)).contains("submission-address: keys@example.net\n")
            .doesNotContain("mailbox-only").doesNotContain("auth-submit");
        assertThat(otherDomain.status).isEqualTo(404);
        assertThat(submissionKey.status).isEqualTo(404); // no key in this store; but it was prepared first
        assertThat(prepared).containsOnly("example.net").hasSize(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH"})
    void otherMethodsShouldBeRefused(String method) throws IOException {
        start();
        publishAlice(1);

        RawHttp.Answer answer = RawHttp.send(server.address(), (method + " " + ADVANCED + " HTTP/1.1\r\nHost: " + HOST
            + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

        assertThat(answer.status).isEqualTo(405);
        assertThat(answer.header("Allow")).isEqualTo("GET, HEAD");
        assertThat(answer.body).doesNotContain(KEY_BYTES);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/.well-known/openpgpkey/example.net/hu/../../../../etc/passwd",
        "/.well-known/openpgpkey/example.net/hu/%2e%2e/%2e%2e/records/" + "iy9q119eutrkn8s1mk4r39qejnbu3n5q",
        "/.well-known/openpgpkey/example.net/records/" + "iy9q119eutrkn8s1mk4r39qejnbu3n5q",
        "/.well-known/openpgpkey/example.net%2Fhu/x",
        "/.well-known/openpgpkey/%65xample.net/hu/" + "iy9q119eutrkn8s1mk4r39qejnbu3n5q",
        "/.well-known/openpgpkey/example.net/hu/" + "iy9q119eutrkn8s1mk4r39qejnbu3n5q" + "%00",
        "/.well-known/openpgpkey/example.net/hu/" + "iy9q119eutrkn8s1mk4r39qejnbu3n5q" + "?l=%ZZ",
        "//etc/passwd",
        "/../.well-known/openpgpkey/example.net/policy"
    })
    void hostileTargetsShouldBeBadRequests(String target) throws IOException {
        start();
        publishAlice(1);

        RawHttp.Answer answer = RawHttp.get(server.address(), target, HOST);

        assertThat(answer.status).isEqualTo(400);
        assertThat(answer.body).doesNotContain(KEY_BYTES);
    }

    @Test
    void hugeHeadersShouldBeRefused() throws IOException {
        start();
        publishAlice(1);

        RawHttp.Answer huge = RawHttp.get(server.address(), ADVANCED, HOST, "X-Big: " + "a".repeat(20_000));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add("X-H" + i + ": 1");
        }
        RawHttp.Answer tooMany = RawHttp.get(server.address(), ADVANCED, HOST, many.toArray(new String[0]));
        RawHttp.Answer longLine = RawHttp.get(server.address(), ADVANCED + "?x=" + "a".repeat(5000), HOST);

        assertThat(huge.status).isEqualTo(431);
        assertThat(tooMany.status).isEqualTo(431);
        assertThat(longLine.status).isEqualTo(414);
    }

    @Test
    void aSlowClientShouldBeCutOffWhileOthersAreServed() throws Exception {
        start("limit.request.seconds", "2");
        publishAlice(1);
        try (Socket slow = new Socket()) {
            slow.connect(server.address());
            slow.getOutputStream().write("GET /.well-known/openpgpkey/".getBytes(StandardCharsets.US_ASCII));

            assertThat(RawHttp.get(server.address(), ADVANCED, HOST).status).isEqualTo(200);

            // the server closes it (a read timeout here would fail the test), and says why in its metrics
            slow.setSoTimeout(60_000);
            InputStream in = slow.getInputStream();
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(metrics.countFor(WkdMetrics.TIMED_OUT)).isEqualTo(1);
    }

    @Test
    void connectionsOverTheClientsShareShouldBeClosed() throws Exception {
        start("limit.connections.per.ip", "2");
        publishAlice(1);
        try (Socket first = new Socket(); Socket second = new Socket(); Socket third = new Socket()) {
            first.connect(server.address());
            second.connect(server.address());
            await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 2);
            third.connect(server.address());
            third.setSoTimeout(10_000);

            assertThat(third.getInputStream().read()).isEqualTo(-1);
            assertThat(metrics.countFor(WkdMetrics.CONNECTIONS_REFUSED)).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 0);
        assertThat(RawHttp.get(server.address(), ADVANCED, HOST).status).isEqualTo(200);
    }

    @Test
    void requestsOverTheClientsRateShouldBeTooMany() throws IOException {
        start("limit.requests.per.ip.per.minute", "3");
        publishAlice(1);

        for (int i = 0; i < 3; i++) {
            assertThat(RawHttp.get(server.address(), ADVANCED, HOST).status).isEqualTo(200);
        }
        RawHttp.Answer limited = RawHttp.get(server.address(), ADVANCED, HOST);

        assertThat(limited.status).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("60");
        assertThat(metrics.countFor(WkdMetrics.RATE_LIMITED)).isEqualTo(1);
    }

    @Test
    void everyRequestShouldBeCounted() throws IOException {
        start();
        RawHttp.get(server.address(), ADVANCED, HOST);
        RawHttp.get(server.address(), "/nothing", HOST);

        assertThat(metrics.countFor(WkdMetrics.REQUESTS)).isEqualTo(2);
        assertThat(metrics.countFor(WkdMetrics.REFUSED)).isEqualTo(1);
    }

    @Test
    void connectionAttemptsOverTheAddressRateShouldBeClosedBeforeAnyByteIsRead() throws Exception {
        startWithClock(Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC),
            "limit.connects.per.ip.per.second", "3");
        publishAlice(1);
        for (int i = 0; i < 3; i++) {
            assertThat(RawHttp.get(server.address(), ADVANCED, HOST).status).isEqualTo(200);
        }

        try (Socket fourth = new Socket()) {
            fourth.connect(server.address());
            fourth.setSoTimeout(10_000);
            assertThat(fourth.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(metrics.countFor(WkdMetrics.CONNECTS_RATE_LIMITED)).isEqualTo(1);
        assertThat(metrics.countFor(WkdMetrics.REQUESTS)).isEqualTo(3);

        try (Socket otherAddress = new Socket()) {
            otherAddress.bind(new InetSocketAddress("127.0.81.2", 0));
            otherAddress.connect(server.address());
            otherAddress.setSoTimeout(30_000);
            otherAddress.getOutputStream().write(("GET " + ADVANCED + " HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            assertThat(RawHttp.parse(RawHttp.readAll(otherAddress.getInputStream())).status).isEqualTo(200);
        }
    }

    @Test
    void idleConnectionsShouldBeClosedAfterAShortGraceWhileMoreThanHalfTheSlotsAreTaken() throws Exception {
        start("limit.connections", "4", "limit.connections.per.ip", "4", "limit.request.seconds", "3600");
        publishAlice(1);
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket socket = new Socket();
                socket.connect(server.address());
                idle.add(socket);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> metrics.countFor(WkdMetrics.IDLE_CLOSED) >= 1
                && server.openConnections() <= 2);
            assertThat(RawHttp.get(server.address(), ADVANCED, HOST).status).isEqualTo(200);
            assertThat(metrics.countFor(WkdMetrics.TIMED_OUT)).isZero();
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    @Test
    void withoutPressureAnIdleConnectionShouldKeepItsTimeLimit() throws Exception {
        start("limit.connections", "100", "limit.request.seconds", "3600");
        try (Socket idle = new Socket()) {
            idle.connect(server.address());

            await().during(IdleUnderPressure.GRACE.multipliedBy(3)).atMost(Duration.ofSeconds(60))
                .until(() -> server.openConnections() == 1);
            assertThat(metrics.countFor(WkdMetrics.IDLE_CLOSED)).isZero();
        }
    }
}
