package org.mailkeys.store.cassandra;

import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import org.mailkeys.store.HistoryEntry;
import org.mailkeys.store.KeyRecord;
import org.mailkeys.store.StoredKey;

/**
 * One row of {@link CassandraKeyTable}: the {@link KeyRecord} of the latest write for an address, and the history
 * entry of that write, kept in the row so that a retry or the next write can record it if the store failed before
 * it did.
 */
final class KeyRow {
    private final KeyRecord record;
    private final Optional<byte[]> historyEntry;

    private KeyRow(KeyRecord record, Optional<byte[]> historyEntry) {
        // a Cassandra timestamp keeps milliseconds: the row holds the key as it will be read back
        this.record = record.withKey(record.key().map(KeyRow::asStored));
        this.historyEntry = historyEntry.map(byte[]::clone);
    }

    /** The row of an applied write. */
    static KeyRow of(KeyRecord record, HistoryEntry entry) {
        return new KeyRow(record, Optional.of(entry.canonicalBytes()));
    }

    /** A row as read, where rows written before history entries were kept in the row have none. */
    static KeyRow read(KeyRecord record, Optional<byte[]> historyEntry) {
        return new KeyRow(record, historyEntry);
    }

    /** A row holding a key and nothing else, as the first rows of the table did. */
    static KeyRow of(StoredKey key) {
        return read(KeyRecord.read(key.address(), key.version(), Optional.of(key), Optional.empty(), 0),
            Optional.empty());
    }

    KeyRecord record() {
        return record;
    }

    String address() {
        return record.address();
    }

    long version() {
        return record.version();
    }

    /** The canonical bytes of this write's history entry; empty for rows written before they were kept. */
    Optional<byte[]> historyEntry() {
        return historyEntry.map(byte[]::clone);
    }

    private static StoredKey asStored(StoredKey key) {
        return new StoredKey(key.address(), key.keyBytes(), key.fingerprint(),
            key.publishedAt().truncatedTo(ChronoUnit.MILLIS), key.version());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeyRow)) {
            return false;
        }
        KeyRow other = (KeyRow) o;
        return record.equals(other.record) && Arrays.equals(historyEntry.orElse(null), other.historyEntry.orElse(null));
    }

    @Override
    public int hashCode() {
        return Objects.hash(record);
    }
}
