package org.mailkeys.store.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailkeys.cassandra.node.CassandraNodeExtension;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.cassandra.CassandraKeyStore;
import org.mailkeys.store.cassandra.CassandraKeyStoreConfiguration;
import org.mailkeys.store.cassandra.CassandraKeyStoreFactory;
import org.mailkeys.store.cassandra.StoreOnTestNode;
import org.mailkeys.transparency.Checkpoint;
import org.mailkeys.transparency.KeyLog;
import org.mailkeys.transparency.LogAuditor;
import org.mailkeys.transparency.LogEntry;
import org.mailkeys.transparency.LogKeys;
import org.mailkeys.transparency.LogStorage;
import org.mailkeys.transparency.TileId;

import com.datastax.oss.driver.api.core.CqlSession;

/** The key log on a real Cassandra 4.1 node, with two James nodes (two sessions) sequencing at once. */
class CassandraKeyLogTest {
    private static final String ORIGIN = "example.net/mailkeys-log";

    @RegisterExtension
    static CassandraNodeExtension cassandra = CassandraNodeExtension.sharedInThisJvm();
    static CassandraKeyStoreConfiguration configuration;
    static CassandraKeyStore store;
    static CqlSession firstSession;
    static CqlSession secondSession;

    @BeforeAll
    static void openStore() {
        configuration = StoreOnTestNode.configuration(cassandra).build();
        store = CassandraKeyStoreFactory.open(configuration);
        firstSession = StoreOnTestNode.session(configuration);
        secondSession = StoreOnTestNode.session(configuration);
    }

    @AfterAll
    static void closeStore() {
        for (AutoCloseable closeable : new AutoCloseable[] {firstSession, secondSession, store}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // closing the others anyway
            }
        }
    }

    private static KeyLog log(LogStorage storage) throws IOException {
        LogKeys keys = storage.keysOrCreate(LogKeys.generate(ORIGIN, new SecureRandom()));
        KeyLog log = new KeyLog(storage, keys, new HistoryAppliedChanges(store), LogAddress::normalise,
            Clock.systemUTC());
        log.open();
        return log;
    }

    @Test
    void twoNodesSequencingAtOnceShouldShareOneLogWithoutAFork() throws Exception {
        CassandraLogStorage firstStorage = CassandraLogStorage.open(firstSession);
        CassandraLogStorage secondStorage = CassandraLogStorage.open(secondSession);
        KeyLog first = log(firstStorage);
        KeyLog second = log(secondStorage);
        assertThat(second.keys().encode()).isEqualTo(first.keys().encode());
        LoggedKeyStore firstNode = new LoggedKeyStore(store, first);
        LoggedKeyStore secondNode = new LoggedKeyStore(store, second);
        for (int i = 0; i < 40; i++) {
            (i % 2 == 0 ? firstNode : secondNode).put(new StoredKey("user" + i + "@example.net",
                ("key" + i).getBytes(StandardCharsets.US_ASCII), "FPR" + i, Instant.now(), 1)).block();
        }
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (KeyLog log : List.of(first, second)) {
            runs.add(nodes.submit(() -> {
                start.await();
                for (int round = 0; round < 200 && !firstStorage.pending(1).isEmpty(); round++) {
                    log.integrate();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> run : runs) {
            run.get(5, TimeUnit.MINUTES);
        }
        nodes.shutdown();
        first.integrate();
        Checkpoint checkpoint = Checkpoint.verified(firstStorage.checkpoint().orElseThrow(),
            first.keys().signer().verifier(), ORIGIN).orElseThrow();
        assertThat(checkpoint.size()).isEqualTo(40);
        List<byte[]> entries = LogAuditor.audit(secondStorage, checkpoint);
        assertThat(entries.stream().map(bytes -> Base64.getEncoder().encodeToString(
            LogEntry.parse(bytes).orElseThrow().label())).distinct()).hasSize(40);
        assertThat(first.proof("user7@example.net", 1).orElseThrow().verify(
            first.proof("user7@example.net", 1).get().extra().orElseThrow(), first.keys().signer().verifier(),
            ORIGIN)).isPresent();
    }

    @Test
    void aNodeKilledAfterItsCommitShouldLoseNoEntry() throws Exception {
        CassandraLogStorage storage = CassandraLogStorage.open(firstSession);
        LogStorage dying = new ForwardingLogStorage(storage) {
            @Override
            public void writeTile(TileId tile, byte[] bytes) throws IOException {
                throw new IOException("node killed");
            }
        };
        KeyLog dyingLog = log(dying);
        long before = Checkpoint.parse(storage.checkpoint().orElseThrow().split("\n\n")[0] + "\n").orElseThrow()
            .size();
        new LoggedKeyStore(store, dyingLog).put(new StoredKey("killed@example.net",
            "k".getBytes(StandardCharsets.US_ASCII), "FPR", Instant.now(), 1)).block();
        assertThatThrownBy(dyingLog::integrate).hasMessageContaining("node killed");

        KeyLog survivor = log(CassandraLogStorage.open(secondSession));
        survivor.integrate();
        Checkpoint checkpoint = Checkpoint.verified(storage.checkpoint().orElseThrow(),
            survivor.keys().signer().verifier(), ORIGIN).orElseThrow();
        assertThat(checkpoint.size()).isEqualTo(before + 1);
        assertThat(survivor.proof("killed@example.net", 1)).isPresent();
        assertThat(LogAuditor.audit(storage, checkpoint)).hasSize((int) checkpoint.size());
    }
}
