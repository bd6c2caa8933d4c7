package org.mailkeys.transparency;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The server's key log: labels addresses, sequences pending changes into batches, and proves entries. One per node;
 * nodes that share a {@link LogStorage} share one log. {@link #integrate()} is one sequencing step; a
 * {@link LogSequencer} runs it on a timer.
 */
public final class KeyLog {
    /** Entries of one batch at most. */
    public static final int BATCH_LIMIT = 256;
    /** A pending change that the store has not applied after this long never will be: its write failed. */
    static final Duration STALE_AFTER = Duration.ofMinutes(2);
    public static final String PROOF_HEADER = "mailkeys-log-proof v1";

    private final LogStorage storage;
    private final LogKeys keys;
    private final AppliedChanges changes;
    private final UnaryOperator<String> normaliser;
    private final Clock clock;
    private final Map<String, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();

    /**
     * @param normaliser the store's address normalisation: the VRF input (alpha) is the normalised address
     */
    public KeyLog(LogStorage storage, LogKeys keys, AppliedChanges changes, UnaryOperator<String> normaliser,
                  Clock clock) {
        this.storage = storage;
        this.keys = keys;
        this.changes = changes;
        this.normaliser = normaliser;
        this.clock = clock;
    }

    /** Signs the checkpoint of the empty tree when the log has none yet, so that every answer has a checkpoint. */
    public void open() throws IOException {
        if (storage.checkpoint().isEmpty()) {
            storage.advanceCheckpoint(0, keys.signer().sign(new Checkpoint(keys.origin(), 0, MerkleHash.empty())
                .text()));
        }
    }

    public LogKeys keys() {
        return keys;
    }

    public String origin() {
        return keys.origin();
    }

    public LogStorage storage() {
        return storage;
    }

    /** The VRF input of an address: its normalised form in UTF-8. */
    private byte[] alpha(String address) {
        return normaliser.apply(address).getBytes(StandardCharsets.UTF_8);
    }

    /** The address's label: the ECVRF output of RFC 9381. */
    public byte[] label(String address) {
        return keys.vrf().hash(alpha(address));
    }

    /** The 81-byte ECVRF proof that {@link #label} belongs to the address. */
    public byte[] vrfProof(String address) {
        return keys.vrf().prove(alpha(address));
    }

    /** Records a change before the store applies it (see {@link PendingChange}). */
    public void expect(String address, long version) throws IOException {
        storage.addPending(new PendingChange(normaliser.apply(address), version, false, clock.instant()));
    }

    /** Forgets an expected change that the store did not apply. */
    public void notApplied(String address, long version) throws IOException {
        storage.removePending(new PendingChange(normaliser.apply(address), version, false, clock.instant()));
    }

    /** Queues a key that was stored before the log began, to enter as {@code published}. */
    public void addExisting(String address, long version) throws IOException {
        storage.addPending(new PendingChange(normaliser.apply(address), version, true, clock.instant()));
    }

    /** Completes with the entry's index once the change is in a signed checkpoint. */
    public CompletableFuture<Long> awaitLogged(String address, long version) throws IOException {
        byte[] label = label(address);
        OptionalLong index = storage.indexOf(label, version);
        if (index.isPresent()) {
            return CompletableFuture.completedFuture(index.getAsLong());
        }
        CompletableFuture<Long> future = waiting.computeIfAbsent(waitKey(label, version),
            key -> new CompletableFuture<>());
        // the batch may have been integrated between the look-up and the registration
        OptionalLong again = storage.indexOf(label, version);
        if (again.isPresent()) {
            future.complete(again.getAsLong());
        }
        return future;
    }

    /**
     * One sequencing step: finishes the last committed batch if a node stopped in its middle, then commits and
     * finishes a batch of pending changes. Safe to run on several nodes at once. The number of entries added.
     */
    public synchronized int integrate() throws IOException {
        long size = finishLastBatch();
        List<PendingChange> pending = storage.pending(BATCH_LIMIT);
        List<byte[]> entries = new ArrayList<>();
        List<PendingChange> included = new ArrayList<>();
        for (PendingChange change : pending) {
            Optional<byte[]> entry = resolve(change);
            if (entry.isPresent()) {
                entries.add(entry.get());
                included.add(change);
            }
        }
        if (entries.isEmpty()) {
            notifyWaiters();
            return 0;
        }
        TileIntegrator.Result result = TileIntegrator.integrate(storage, size, entries);
        String note = keys.signer().sign(new Checkpoint(keys.origin(), result.size(), result.root()).text());
        LogBatch batch = new LogBatch(size, entries, note);
        if (!storage.commit(batch)) {
            // another node extended this size first; its batch is finished next step, and ours retried after it
            return 0;
        }
        finish(batch, result);
        for (PendingChange change : included) {
            storage.removePending(change);
        }
        notifyWaiters();
        return entries.size();
    }

    private long finishLastBatch() throws IOException {
        Optional<LogBatch> last = storage.lastBatch();
        if (last.isEmpty()) {
            return 0;
        }
        long checkpointSize = storage.checkpoint().flatMap(KeyLog::size).orElse(0L);
        if (checkpointSize < last.get().newSize()) {
            finish(last.get(), TileIntegrator.integrate(storage, last.get().oldSize(), last.get().entries()));
        }
        return last.get().newSize();
    }

    private void finish(LogBatch batch, TileIntegrator.Result result) throws IOException {
        Checkpoint signed = Checkpoint.verified(batch.checkpointNote(), keys.signer().verifier(), keys.origin())
            .orElseThrow(() -> new IOException("A committed batch carries a checkpoint this log did not sign"));
        if (signed.size() != result.size() || !java.util.Arrays.equals(signed.root(), result.root())) {
            throw new IOException("A committed batch does not give its checkpoint's root");
        }
        for (Map.Entry<TileId, byte[]> tile : result.tiles().entrySet()) {
            storage.writeTile(tile.getKey(), tile.getValue());
        }
        long index = batch.oldSize();
        for (byte[] bytes : batch.entries()) {
            LogEntry entry = LogEntry.parse(bytes).orElseThrow(() -> new IOException("A damaged entry in a batch"));
            storage.index(entry.label(), entry.version(), index++);
        }
        storage.advanceCheckpoint(result.size(), batch.checkpointNote());
    }

    /** The entry of a pending change, or empty: not applied yet (kept), or never, or already logged (dropped). */
    private Optional<byte[]> resolve(PendingChange pending) throws IOException {
        byte[] label = label(pending.address());
        if (storage.indexOf(label, pending.version()).isPresent()) {
            storage.removePending(pending);
            return Optional.empty();
        }
        Optional<AppliedChanges.Change> change = pending.existingKey()
            ? changes.current(pending.address(), pending.version())
            : changes.applied(pending.address(), pending.version());
        if (change.isEmpty()) {
            if (pending.existingKey() || pending.since().plus(STALE_AFTER).isBefore(clock.instant())) {
                storage.removePending(pending);
            }
            return Optional.empty();
        }
        return Optional.of(new LogEntry(label, pending.version(), change.get().change(), change.get().keyDigest(),
            change.get().time()).bytes());
    }

    private void notifyWaiters() throws IOException {
        for (Map.Entry<String, CompletableFuture<Long>> waiter : waiting.entrySet()) {
            byte[] key = Base64.getDecoder().decode(waiter.getKey());
            ByteBuffer buffer = ByteBuffer.wrap(key);
            byte[] label = new byte[32];
            buffer.get(label);
            OptionalLong index = storage.indexOf(label, buffer.getLong());
            if (index.isPresent()) {
                waiter.getValue().complete(index.getAsLong());
                waiting.remove(waiter.getKey());
            }
        }
    }

    private static String waitKey(byte[] label, long version) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(40).put(label).putLong(version).array());
    }

    /** The latest signed checkpoint; empty before the first entry. */
    public Optional<String> checkpoint() throws IOException {
        return storage.checkpoint();
    }

    /**
     * The tlog-proof (c2sp.org/tlog-proof) of the entry of {@code address} at {@code version} in the latest
     * checkpoint, its {@code extra} the entry; empty when that entry is not in it.
     */
    public Optional<TlogProof> proof(String address, long version) throws IOException {
        OptionalLong index = storage.indexOf(label(address), version);
        Optional<String> note = storage.checkpoint();
        if (index.isEmpty() || note.isEmpty()) {
            return Optional.empty();
        }
        long size = size(note.get()).orElseThrow();
        if (index.getAsLong() >= size) {
            return Optional.empty();
        }
        long bundle = index.getAsLong() / TileId.WIDTH;
        TileId bundleId = TileId.entriesInTree(bundle, size).orElseThrow();
        byte[] entry = EntryBundle.decode(storage.read(bundleId).orElseThrow(
            () -> new IOException("Missing " + bundleId.path())), bundleId.width())
            .get((int) (index.getAsLong() % TileId.WIDTH));
        List<byte[]> path = MerkleProofs.inclusion(new TileHashSource(storage, size), index.getAsLong(), size);
        return Optional.of(new TlogProof(Optional.of(entry), index.getAsLong(), path, note.get()));
    }

    /**
     * The proof block of an answer (docs/PROTOCOL.md, version 2): {@code mailkeys-log-proof v1}, the {@code vrf}
     * line, then the tlog-proof of the entry of {@code version}, or, with no version (not found), the latest
     * checkpoint. Empty when the log cannot prove it (not integrated yet).
     */
    public Optional<String> proofBlock(String address, OptionalLong version) throws IOException {
        String head = PROOF_HEADER + "\nvrf " + Base64.getEncoder().encodeToString(vrfProof(address)) + "\n";
        if (version.isPresent()) {
            return proof(address, version.getAsLong()).map(proof -> head + proof.text());
        }
        Optional<String> note = storage.checkpoint();
        return note.map(checkpoint -> head + checkpoint);
    }

    static Optional<Long> size(String note) {
        String[] lines = note.split("\n", 3);
        try {
            return lines.length < 3 ? Optional.empty() : Optional.of(Long.parseLong(lines[1]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
