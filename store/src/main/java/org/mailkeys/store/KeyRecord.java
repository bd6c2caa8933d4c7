package org.mailkeys.store;

import java.util.Objects;
import java.util.Optional;

/**
 * What every store holds for one address: the key or a tombstone, at the version of the write that left it, with
 * the request that wrote it and the operator fence. The memory, file and Cassandra stores keep this one type; they
 * differ only in where they put it. For store implementations.
 *
 * <p>A deletion stays as a tombstone, with its version, so that an older put cannot bring the key back.
 */
public final class KeyRecord {
    private final String address;
    private final long version;
    private final Optional<StoredKey> key;
    private final Optional<String> requestId;
    private final long fence;

    private KeyRecord(String address, long version, Optional<StoredKey> key, Optional<String> requestId,
                      long fence) {
        // the file store may hold another spelling of the address, written before addresses were normalised
        this.address = StoredKey.normalise(address);
        this.version = version;
        this.key = Objects.requireNonNull(key);
        this.requestId = Objects.requireNonNull(requestId);
        this.fence = fence;
    }

    /** A key written by a request. */
    public static KeyRecord of(StoredKey key, String requestId, long fence) {
        return new KeyRecord(key.address(), key.version(), Optional.of(key), Optional.of(requestId), fence);
    }

    /** A deletion written by a request. */
    public static KeyRecord tombstone(String address, long version, String requestId, long fence) {
        return new KeyRecord(address, version, Optional.empty(), Optional.of(requestId), fence);
    }

    /**
     * A record as a store reads it back, where the request id may be missing (records written before request ids
     * were kept; a write then never counts as already applied, only its version is compared).
     */
    public static KeyRecord read(String address, long version, Optional<StoredKey> key, Optional<String> requestId,
                                 long fence) {
        return new KeyRecord(address, version, key, requestId, fence);
    }

    public String address() {
        return address;
    }

    public long version() {
        return version;
    }

    /** The key, or empty for a tombstone. */
    public Optional<StoredKey> key() {
        return key;
    }

    /** The request that wrote this record; empty for a record written before request ids were kept. */
    public Optional<String> requestId() {
        return requestId;
    }

    /** The version of the latest operator deletion of the address, 0 when none ({@link WriteDecision}). */
    public long fence() {
        return fence;
    }

    /** The same record with its key replaced, e.g. by the form a store keeps (a coarser publication time). */
    public KeyRecord withKey(Optional<StoredKey> stored) {
        return new KeyRecord(address, version, stored, requestId, fence);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeyRecord)) {
            return false;
        }
        KeyRecord other = (KeyRecord) o;
        return version == other.version && fence == other.fence && address.equals(other.address)
            && key.equals(other.key) && requestId.equals(other.requestId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, version, requestId);
    }

    @Override
    public String toString() {
        return "KeyRecord{" + address + ", v" + version + (key.isPresent() ? ", key" : ", tombstone") + "}";
    }
}
