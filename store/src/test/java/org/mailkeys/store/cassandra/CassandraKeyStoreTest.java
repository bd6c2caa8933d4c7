package org.mailkeys.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailkeys.store.KeyStoreContract.ALICE;
import static org.mailkeys.store.KeyStoreContract.TIMEOUT;
import static org.mailkeys.store.KeyStoreContract.isWhole;
import static org.mailkeys.store.KeyStoreContract.keyOf;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailkeys.cassandra.node.CassandraNodeExtension;
import org.mailkeys.store.HistoryEntry;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.KeyStoreContract;
import org.mailkeys.store.SeededShuffle;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.WriteOutcome;

import com.datastax.oss.driver.api.core.CqlSession;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** The contract against a real Cassandra 4.1 node, shared with the module's other Cassandra tests (own keyspace). */
class CassandraKeyStoreTest implements KeyStoreContract {
    @RegisterExtension
    static CassandraNodeExtension cassandra = CassandraNodeExtension.sharedInThisJvm();
    static CassandraKeyStoreConfiguration configuration;
    static CassandraKeyStore keyStore;
    /** Another James node: a store with a session of its own. */
    static CassandraKeyStore otherNode;
    static CqlSession adminSession;

    @BeforeAll
    static void openStores() {
        configuration = StoreOnTestNode.configuration(cassandra).build();
        keyStore = CassandraKeyStoreFactory.open(configuration);
        otherNode = CassandraKeyStoreFactory.open(configuration);
        adminSession = session();
    }

    @AfterAll
    static void closeStores() {
        if (adminSession != null) {
            adminSession.close();
        }
        if (keyStore != null) {
            keyStore.close();
        }
        if (otherNode != null) {
            otherNode.close();
        }
    }

    @BeforeEach
    void emptyTheTable() {
        // Unconditional TRUNCATE: James' clearTables skips a table with no live row, which leaves its tombstones, and
        // the tests reuse small versions as the domain table's write timestamps.
        CassandraKeyStoreModule.MODULE.moduleTables()
            .forEach(table -> adminSession.execute("TRUNCATE " + table.getName()));
    }

    @Override
    public KeyStore keyStore() {
        return keyStore;
    }

    private static CqlSession session() {
        return StoreOnTestNode.session(configuration);
    }

    @Test
    void concurrentPutsFromTwoNodesShouldKeepTheNewestKeyWhole() {
        List<Long> versions = LongStream.rangeClosed(1, 60).boxed()
            .collect(Collectors.toCollection(ArrayList::new));
        SeededShuffle.shuffle(versions);

        List<WriteOutcome> outcomes = Flux.fromIterable(versions)
            .flatMap(version -> (version % 2 == 0 ? keyStore : otherNode).put(keyOf(ALICE, version))
                .subscribeOn(Schedulers.parallel()), 16)
            .collectList()
            .block(TIMEOUT);

        StoredKey seenByOne = keyStore.find(ALICE).block(TIMEOUT);
        StoredKey seenByOther = otherNode.find(ALICE).block(TIMEOUT);
        assertThat(seenByOne.version()).isEqualTo(60);
        assertThat(isWhole(seenByOne)).isTrue();
        assertThat(seenByOther).isEqualTo(seenByOne);
        assertThat(outcomes).hasSize(60).contains(WriteOutcome.APPLIED);
    }

    @Test
    void theWriteOfTheNewestVersionShouldAlwaysBeApplied() {
        List<Long> versions = LongStream.rangeClosed(1, 30).boxed()
            .collect(Collectors.toCollection(ArrayList::new));
        SeededShuffle.shuffle(versions);

        List<Long> applied = Flux.fromIterable(versions)
            .flatMap(version -> (version % 2 == 0 ? keyStore : otherNode).put(keyOf(ALICE, version))
                .filter(WriteOutcome.APPLIED::equals)
                .map(outcome -> version)
                .subscribeOn(Schedulers.parallel()), 16)
            .collectList()
            .block(TIMEOUT);

        assertThat(applied).contains(30L);
    }

    @Test
    void storeOnJamesSessionShouldShareItsKeysAndLeaveTheSessionOpen() {
        CqlSession jamesSession = session();
        try {
            CassandraKeyStore onJamesSession = CassandraKeyStoreFactory.withSession(jamesSession, configuration);
            keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT);

            assertThat(onJamesSession.find(ALICE).block(TIMEOUT)).isEqualTo(keyOf(ALICE, 1));
            onJamesSession.close();
            assertThat(jamesSession.isClosed()).isFalse();
        } finally {
            jamesSession.close();
        }
    }

    @Test
    void publicationTimeShouldBeKeptToTheMillisecond() {
        StoredKey withNanos = new StoredKey(ALICE, new byte[] {1}, "FP", Instant.parse("2026-11-28T10:15:30.123456789Z"),
            1);

        assertThat(keyStore.put(withNanos).block(TIMEOUT)).isEqualTo(WriteOutcome.APPLIED);

        assertThat(keyStore.find(ALICE).block(TIMEOUT).publishedAt())
            .isEqualTo(Instant.parse("2026-11-28T10:15:30.123Z"));
    }

    /** A key table made by the release before request ids: the store adds the columns, reads and replaces old rows. */
    @Test
    void aKeyTableOfTheEarlierReleaseShouldGetTheNewColumnsAndKeepItsRows() {
        try (CqlSession admin = CqlSession.builder()
            .addContactPoint(new InetSocketAddress(cassandra.node().ip(), cassandra.node().nativePort()))
            .withLocalDatacenter(configuration.localDatacenter())
            .build()) {
            admin.execute("CREATE KEYSPACE IF NOT EXISTS upgraded WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 1}");
            admin.execute("CREATE TABLE IF NOT EXISTS upgraded." + CassandraKeyTable.TABLE_NAME
                + " (address text PRIMARY KEY, version bigint, key_bytes blob, fingerprint text, published_at timestamp)");
            admin.execute("INSERT INTO upgraded." + CassandraKeyTable.TABLE_NAME
                + " (address, version, key_bytes, fingerprint, published_at) VALUES ('" + ALICE
                + "', 1, 0x01, 'OLD', '2026-11-28T10:15:30.123Z')");
        }
        CassandraKeyStoreConfiguration upgraded = CassandraKeyStoreConfiguration.builder()
            .contactPoints(configuration.contactPoints())
            .keyspace("upgraded")
            .build();

        try (CassandraKeyStore store = CassandraKeyStoreFactory.open(upgraded)) {
            assertThat(store.find(ALICE).block(TIMEOUT).fingerprint()).isEqualTo("OLD");
            assertThat(store.put(keyOf(ALICE, 2)).block(TIMEOUT)).isEqualTo(WriteOutcome.APPLIED);
            assertThat(store.find(ALICE).block(TIMEOUT)).isEqualTo(keyOf(ALICE, 2));
            assertThat(store.history(ALICE).collectList().block(TIMEOUT)).extracting(HistoryEntry::oldFingerprint)
                .containsExactly(java.util.Optional.of("OLD"));
        }
    }
}
