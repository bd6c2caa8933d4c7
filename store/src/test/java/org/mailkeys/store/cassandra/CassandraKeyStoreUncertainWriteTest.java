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
import org.mailkeys.store.WriteTicket;

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
        /** When set, what a read at the read level (ONE) answers: a replica behind the others. */
        volatile Optional<KeyRow> staleRead;

        @Override
        public Mono<Optional<KeyRow>> read(String address) {
            return Mono.fromSupplier(() -> staleRead != null ? staleRead : stored);
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
        public Mono<Boolean> replaceIfVersion(KeyRow row, long expectedVersion) {
            return Mono.fromSupplier(() -> write(row, stored.isPresent() && stored.get().version() == expectedVersion));
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

    /** The history in memory, keyed as the table is (address, version): what the store recorded. */
    static class RecordedHistory implements HistoryRows {
        final List<HistoryEntry> entries = new CopyOnWriteArrayList<>();
        final Map<String, Boolean> domainRows = new ConcurrentHashMap<>();
        final AtomicInteger appendFailures = new AtomicInteger();
        final AtomicInteger indexFailures = new AtomicInteger();

        @Override
        public synchronized Mono<Void> append(HistoryEntry entry) {
            return Mono.defer(() -> {
                if (appendFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    return Mono.error(new IllegalStateException("history write failed (test)"));
                }
                entries.removeIf(old -> old.address().equals(entry.address()) && old.version() == entry.version());
                entries.add(entry);
                return Mono.empty();
            });
        }

        @Override
        public Flux<HistoryEntry> entries(String address) {
            return Flux.fromIterable(entries).filter(entry -> entry.address().equals(address));
        }

        @Override
        public Mono<Void> indexAddress(String address, long version, boolean hasKey) {
            return Mono.defer(() -> {
                if (indexFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    return Mono.error(new IllegalStateException("domain index write failed (test)"));
                }
                domainRows.put(address, hasKey);
                return Mono.empty();
            });
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
        rows.serialReads.set(0);
        rows.nextWrites.add(Failure.NEWER_WON_THEN_TIMED_OUT);

        keyStore.put(keyOf(ALICE, 2)).block(TIMEOUT);

        assertThat(history.entries).extracting(HistoryEntry::version).containsExactly(1L);
    }

    @Test
    void aWriteAppliedBeforeItsTimeoutShouldBeReportedApplied() {
        rows.nextWrites.add(Failure.APPLIED_THEN_TIMED_OUT);

        assertThat(keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT)).isEqualTo(WriteOutcome.APPLIED);

        assertThat(keyStore.find(ALICE).block(TIMEOUT)).isEqualTo(keyOf(ALICE, 1));
        assertThat(rows.serialReads).as("the read before the write, the one after the timeout").hasValue(2);
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
        // the compare-and-set meets a concurrent version 3
        rows.serialReads.set(0);
        rows.nextWrites.add(Failure.NEWER_WON_THEN_TIMED_OUT);

        assertThat(keyStore.put(keyOf(ALICE, 2)).block(TIMEOUT)).isEqualTo(WriteOutcome.SUPERSEDED);

        assertThat(keyStore.find(ALICE).block(TIMEOUT)).isEqualTo(keyOf(ALICE, 3));
        assertThat(rows.serialReads).as("the read before the write, the one after the timeout").hasValue(2);
    }

    @Test
    void aDeletionAppliedBeforeItsTimeoutShouldBeReportedApplied() {
        keyStore.put(keyOf(ALICE, 1)).block(TIMEOUT);
        rows.serialReads.set(0);
        rows.nextWrites.add(Failure.APPLIED_THEN_TIMED_OUT);

        assertThat(keyStore.delete(ALICE, 2).block(TIMEOUT)).isEqualTo(WriteOutcome.APPLIED);

        assertThat(keyStore.find(ALICE).blockOptional(TIMEOUT)).isEmpty();
        assertThat(rows.serialReads).as("the read before the write, the one after the timeout").hasValue(2);
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

    // --- A write applied and then not recorded (THREAT-MODEL.md) ---

    @Test
    void aPutWhoseHistoryWriteFailedShouldBeRecordedAndReportedAppliedByItsRetry() {
        WriteTicket ticket = WriteTicket.of(1, 0, "publication-1");
        history.appendFailures.set(1);

        assertThatThrownBy(() -> keyStore.put(keyOf(ALICE, 1), ticket, ALICE_ON_NODE_1).block(TIMEOUT))
            .hasMessageContaining("history write failed");

        assertThat(keyStore.put(keyOf(ALICE, 1), ticket, ALICE_ON_NODE_1).block(TIMEOUT))
            .isEqualTo(WriteOutcome.APPLIED);
        assertThat(history.entries).extracting(HistoryEntry::version).containsExactly(1L);
        assertThat(history.domainRows).containsEntry(ALICE, true);
    }

    @Test
    void aDeletionWhoseDomainIndexWriteFailedShouldBeRecordedByItsRetry() {
        keyStore.put(keyOf(ALICE, 1), WriteTicket.of(1, 0, "publication-1"), ALICE_ON_NODE_1).block(TIMEOUT);
        WriteTicket deletion = WriteTicket.of(2, 1, "operator-deletion");
        history.indexFailures.set(1);

        assertThatThrownBy(() -> keyStore.delete(ALICE, deletion, OPERATOR).block(TIMEOUT))
            .hasMessageContaining("domain index write failed");

        assertThat(keyStore.delete(ALICE, deletion, OPERATOR).block(TIMEOUT)).isEqualTo(WriteOutcome.APPLIED);
        assertThat(history.entries).extracting(HistoryEntry::version).containsExactly(1L, 2L);
        assertThat(history.entries.get(1).reason()).contains("account compromised");
        assertThat(history.domainRows).containsEntry(ALICE, false);
    }

    @Test
    void anInterruptedWriteShouldBeRecordedByTheNextWriteOrByARepair() {
        history.appendFailures.set(1);
        assertThatThrownBy(() -> keyStore.delete(ALICE, WriteTicket.of(2, 0, "operator-deletion"), OPERATOR)
            .block(TIMEOUT)).hasMessageContaining("history write failed");

        keyStore.completeInterruptedWrite(ALICE).block(TIMEOUT);

        assertThat(history.entries).singleElement().extracting(HistoryEntry::actor).isEqualTo("admin");
    }

    @Test
    void aStaleReadShouldNotMakeAWriteOfAnotherRequestLookApplied() {
        keyStore.put(keyOf(ALICE, 5), WriteTicket.of(5, 0, "operator-or-other-node"), ALICE_ON_NODE_1)
            .block(TIMEOUT);
        rows.staleRead = Optional.empty(); // reads at ONE that have not seen version 5 yet

        assertThat(keyStore.put(keyOf(ALICE, 5), WriteTicket.of(5, 0, "this-request"), ALICE_ON_NODE_1)
            .block(TIMEOUT)).isEqualTo(WriteOutcome.SUPERSEDED);
        assertThat(keyStore.find(ALICE).blockOptional(TIMEOUT)).isEmpty(); // the stale replica's answer
        assertThat(history.entries).extracting(HistoryEntry::version).containsExactly(5L);
    }

    static final org.mailkeys.store.ChangeOrigin ALICE_ON_NODE_1 = org.mailkeys.store.ChangeOrigin.account(ALICE,
        "node-1", java.time.Instant.parse("2026-11-28T10:15:30.123Z"));
    static final org.mailkeys.store.ChangeOrigin OPERATOR = org.mailkeys.store.ChangeOrigin.operator("admin",
        "account compromised", "node-2", java.time.Instant.parse("2026-11-28T11:15:30.123Z"));
}
