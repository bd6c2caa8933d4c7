package org.mailkeys.store.log;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;

import org.mailkeys.store.HistoryEntry;
import org.mailkeys.store.KeyStore;
import org.mailkeys.transparency.AppliedChanges;
import org.mailkeys.transparency.LogEntry;

/** What a {@link KeyStore} applied, read from its key history: the log's view of the store. */
public final class HistoryAppliedChanges implements AppliedChanges {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KeyStore store;

    public HistoryAppliedChanges(KeyStore store) {
        this.store = store;
    }

    @Override
    public Optional<Change> applied(String address, long version) throws IOException {
        try {
            return store.history(address).filter(entry -> entry.version() == version).next()
                .blockOptional(TIMEOUT).map(HistoryAppliedChanges::change);
        } catch (RuntimeException e) {
            throw new IOException("Cannot read the key history: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Change> current(String address, long version) throws IOException {
        try {
            return store.find(address).filter(key -> key.version() == version).blockOptional(TIMEOUT)
                .map(key -> new Change(LogEntry.Change.PUBLISHED, Optional.of(sha256(key.keyBytes())),
                    key.publishedAt()));
        } catch (RuntimeException e) {
            throw new IOException("Cannot read the key store: " + e.getMessage(), e);
        }
    }

    private static Change change(HistoryEntry entry) {
        LogEntry.Change change;
        switch (entry.change()) {
            case PUBLISHED:
                change = LogEntry.Change.PUBLISHED;
                break;
            case REPLACED:
                change = LogEntry.Change.REPLACED;
                break;
            default:
                change = LogEntry.Change.DELETED;
        }
        return new Change(change, entry.newKeyDigest(), entry.at());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
