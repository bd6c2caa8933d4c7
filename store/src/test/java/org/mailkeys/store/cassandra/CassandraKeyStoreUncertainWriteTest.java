package org.mailkeys.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailkeys.store.KeyStoreContract.ALICE;
import static org.mailkeys.store.KeyStoreContract.TIMEOUT;
import static org.mailkeys.store.KeyStoreContract.keyOf;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailkeys.store.HistoryEntry;
import org.mailkeys.store.WriteOutcome;

import com.datastax.oss.driver.api.core.DriverTimeoutException;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What the store answers when a lightweight transaction times out and nobody knows whether it was applied. */
class CassandraKeyStoreUncertainWriteTest {
    enum Failure { NONE, APPLIED_THEN_TIMED_OUT, TIMED_OUT_UNAPPLIED, NEWER_WON_THEN_TIMED_OUT }

    /** Rows in memory, with the same conditions as the table, and timeouts on demand. */
    static class FlakyRows implements KeyRows {
        final Deque<Failure> nextWrites = new ArrayDeque<>();
        final AtomicInteger serialReads = new AtomicInteger();
        Optional<KeyRow> stored = Optional.empty();

        @Override
        public Mono<Optional<KeyRow>> read(String address) {
            return Mono.fromSupplier(() -> stored);
        }

        @Override
        public Mono<Optional<KeyRow>> readSerial(String address) {
            return Mono.fromSupplier(() -> {
                serialReads.incrementAndGet();
                return stored;
            });
        }

        @Override
        public Mono<Boolean> insertIfAbsent(KeyRow row) {
            return Mono.fromSupplier(() -> write(row, stored.isEmpty()));
        }

        @Override
        public Mono<Boolean> updateIfOlder(KeyRow row) {
            return Mono.fromSupplier(() -> write(row, stored.isPresent() && stored.get().version() < row.version()));
        }

        private synchronized boolean write(KeyRow row, boolean conditionHolds) {
            Failure failure = Optional.ofNullable(nextWrites.poll()).orElse(Failure.NONE);
            if (failure == Failure.NEWER_WON_THEN_TIMED_OUT) {
                stored = Optional.of(KeyRow.of(keyOf(row.address(), row.version() + 1)));
            } else if (conditionHolds && failure != Failure.TIMED_OUT_UNAPPLIED) {
                stored = Optional.of(row);
            }
            if (failure != Failure.NONE) {
                throw new DriverTimeoutException("Query timed out");
            }
            return conditionHolds;
        }
    }

    /** The WKD index plays no part in these tests: it only has to work. */
    static class IndexInMemory implements WebKeyIndex {
        final Map<String, String> addresses = new ConcurrentHashMap<>();

        @Override
        public Mono<Void> add(String domain, String hashedLocalPart, String address) {
            return Mono.fromRunnable(() -> addresses.put(domain + "/" + hashedLocalPart, address));
        }

        @Override
        public Mono<Optional<String>> addressOf(String domain, String hashedLocalPart) {
            return Mono.fromSupplier(() -> Optional.ofNullable(addresses.get(domain + "/" + hashedLocalPart)));
        }
    }

    /** The history in memory: what the store recorded, in order. */
    static class RecordedHistory implements HistoryRows {
        final List<HistoryEntry> entries = new CopyOnWriteArrayList<>();

        @Override
        public Mono<Void> append(HistoryEntry entry) {
            return Mono.fromRunnable(() -> entries.add(entry));
        }

        @Override
        public Flux<HistoryEntry> entries(String address) {
            return Flux.fromIterable(entries).filter(entry -> entry.address().equals(address));
        }

        @Override
        public Mono<Void> indexAddress(String address, long version, boolean hasKey) {
            return Mono.empty();
        }

        @Override
        public Flux<String> domainAddresses(String domain, Optional<String> after, int limit) {
            return Flux.empty();
        }
    }

    FlakyRows rows;
    RecordedHistory history;
    CassandraKeyStore keyStore;

    @BeforeEach
    void setUp() {
        rows = new FlakyRows();
        history = new RecordedHistory();
        keyStore = new CassandraKeyStore(rows, history, new IndexInMemory(), Optional.empty());
    }

    @Test
    void aWriteAppliedBeforeItsTimeoutShouldBeRecordedOnceInTheHistory() {
        rows.nextWrites.add(Failure.APPLIED_THEN_TIMED_OUT);

        keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT);

        assertThat(history.entries).extracting(HistoryEntry::version).containsExactly(1L);
    }

    @Test
    void aWriteSupersededAfterItsTimeoutShouldLeaveNoHistoryEntry() {
        keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT);
        rows.nextWrites.add(Failure.NONE);
        rows.nextWrites.add(Failure.NEWER_WON_THEN_TIMED_OUT);

        keyStore.put(keyOf(ALICE, 2)).block(TIMEOUT);

        assertThat(history.entries).extracting(HistoryEntry::version).containsExactly(1L);
    }

    @Test
    void aWriteAppliedBeforeItsTimeoutShouldBeReportedApplied() {
        rows.nextWrites.add(Failure.APPLIED_THEN_TIMED_OUT);

        assertThat(keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT)).isEqualTo(WriteOutcome.APPLIED);

        assertThat(keyStore.find(ALICE).block(TIMEOUT)).isEqualTo(keyOf(ALICE, 1));
        assertThat(rows.serialReads).hasValue(1);
    }

    @Test
    void aWriteThatTimedOutUnappliedShouldBeTriedAgain() {
        rows.nextWrites.add(Failure.TIMED_OUT_UNAPPLIED);

        assertThat(keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT)).isEqualTo(WriteOutcome.APPLIED);

        assertThat(keyStore.find(ALICE).block(TIMEOUT)).isEqualTo(keyOf(ALICE, 1));
    }

    @Test
    void aWriteThatTimedOutWhileANewerOneWonShouldBeSuperseded() {
        keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT);
        // the insert is refused (the row exists), then the update meets a concurrent version 3
        rows.nextWrites.add(Failure.NONE);
        rows.nextWrites.add(Failure.NEWER_WON_THEN_TIMED_OUT);

        assertThat(keyStore.put(keyOf(ALICE, 2)).block(TIMEOUT)).isEqualTo(WriteOutcome.SUPERSEDED);

        assertThat(keyStore.find(ALICE).block(TIMEOUT)).isEqualTo(keyOf(ALICE, 3));
        assertThat(rows.serialReads).hasValue(1);
    }

    @Test
    void aDeletionAppliedBeforeItsTimeoutShouldBeReportedApplied() {
        keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT);
        rows.nextWrites.add(Failure.NONE);
        rows.nextWrites.add(Failure.APPLIED_THEN_TIMED_OUT);

        assertThat(keyStore.delete(ALICE, 2).block(TIMEOUT)).isEqualTo(WriteOutcome.APPLIED);

        assertThat(keyStore.find(ALICE).blockOptional(TIMEOUT)).isEmpty();
        assertThat(rows.serialReads).hasValue(1);
    }

    @Test
    void timeoutsThatGoOnShouldEndInTheError() {
        for (int i = 0; i < 20; i++) {
            rows.nextWrites.add(Failure.TIMED_OUT_UNAPPLIED);
        }

        assertThatThrownBy(() -> keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT))
            .isInstanceOf(DriverTimeoutException.class);
        assertThat(keyStore.find(ALICE).blockOptional(TIMEOUT)).isEmpty();
    }
}
