package org.mailkeys.wkd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mailkeys.store.MemoryKeyStore;
import org.mailkeys.transparency.AppliedChanges;
import org.mailkeys.transparency.Checkpoint;
import org.mailkeys.transparency.KeyLog;
import org.mailkeys.transparency.LogAuditor;
import org.mailkeys.transparency.LogEntry;
import org.mailkeys.transparency.LogKeys;
import org.mailkeys.transparency.MemoryLogStorage;
import org.mailkeys.transparency.NoteVerifier;
import org.mailkeys.transparency.TileId;
import org.mailkeys.transparency.VrfPublicKey;

/** The key log under /.well-known/mailkeys/log/ over real sockets: what a monitor reads, under the listener's limits. */
class KeyLogEndpointsTest {
    private static final String ORIGIN = "example.net/mailkeys-log";
    private static final String HOST = "openpgpkey.example.net";
    private static final String PREFIX = "/.well-known/mailkeys/log/";

    private final MemoryLogStorage storage = new MemoryLogStorage();
    private final LogKeys keys = storage.keysOrCreate(LogKeys.generate(ORIGIN, new SecureRandom()));
    private WebKeyDirectoryServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(String... settings) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("wkd.enabled", "true");
        properties.setProperty("wkd.tls", "false");
        properties.setProperty("wkd.host", "127.0.81.2");
        properties.setProperty("wkd.port", "0");
        for (int i = 0; i < settings.length; i += 2) {
            properties.setProperty("wkd." + settings[i], settings[i + 1]);
        }
        server = WebKeyDirectoryServer.start(WebKeyDirectorySettings.from(properties), Optional.empty(),
            new MemoryKeyStore(), Set.of("example.net")::contains, new RecordingMetricFactory(),
            Optional.of(new KeyLogResources(storage, keys.publicKeys())));
    }

    /** A log of 300 entries, each published now. */
    private void fill() throws IOException {
        AppliedChanges published = new AppliedChanges() {
            @Override
            public Optional<Change> applied(String address, long version) {
                return Optional.of(new Change(LogEntry.Change.PUBLISHED, Optional.of(new byte[32]), Instant.now()));
            }

            @Override
            public Optional<Change> current(String address, long version) {
                return Optional.empty();
            }
        };
        KeyLog log = new KeyLog(storage, keys, published, address -> address.toLowerCase(Locale.ROOT),
            Clock.systemUTC());
        log.open();
        for (int i = 0; i < 300; i++) {
            log.expect("user" + i + "@example.net", 1);
        }
        while (log.integrate() > 0) {
            // until every pending change is in
        }
    }

    @Test
    void aMonitorShouldRebuildTheServedLogAndCheckItsCheckpoint() throws IOException {
        fill();
        start();

        RawHttp.Answer keysAnswer = RawHttp.get(server.address(), PREFIX + "keys", HOST);
        String[] lines = new String(keysAnswer.body, StandardCharsets.UTF_8).split("\n");
        NoteVerifier verifier = NoteVerifier.parse(lines[0].substring("vkey ".length())).orElseThrow();
        assertThat(VrfPublicKey.parse(Base64.getDecoder().decode(lines[1].substring("vrf ".length())))).isPresent();

        RawHttp.Answer checkpointAnswer = RawHttp.get(server.address(), PREFIX + "checkpoint", HOST);
        assertThat(checkpointAnswer.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(checkpointAnswer.header("Cache-Control")).contains("no-cache");
        Checkpoint checkpoint = Checkpoint.verified(new String(checkpointAnswer.body, StandardCharsets.UTF_8),
            verifier, ORIGIN).orElseThrow();
        assertThat(checkpoint.size()).isEqualTo(300);

        assertThat(LogAuditor.audit(tile -> {
            RawHttp.Answer answer = RawHttp.get(server.address(), PREFIX + tile.path(), HOST);
            return answer.status == 200 ? Optional.of(answer.body) : Optional.empty();
        }, checkpoint)).hasSize(300);
    }

    @Test
    void fullTilesShouldBeCacheableForeverAndPartialOnesNot() throws IOException {
        fill();
        start();

        RawHttp.Answer full = RawHttp.get(server.address(), PREFIX + TileId.hashes(0, 0, 256).path(), HOST);
        RawHttp.Answer partial = RawHttp.get(server.address(), PREFIX + TileId.hashes(0, 1, 44).path(), HOST);

        assertThat(full.status).isEqualTo(200);
        assertThat(full.body).hasSize(256 * 32);
        assertThat(full.header("Cache-Control")).contains("immutable");
        assertThat(partial.header("Cache-Control")).doesNotContain("immutable");
        assertThat(full.header("Content-Type")).isEqualTo("application/octet-stream");
    }

    @Test
    void anythingButACanonicalNameShouldBeNotFound() throws IOException {
        fill();
        start();

        for (String name : new String[] {"tile/0/0", "tile/0/x000/000", "tile/0/002", "tile/9/000", "../private/keys",
            "checkpoint/", "tile/entries/000.p/0", "Keys"}) {
            assertThat(RawHttp.get(server.address(), PREFIX + name, HOST).status).as(name).isEqualTo(404);
        }
    }

    @Test
    void theLogShouldFollowTheListenersRateLimit() throws IOException {
        fill();
        start("limit.requests.per.ip.per.minute", "2");

        assertThat(RawHttp.get(server.address(), PREFIX + "checkpoint", HOST).status).isEqualTo(200);
        assertThat(RawHttp.get(server.address(), PREFIX + "checkpoint", HOST).status).isEqualTo(200);
        assertThat(RawHttp.get(server.address(), PREFIX + "checkpoint", HOST).status).isEqualTo(429);
    }
}
