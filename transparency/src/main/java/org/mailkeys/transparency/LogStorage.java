package org.mailkeys.transparency;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a log lives: tiles, committed batches, the latest checkpoint, the index from label and version to entry,
 * the pending changes and the keys. Memory, files or Cassandra; shared by every node of a cluster.
 *
 * <p>Tiles are written once: a path's content follows from the batches, so a second write of a path carries the
 * same bytes. {@link #commit} is the only decision point: at most one batch extends each tree size.
 */
public interface LogStorage extends TileReader {
    void writeTile(TileId tile, byte[] bytes) throws IOException;

    /** Records {@code batch} unless a batch already extends its old size; whether this call recorded it. */
    boolean commit(LogBatch batch) throws IOException;

    /** The committed batch of the largest old size, empty before the first. */
    Optional<LogBatch> lastBatch() throws IOException;

    /** The signed checkpoint of the largest tree whose tiles are all written; empty before the first. */
    Optional<String> checkpoint() throws IOException;

    /** Makes {@code note} (of a tree of {@code size}) the checkpoint, unless one of a larger tree already is. */
    void advanceCheckpoint(long size, String note) throws IOException;

    void index(byte[] label, long version, long entryIndex) throws IOException;

    /** The index of the entry of this label and version, once its batch is integrated. */
    OptionalLong indexOf(byte[] label, long version) throws IOException;

    void addPending(PendingChange change) throws IOException;

    /** Some pending changes, oldest first when the storage can tell. */
    List<PendingChange> pending(int limit) throws IOException;

    void removePending(PendingChange change) throws IOException;

    Optional<LogKeys> keys() throws IOException;

    /** Stores {@code candidate} unless keys are stored already; the keys stored in the end. */
    LogKeys keysOrCreate(LogKeys candidate) throws IOException;
}
