package org.mailkeys.store.cassandra;

import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import org.mailkeys.store.StoredKey;

/**
 * One row of {@link CassandraKeyTable}: the latest write for an address, a key or a tombstone, with the request that
 * made it, the operator fence, and the history entry of that write (so that a retry or the next write can record it
 * if the store failed before it did).
 */
final class KeyRow {
    private final String address;
    private final long version;
    private final Optional<StoredKey> key;
    private final Optional<String> requestId;
    private final long fence;
    private final Optional<byte[]> historyEntry;

    private KeyRow(String address, long version, Optional<StoredKey> key, Optional<String> requestId, long fence,
                   Optional<byte[]> historyEntry) {
        this.address = address;
        this.version = version;
        this.key = key;
        this.requestId = requestId;
        this.fence = fence;
        this.historyEntry = historyEntry.map(byte[]::clone);
    }

    /** The row for a key, its publication time cut to the milliseconds a Cassandra timestamp keeps. */
    static KeyRow of(StoredKey key) {
        return of(key, Optional.empty(), 0, Optional.empty());
    }

    static KeyRow of(StoredKey key, Optional<String> requestId, long fence, Optional<byte[]> historyEntry) {
        StoredKey asStored = new StoredKey(key.address(), key.keyBytes(), key.fingerprint(),
            key.publishedAt().truncatedTo(ChronoUnit.MILLIS), key.version());
        return new KeyRow(key.address(), key.version(), Optional.of(asStored), requestId, fence, historyEntry);
    }

    static KeyRow tombstone(String address, long version) {
        return tombstone(address, version, Optional.empty(), 0, Optional.empty());
    }

    static KeyRow tombstone(String address, long version, Optional<String> requestId, long fence,
                            Optional<byte[]> historyEntry) {
        return new KeyRow(StoredKey.normalise(address), version, Optional.empty(), requestId, fence, historyEntry);
    }

    String address() {
        return address;
    }

    long version() {
        return version;
    }

    Optional<StoredKey> key() {
        return key;
    }

    /** The request that wrote the row; empty for rows written before request ids. */
    Optional<String> requestId() {
        return requestId;
    }

    /** The version of the latest operator deletion of the address, 0 when none. */
    long fence() {
        return fence;
    }

    /** The canonical bytes of this write's history entry; empty for rows written before they were kept. */
    Optional<byte[]> historyEntry() {
        return historyEntry.map(byte[]::clone);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeyRow)) {
            return false;
        }
        KeyRow other = (KeyRow) o;
        return version == other.version && address.equals(other.address) && key.equals(other.key)
            && requestId.equals(other.requestId) && fence == other.fence
            && Arrays.equals(historyEntry.orElse(null), other.historyEntry.orElse(null));
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, version, requestId);
    }
}
