package org.mailkeys.store.cassandra;

import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

import org.mailkeys.store.StoredKey;

/** One row of {@link CassandraKeyTable}: the latest write for an address, a key or a tombstone. */
final class KeyRow {
    private final String address;
    private final long version;
    private final Optional<StoredKey> key;

    private KeyRow(String address, long version, Optional<StoredKey> key) {
        this.address = address;
        this.version = version;
        this.key = key;
    }

    /** The row for a key, its publication time cut to the milliseconds a Cassandra timestamp keeps. */
    static KeyRow of(StoredKey key) {
        StoredKey asStored = new StoredKey(key.address(), key.keyBytes(), key.fingerprint(),
            key.publishedAt().truncatedTo(ChronoUnit.MILLIS), key.version());
        return new KeyRow(key.address(), key.version(), Optional.of(asStored));
    }

    static KeyRow tombstone(String address, long version) {
        return new KeyRow(StoredKey.normalise(address), version, Optional.empty());
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

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeyRow)) {
            return false;
        }
        KeyRow other = (KeyRow) o;
        return version == other.version && address.equals(other.address) && key.equals(other.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, version);
    }
}
