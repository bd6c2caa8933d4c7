package org.mailkeys.webadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.junit.jupiter.api.Test;
import org.mailkeys.store.ChangeOrigin;
import org.mailkeys.store.HistoryEntry;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.MemoryKeyStore;
import org.mailkeys.store.NodeName;
import org.mailkeys.store.StoreHealth;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.VersionRule;
import org.mailkeys.store.WriteOutcome;
import org.mailkeys.store.WriteTicket;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import spark.HaltException;

/** The operator's deletion against the store (the HTTP route around it is tested with a real James). */
class OperatorDeletionTest {
    static final String ALICE = "alice@example.net";
    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final NodeName node = new NodeName("node-admin");
    final VersionRule versions = new VersionRule(clock, node);
    final RecordingMetricFactory metrics = new RecordingMetricFactory();

    static StoredKey key(byte[] bytes, WriteTicket ticket) {
        return new StoredKey(ALICE, bytes, "FPR" + bytes[0], NOW, ticket.version());
    }

    static ChangeOrigin alice() {
        return ChangeOrigin.account(ALICE, "node-user", NOW);
    }

    @Test
    void anOperatorDeletionShouldHoldAgainstAPublicationFromAClockAheadRetriedAfterIt() {
        MemoryKeyStore store = new MemoryKeyStore();
        WriteTicket first = versions.next(0);
        store.put(key(new byte[] {1}, first), first, alice()).block();
        // accepted by a node an hour ahead while the store was down: it saw nothing
        WriteTicket ahead = new VersionRule(Clock.offset(clock, Duration.ofHours(1)), new NodeName("node-ahead"))
            .next(0);

        new OperatorDeletion(store, node, metrics, clock, versions).delete(ALICE, "admin", "account compromised");

        assertThat(ahead.version()).as("the retried publication's version is above the deletion's")
            .isGreaterThan(store.latestVersion(ALICE).block());
        assertThat(store.put(key(new byte[] {2}, ahead), ahead, alice()).block()).isEqualTo(WriteOutcome.SUPERSEDED);
        assertThat(store.find(ALICE).blockOptional()).isEmpty();
    }

    @Test
    void anOperatorDeletionRacingAPublicationOnTheSameClockShouldLeaveOnlyOneOfThemApplied() {
        MemoryKeyStore store = new MemoryKeyStore();
        WriteTicket first = versions.next(0);
        store.put(key(new byte[] {1}, first), first, alice()).block();
        // the publication read the latest version and took its own, then the operator deleted the key
        WriteTicket publication = new VersionRule(clock, new NodeName("node-user")).next(first.version());

        new OperatorDeletion(store, node, metrics, clock, versions).delete(ALICE, "admin", "court order");

        assertThat(store.put(key(new byte[] {2}, publication), publication, alice()).block())
            .isEqualTo(WriteOutcome.SUPERSEDED);
        assertThat(store.find(ALICE).blockOptional()).isEmpty();
        List<HistoryEntry> history = store.history(ALICE).collectList().block();
        assertThat(history).last().extracting(HistoryEntry::actorKind).isEqualTo(ChangeOrigin.ActorKind.OPERATOR);
    }

    @Test
    void aRetriedOperatorDeletionWhoseFirstAttemptFailedAfterItWasAppliedShouldBeAnsweredDone() {
        FailingAfterDelete store = new FailingAfterDelete();
        WriteTicket first = versions.next(0);
        store.memory.put(key(new byte[] {1}, first), first, alice()).block();
        OperatorDeletion deletion = new OperatorDeletion(store, node, metrics, clock, versions);
        store.failAfterNextDelete.set(true);
        assertThatThrownBy(() -> deletion.delete(ALICE, "admin", "account compromised"))
            .isInstanceOf(HaltException.class);

        assertThat(deletion.delete(ALICE, "admin", "account compromised"))
            .isEqualTo(OperatorDeletion.Result.ALREADY_DELETED_BY_AN_OPERATOR);
        assertThat(store.repairs).isPositive();
        assertThat(store.history(ALICE).collectList().block()).last()
            .satisfies(entry -> assertThat(entry.reason()).contains("account compromised"));
    }

    @Test
    void aDeletionOfAnAddressWithoutKeyNorOperatorDeletionShouldBeNotFound() {
        MemoryKeyStore store = new MemoryKeyStore();
        store.delete(ALICE, versions.next(0), alice()).block();

        assertThatThrownBy(() -> new OperatorDeletion(store, node, metrics, clock, versions)
            .delete(ALICE, "admin", "court order"))
            .isInstanceOfSatisfying(HaltException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    /** Applies a deletion, then fails as a store that could not record it would; counts the repairs asked for. */
    static final class FailingAfterDelete implements KeyStore {
        final MemoryKeyStore memory = new MemoryKeyStore();
        final AtomicBoolean failAfterNextDelete = new AtomicBoolean();
        int repairs;

        @Override
        public Mono<StoredKey> find(String address) {
            return memory.find(address);
        }

        @Override
        public Mono<WriteOutcome> put(StoredKey key, WriteTicket ticket, ChangeOrigin origin) {
            return memory.put(key, ticket, origin);
        }

        @Override
        public Mono<WriteOutcome> delete(String address, WriteTicket ticket, ChangeOrigin origin) {
            return memory.delete(address, ticket, origin)
                .flatMap(outcome -> failAfterNextDelete.getAndSet(false)
                    ? Mono.error(new IllegalStateException("history write failed (test)")) : Mono.just(outcome));
        }

        @Override
        public Mono<Void> completeInterruptedWrite(String address) {
            return Mono.fromRunnable(() -> repairs++);
        }

        @Override
        public Flux<HistoryEntry> history(String address) {
            return memory.history(address);
        }

        @Override
        public Flux<String> addresses(String domain, Optional<String> after, int limit) {
            return memory.addresses(domain, after, limit);
        }

        @Override
        public Mono<StoreHealth> health() {
            return memory.health();
        }

        @Override
        public Mono<Long> latestVersion(String address) {
            return memory.latestVersion(address);
        }

        @Override
        public Mono<StoredKey> findByWebKeyHash(String domain, String hashedLocalPart) {
            return memory.findByWebKeyHash(domain, hashedLocalPart);
        }
    }
}
