package org.mailkeys.wkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mailkeys.store.ScriptedKeyStore;
import org.mailkeys.store.StoredKey;

/**
 * The answers of a lookup that does not go well (a failing store, a store that never answers, a client that leaves
 * before the answer, a domain the domain list no longer hosts), over real sockets.
 */
class LookupFailuresTest {
    static final String ADVANCED = WebKeyDirectoryServerTest.ADVANCED + "?l=alice";
    static final String HOST = WebKeyDirectoryServerTest.HOST;

    final ScriptedKeyStore keyStore = new ScriptedKeyStore();
    final Set<String> hostedDomains = ConcurrentHashMap.newKeySet();
    final RecordingMetricFactory metrics = new RecordingMetricFactory();
    WebKeyDirectoryServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    void start(int requestSeconds) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("wkd.enabled", "true");
        properties.setProperty("wkd.tls", "false");
        properties.setProperty("wkd.host", "127.0.81.2");
        properties.setProperty("wkd.port", "0");
        properties.setProperty("wkd.limit.request.seconds", String.valueOf(requestSeconds));
        hostedDomains.add("example.net");
        keyStore.put(new StoredKey("alice@example.net", WebKeyDirectoryServerTest.KEY_BYTES, "FPR",
            WebKeyDirectoryServerTest.PUBLISHED_AT, 1)).block();
        server = WebKeyDirectoryServer.start(WebKeyDirectorySettings.from(properties), Optional.empty(), keyStore,
            hostedDomains::contains, metrics);
    }

    @Test
    void aFailingStoreShouldBeServiceUnavailableAndTheListenerShouldKeepServing() throws IOException {
        start(10);
        keyStore.failLookups();

        assertThat(RawHttp.get(server.address(), ADVANCED, HOST).status).isEqualTo(503);
        assertThat(RawHttp.get(server.address(), ADVANCED, HOST).status).isEqualTo(503);
        assertThat(metrics.countFor(WkdMetrics.STORE_FAILURES)).isEqualTo(2);
        assertThat(RawHttp.get(server.address(), "/.well-known/openpgpkey/example.net/policy", HOST).status)
            .isEqualTo(200);
    }

    @Test
    void aStoreThatThrowsShouldBeServiceUnavailableForADomainConfirmedAMomentAgo() throws IOException {
        start(10);
        assertThat(RawHttp.get(server.address(), ADVANCED, HOST).status).isEqualTo(200);
        keyStore.throwOnLookups();

        assertThat(RawHttp.get(server.address(), ADVANCED, HOST).status).isEqualTo(503);
        assertThat(metrics.countFor(WkdMetrics.STORE_FAILURES)).isEqualTo(1);
    }

    @Test
    void aStoreThatNeverAnswersShouldBeServiceUnavailableWithinHalfTheConnectionsTime() throws IOException {
        start(4);
        keyStore.hangLookups();

        // without the lookup's own deadline (half the connection's 4 s) the connection would be cut without an answer
        RawHttp.Answer answer = RawHttp.get(server.address(), ADVANCED, HOST);

        assertThat(answer.status).isEqualTo(503);
        assertThat(metrics.countFor(WkdMetrics.STORE_FAILURES)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> keyStore.cancelledLookups() == 1);
    }

    @Test
    void aLookupShouldBeCancelledWhenItsClientLeaves() throws Exception {
        start(60);
        keyStore.hangLookups();
        try (Socket socket = new Socket()) {
            socket.connect(server.address(), 10_000);
            socket.getOutputStream().write(("GET " + ADVANCED + " HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(10)).until(() -> keyStore.lookups() == 1);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> keyStore.cancelledLookups() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 0);
        assertThat(metrics.countFor(WkdMetrics.STORE_FAILURES)).isZero();
    }

    @Test
    void theStoreShouldNotBeAskedForADomainThatIsNotHosted() throws IOException {
        start(10);

        assertThat(RawHttp.get(server.address(), "/.well-known/openpgpkey/example.org/hu/"
            + WebKeyDirectoryServerTest.ALICE_HASH + "?l=alice", "openpgpkey.example.org").status).isEqualTo(404);
        assertThat(keyStore.lookups()).isZero();
    }

    @Test
    void aDomainAddedToTheDomainListShouldBeServedAtOnce() throws IOException {
        start(10);
        keyStore.put(new StoredKey("alice@example.org", WebKeyDirectoryServerTest.KEY_BYTES, "FPR",
            WebKeyDirectoryServerTest.PUBLISHED_AT, 1)).block();
        String target = "/.well-known/openpgpkey/example.org/hu/" + WebKeyDirectoryServerTest.ALICE_HASH + "?l=alice";
        assertThat(RawHttp.get(server.address(), target, "openpgpkey.example.org").status).isEqualTo(404);

        hostedDomains.add("example.org");

        assertThat(RawHttp.get(server.address(), target, "openpgpkey.example.org").status).isEqualTo(200);
    }

    @Test
    void aDomainRemovedFromTheDomainListShouldStopBeingServedWithinTheCachesLife() throws IOException {
        start(10);
        assertThat(RawHttp.get(server.address(), ADVANCED, HOST).status).isEqualTo(200);

        hostedDomains.remove("example.net");

        // the cache's life itself is checked on an injected clock (HostedDomainCacheTest); here, that it ends at all
        await().atMost(HostedDomainCache.DEFAULT_LIFE.multipliedBy(12)).pollInterval(Duration.ofMillis(200))
            .until(() -> RawHttp.get(server.address(), ADVANCED, HOST).status == 404);
    }
}
