package org.mailkeys.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class KeyLogTest {
    private static final String ORIGIN = "example.net/mailkeys-log";
    private static final LogKeys KEYS = LogKeys.generate(ORIGIN, new SecureRandom());
    private static final Instant NOW = Instant.parse("2026-12-05T03:00:00Z");

    /** What a store applied: address and version to change. */
    static final class FakeChanges implements AppliedChanges {
        final Map<String, Change> applied = new ConcurrentHashMap<>();
        final Map<String, Change> current = new ConcurrentHashMap<>();

        void apply(String address, long version, LogEntry.Change change) {
            byte[] digest = MerkleHash.leaf((address + version).getBytes(StandardCharsets.UTF_8));
            applied.put(address + "/" + version, new Change(change, change == LogEntry.Change.DELETED
                ? Optional.empty() : Optional.of(digest), NOW));
        }

        @Override
        public Optional<Change> applied(String address, long version) {
            return Optional.ofNullable(applied.get(address + "/" + version));
        }

        @Override
        public Optional<Change> current(String address, long version) {
            return Optional.ofNullable(current.get(address + "/" + version));
        }
    }

    private final FakeChanges changes = new FakeChanges();

    private KeyLog log(LogStorage storage) throws IOException {
        KeyLog log = new KeyLog(storage, storage.keysOrCreate(KEYS), changes, address -> address.toLowerCase(Locale.ROOT),
            Clock.fixed(NOW, ZoneOffset.UTC));
        log.open();
        return log;
    }

    @Test
    void anAppliedChangeShouldEnterTheLogWithAProofThatVerifies() throws IOException {
        KeyLog log = log(new MemoryLogStorage());
        log.expect("Alice@example.net", 5);
        changes.apply("alice@example.net", 5, LogEntry.Change.PUBLISHED);
        assertThat(log.integrate()).isEqualTo(1);

        TlogProof proof = log.proof("alice@example.net", 5).orElseThrow();
        NoteVerifier verifier = NoteVerifier.parse(KEYS.signer().verifier().verifierKey()).orElseThrow();
        byte[] entryBytes = proof.extra().orElseThrow();
        assertThat(proof.verify(entryBytes, verifier, ORIGIN)).isPresent();
        LogEntry entry = LogEntry.parse(entryBytes).orElseThrow();
        assertThat(entry.version()).isEqualTo(5);
        assertThat(entry.change()).isEqualTo(LogEntry.Change.PUBLISHED);
        byte[] beta = KEYS.vrf().publicKey().verify("alice@example.net".getBytes(StandardCharsets.UTF_8),
            log.vrfProof("ALICE@example.net")).orElseThrow();
        assertThat(entry.label()).isEqualTo(beta);
        assertThat(log.awaitLogged("alice@example.net", 5)).isCompletedWithValue(0L);
    }

    @Test
    void theProofBlockShouldCarryTheVrfProofAndTheTlogProofOrTheCheckpoint() throws IOException {
        KeyLog log = log(new MemoryLogStorage());
        String empty = log.proofBlock("bob@example.net", OptionalLong.empty()).orElseThrow();
        assertThat(empty).startsWith("mailkeys-log-proof v1\nvrf ").contains("\n" + ORIGIN + "\n0\n");
        log.expect("bob@example.net", 1);
        changes.apply("bob@example.net", 1, LogEntry.Change.PUBLISHED);
        log.integrate();
        String found = log.proofBlock("bob@example.net", OptionalLong.of(1)).orElseThrow();
        String[] lines = found.split("\n", 3);
        assertThat(Base64.getDecoder().decode(lines[1].substring(4))).hasSize(81);
        assertThat(TlogProof.parse(lines[2])).isPresent();
        assertThat(log.proofBlock("bob@example.net", OptionalLong.of(2))).isEmpty();
    }

    @Test
    void aChangeTheStoreNeverAppliedShouldBeDroppedOnceStale() throws IOException {
        MemoryLogStorage storage = new MemoryLogStorage();
        storage.addPending(new PendingChange("carol@example.net", 3, false, NOW.minusSeconds(3600)));
        storage.addPending(new PendingChange("dave@example.net", 3, false, NOW));
        KeyLog log = log(storage);
        assertThat(log.integrate()).isZero();
        assertThat(storage.pending(10)).extracting(PendingChange::address).containsExactly("dave@example.net");
    }

    @Test
    void anExistingKeyShouldEnterAsPublished() throws IOException {
        KeyLog log = log(new MemoryLogStorage());
        changes.current.put("erin@example.net/9", new AppliedChanges.Change(LogEntry.Change.PUBLISHED,
            Optional.of(new byte[32]), NOW));
        log.addExisting("erin@example.net", 9);
        assertThat(log.integrate()).isEqualTo(1);
        assertThat(LogEntry.parse(log.proof("erin@example.net", 9).orElseThrow().extra().orElseThrow())
            .orElseThrow().change()).isEqualTo(LogEntry.Change.PUBLISHED);
    }

    @Test
    void twoNodesSequencingAtOnceShouldLogEveryChangeOnceWithoutAFork() throws Exception {
        MemoryLogStorage storage = new MemoryLogStorage();
        KeyLog first = log(storage);
        KeyLog second = log(storage);
        for (int i = 0; i < 600; i++) {
            first.expect("user" + i + "@example.net", 1);
            changes.apply("user" + i + "@example.net", 1, LogEntry.Change.PUBLISHED);
        }
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (KeyLog node : List.of(first, second)) {
            runs.add(nodes.submit(() -> {
                start.await();
                while (!storage.pending(1).isEmpty()) {
                    node.integrate();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> run : runs) {
            run.get(2, TimeUnit.MINUTES);
        }
        nodes.shutdown();
        first.integrate();
        Checkpoint checkpoint = Checkpoint.verified(storage.checkpoint().orElseThrow(), KEYS.signer().verifier(),
            ORIGIN).orElseThrow();
        assertThat(checkpoint.size()).isEqualTo(600);
        List<byte[]> entries = LogAuditor.audit(storage, checkpoint);
        assertThat(entries.stream().map(bytes -> Base64.getEncoder().encodeToString(
            LogEntry.parse(bytes).orElseThrow().label())).distinct()).hasSize(600);
    }

    @Test
    void aNodeThatStopsAfterCommittingShouldLoseNothing() throws IOException {
        MemoryLogStorage storage = new MemoryLogStorage();
        AtomicBoolean crash = new AtomicBoolean(true);
        LogStorage crashing = new ForwardingStorage(storage) {
            @Override
            public void writeTile(TileId tile, byte[] bytes) throws IOException {
                if (crash.get()) {
                    throw new IOException("node killed");
                }
                super.writeTile(tile, bytes);
            }
        };
        KeyLog dying = log(crashing);
        for (int i = 0; i < 3; i++) {
            dying.expect("user" + i + "@example.net", 1);
            changes.apply("user" + i + "@example.net", 1, LogEntry.Change.PUBLISHED);
        }
        assertThatThrownBy(dying::integrate).hasMessageContaining("node killed");
        KeyLog survivor = log(storage);
        survivor.expect("late@example.net", 1);
        changes.apply("late@example.net", 1, LogEntry.Change.PUBLISHED);
        assertThat(survivor.integrate()).isEqualTo(1);
        Checkpoint checkpoint = Checkpoint.verified(storage.checkpoint().orElseThrow(), KEYS.signer().verifier(),
            ORIGIN).orElseThrow();
        assertThat(checkpoint.size()).isEqualTo(4);
        assertThat(LogAuditor.audit(storage, checkpoint)).hasSize(4);
        assertThat(storage.pending(10)).isEmpty();
    }

    /** Passes every call to another storage. */
    static class ForwardingStorage implements LogStorage {
        private final LogStorage delegate;

        ForwardingStorage(LogStorage delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<byte[]> read(TileId tile) throws IOException {
            return delegate.read(tile);
        }

        @Override
        public void writeTile(TileId tile, byte[] bytes) throws IOException {
            delegate.writeTile(tile, bytes);
        }

        @Override
        public boolean commit(LogBatch batch) throws IOException {
            return delegate.commit(batch);
        }

        @Override
        public Optional<LogBatch> lastBatch() throws IOException {
            return delegate.lastBatch();
        }

        @Override
        public Optional<String> checkpoint() throws IOException {
            return delegate.checkpoint();
        }

        @Override
        public void advanceCheckpoint(long size, String note) throws IOException {
            delegate.advanceCheckpoint(size, note);
        }

        @Override
        public void index(byte[] label, long version, long entryIndex) throws IOException {
            delegate.index(label, version, entryIndex);
        }

        @Override
        public OptionalLong indexOf(byte[] label, long version) throws IOException {
            return delegate.indexOf(label, version);
        }

        @Override
        public void addPending(PendingChange change) throws IOException {
            delegate.addPending(change);
        }

        @Override
        public List<PendingChange> pending(int limit) throws IOException {
            return delegate.pending(limit);
        }

        @Override
        public void removePending(PendingChange change) throws IOException {
            delegate.removePending(change);
        }

        @Override
        public Optional<LogKeys> keys() throws IOException {
            return delegate.keys();
        }

        @Override
        public LogKeys keysOrCreate(LogKeys candidate) throws IOException {
            return delegate.keysOrCreate(candidate);
        }
    }
}
