package org.mailkeys.store.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.WriteOutcome;
import org.mailkeys.store.file.FileKeyStore;
import org.mailkeys.transparency.Checkpoint;
import org.mailkeys.transparency.KeyLog;
import org.mailkeys.transparency.LogAuditor;
import org.mailkeys.transparency.LogEntry;
import org.mailkeys.transparency.LogKeys;
import org.mailkeys.transparency.MerkleProofs;
import org.mailkeys.transparency.ProofVerifier;
import org.mailkeys.transparency.TileHashSource;
import org.mailkeys.transparency.TlogProof;

class FileKeyLogTest {
    private static final String ORIGIN = "example.net/mailkeys-log";

    @TempDir
    Path folder;

    /** A file store and its log, as the server opens them. */
    private static final class Node implements AutoCloseable {
        final FileKeyStore store;
        final FileLogStorage storage;
        final KeyLog log;
        final LoggedKeyStore logged;

        Node(Path folder) throws Exception {
            store = FileKeyStore.open(folder.resolve("keys"));
            storage = FileLogStorage.open(folder.resolve("log"));
            LogKeys keys = storage.keysOrCreate(LogKeys.generate(ORIGIN, new SecureRandom()));
            log = new KeyLog(storage, keys, new HistoryAppliedChanges(store), LogAddress::normalise,
                Clock.systemUTC());
            log.open();
            logged = new LoggedKeyStore(store, log);
        }

        @Override
        public void close() throws Exception {
            logged.close();
        }
    }

    private static StoredKey key(String address, long version) {
        return new StoredKey(address, (address + version).getBytes(StandardCharsets.UTF_8), "FPR" + version,
            Instant.parse("2026-12-05T03:00:00Z"), version);
    }

    @Test
    void theLogShouldGrowAcrossRestartsWithTheSameKeysAndConsistentCheckpoints() throws Exception {
        Checkpoint first;
        String verifierKey;
        try (Node node = new Node(folder)) {
            assertThat(node.logged.put(key("alice@example.net", 1)).block()).isEqualTo(WriteOutcome.APPLIED);
            assertThat(node.logged.put(key("Bob@example.net", 1)).block()).isEqualTo(WriteOutcome.APPLIED);
            assertThat(node.log.integrate()).isEqualTo(2);
            first = Checkpoint.verified(node.storage.checkpoint().orElseThrow(),
                node.log.keys().signer().verifier(), ORIGIN).orElseThrow();
            verifierKey = node.log.keys().signer().verifier().verifierKey();
        }
        try (Node node = new Node(folder)) {
            assertThat(node.log.keys().signer().verifier().verifierKey()).isEqualTo(verifierKey);
            node.logged.put(key("alice@example.net", 2)).block();
            node.logged.delete("bob@example.net", 2).block();
            assertThat(node.log.integrate()).isEqualTo(2);
            Checkpoint second = Checkpoint.verified(node.storage.checkpoint().orElseThrow(),
                node.log.keys().signer().verifier(), ORIGIN).orElseThrow();
            assertThat(second.size()).isEqualTo(4);
            assertThat(ProofVerifier.verifyConsistency(first.size(), second.size(), first.root(), second.root(),
                MerkleProofs.consistency(new TileHashSource(node.storage, 4), first.size(), 4))).isTrue();
            List<byte[]> entries = LogAuditor.audit(node.storage, second);
            assertThat(entries).extracting(bytes -> LogEntry.parse(bytes).orElseThrow().change()).containsExactly(
                LogEntry.Change.PUBLISHED, LogEntry.Change.PUBLISHED, LogEntry.Change.REPLACED,
                LogEntry.Change.DELETED);
            TlogProof proof = node.log.proof("ALICE@example.net", 2).orElseThrow();
            assertThat(proof.index()).isEqualTo(2);
            assertThat(proof.verify(proof.extra().orElseThrow(), node.log.keys().signer().verifier(), ORIGIN))
                .isPresent();
        }
    }

    @Test
    void aSupersededWriteShouldLeaveNoEntry() throws Exception {
        try (Node node = new Node(folder)) {
            node.logged.put(key("carol@example.net", 5)).block();
            assertThat(node.logged.put(key("carol@example.net", 4)).block()).isEqualTo(WriteOutcome.SUPERSEDED);
            assertThat(node.log.integrate()).isEqualTo(1);
            assertThat(node.storage.pending(10)).isEmpty();
        }
    }

    @Test
    void theKeysShouldBeOwnerOnlyAndTheTilesPlainFiles() throws Exception {
        try (Node node = new Node(folder)) {
            node.logged.put(key("dave@example.net", 1)).block();
            node.log.integrate();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("log/private/keys"))))
            .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("log/private"))))
            .isEqualTo("rwx------");
        assertThat(folder.resolve("log/public/tile/0/000.p/1")).hasSize(32);
        assertThat(folder.resolve("log/public/tile/entries/000.p/1")).exists();
        assertThat(Files.readString(folder.resolve("log/public/checkpoint"))).startsWith(ORIGIN + "\n1\n");
    }

    @Test
    void anOperatorsKeysShouldBeKept() throws Exception {
        LogKeys operator = LogKeys.generate("operator.example/log", new SecureRandom());
        FileLogStorage storage = FileLogStorage.open(folder.resolve("log"));
        assertThat(storage.keysOrCreate(operator).encode()).isEqualTo(operator.encode());
        assertThat(storage.keysOrCreate(LogKeys.generate(ORIGIN, new SecureRandom())).origin())
            .isEqualTo("operator.example/log");
        assertThat(Optional.of(storage.keys().orElseThrow().origin())).contains("operator.example/log");
    }
}
