package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

import org.mailkeys.store.StoredKey;
import org.mailkeys.store.log.FileLogStorage;
import org.mailkeys.store.log.LogAddress;
import org.mailkeys.transparency.AppliedChanges;
import org.mailkeys.transparency.Checkpoint;
import org.mailkeys.transparency.KeyLog;
import org.mailkeys.transparency.LogAuditor;
import org.mailkeys.transparency.LogEntry;
import org.mailkeys.transparency.LogKeys;
import org.mailkeys.transparency.MerkleProofs;
import org.mailkeys.transparency.ProofVerifier;
import org.mailkeys.transparency.TileHashSource;
import org.mailkeys.transparency.TlogProof;

/**
 * The key log of a runtime folder's file store, read as an auditor reads it: its signed checkpoint, the proof of a
 * stored key, and whether it grew from an earlier checkpoint without losing or changing an entry. It never writes:
 * James may be running on the same folder.
 */
final class FileKeyLogReader {
    /** This copy only reads; the sequencer of the James under test is the one that integrates. */
    private static final AppliedChanges NOT_SEQUENCING = new AppliedChanges() {
        @Override
        public Optional<Change> applied(String address, long version) {
            throw new UnsupportedOperationException("a reader does not sequence");
        }

        @Override
        public Optional<Change> current(String address, long version) {
            throw new UnsupportedOperationException("a reader does not sequence");
        }
    };

    private final FileLogStorage storage;
    private final LogKeys keys;
    private final KeyLog log;

    private FileKeyLogReader(FileLogStorage storage, LogKeys keys) {
        this.storage = storage;
        this.keys = keys;
        this.log = new KeyLog(storage, keys, NOT_SEQUENCING, LogAddress::normalise, Clock.systemUTC());
    }

    static FileKeyLogReader open(Path folder) throws IOException {
        FileLogStorage storage = FileLogStorage.open(folder);
        return new FileKeyLogReader(storage, storage.keys().orElseThrow(
            () -> new IllegalStateException("No key log keys under " + folder)));
    }

    /** The latest checkpoint, its signature checked under the log's key. */
    Checkpoint checkpoint() throws IOException {
        return Checkpoint.verified(storage.checkpoint().orElseThrow(), keys.signer().verifier(), keys.origin())
            .orElseThrow(() -> new AssertionError("The log's checkpoint does not verify"));
    }

    /** Whether the latest checkpoint proves an entry for exactly this stored key: its version and key digest. */
    boolean proves(StoredKey key) throws IOException {
        Optional<TlogProof> proof = log.proof(key.address(), key.version());
        if (proof.isEmpty() || proof.get().extra().isEmpty()) {
            return false;
        }
        byte[] entryBytes = proof.get().extra().get();
        Optional<LogEntry> entry = LogEntry.parse(entryBytes);
        return entry.isPresent() && Arrays.equals(entry.get().label(), log.label(key.address()))
            && entry.get().keyDigest().map(digest -> Arrays.equals(digest, sha256(key.keyBytes()))).orElse(false)
            && proof.get().verify(entryBytes, keys.signer().verifier(), keys.origin()).isPresent();
    }

    /**
     * The log now extends {@code earlier}: a consistency proof from the tiles joins the two signed roots, and every
     * tile and entry recomputes the latest root.
     */
    void assertExtends(Checkpoint earlier) throws IOException {
        Checkpoint latest = checkpoint();
        assertThat(latest.size()).as("the log never shrinks").isGreaterThanOrEqualTo(earlier.size());
        if (earlier.size() > 0) {
            assertThat(ProofVerifier.verifyConsistency(earlier.size(), latest.size(), earlier.root(), latest.root(),
                MerkleProofs.consistency(new TileHashSource(storage, latest.size()), earlier.size(), latest.size())))
                .as("the log of size %d extends the one of size %d", latest.size(), earlier.size()).isTrue();
        }
        assertThat(LogAuditor.audit(storage, latest)).hasSize((int) latest.size());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
