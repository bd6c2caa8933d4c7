package org.mailkeys.store.log;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.mailkeys.transparency.LogBatch;
import org.mailkeys.transparency.LogKeys;
import org.mailkeys.transparency.LogStorage;
import org.mailkeys.transparency.PendingChange;
import org.mailkeys.transparency.TileId;

/** Passes every call to another storage. */
class ForwardingLogStorage implements LogStorage {
    private final LogStorage delegate;

    ForwardingLogStorage(LogStorage delegate) {
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
