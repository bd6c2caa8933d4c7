package org.mailkeys.transparency;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link LogStorage} in memory, for the memory key store, the demo and tests. */
public final class MemoryLogStorage implements LogStorage {
    private final Map<TileId, byte[]> tiles = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, LogBatch> batches = new ConcurrentSkipListMap<>();
    private final AtomicReference<String> checkpoint = new AtomicReference<>();
    private long checkpointSize = -1;
    private final Map<String, Long> index = new ConcurrentHashMap<>();
    private final Map<String, PendingChange> pending = new ConcurrentHashMap<>();
    private final AtomicReference<LogKeys> keys = new AtomicReference<>();

    @Override
    public Optional<byte[]> read(TileId tile) {
        return Optional.ofNullable(tiles.get(tile)).map(byte[]::clone);
    }

    @Override
    public void writeTile(TileId tile, byte[] bytes) {
        byte[] before = tiles.putIfAbsent(tile, bytes.clone());
        if (before != null && !Arrays.equals(before, bytes)) {
            throw new IllegalStateException("Tile " + tile.path() + " was written with other bytes");
        }
    }

    @Override
    public boolean commit(LogBatch batch) {
        return batches.putIfAbsent(batch.oldSize(), batch) == null;
    }

    @Override
    public Optional<LogBatch> lastBatch() {
        return Optional.ofNullable(batches.lastEntry()).map(Map.Entry::getValue);
    }

    @Override
    public Optional<String> checkpoint() {
        return Optional.ofNullable(checkpoint.get());
    }

    @Override
    public synchronized void advanceCheckpoint(long size, String note) {
        if (size > checkpointSize) {
            checkpointSize = size;
            checkpoint.set(note);
        }
    }

    @Override
    public void index(byte[] label, long version, long entryIndex) {
        index.put(key(label, version), entryIndex);
    }

    @Override
    public OptionalLong indexOf(byte[] label, long version) {
        Long found = index.get(key(label, version));
        return found == null ? OptionalLong.empty() : OptionalLong.of(found);
    }

    private static String key(byte[] label, long version) {
        return java.util.Base64.getEncoder().encodeToString(label) + "/" + version;
    }

    @Override
    public void addPending(PendingChange change) {
        pending.putIfAbsent(change.id(), change);
    }

    @Override
    public List<PendingChange> pending(int limit) {
        List<PendingChange> oldest = new ArrayList<>(pending.values());
        oldest.sort((a, b) -> a.since().compareTo(b.since()));
        return oldest.subList(0, Math.min(limit, oldest.size()));
    }

    @Override
    public void removePending(PendingChange change) {
        pending.remove(change.id());
    }

    @Override
    public Optional<LogKeys> keys() {
        return Optional.ofNullable(keys.get());
    }

    @Override
    public LogKeys keysOrCreate(LogKeys candidate) {
        keys.compareAndSet(null, candidate);
        return keys.get();
    }
}
