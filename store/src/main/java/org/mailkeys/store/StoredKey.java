package org.mailkeys.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/** A published key and what the store keeps about it. */
public final class StoredKey {
    private final String address;
    private final byte[] keyBytes;
    private final String fingerprint;
    private final Instant publishedAt;
    private final long version;

    public StoredKey(String address, byte[] keyBytes, String fingerprint, Instant publishedAt, long version) {
        this.address = normalise(address);
        this.keyBytes = keyBytes.clone();
        this.fingerprint = Objects.requireNonNull(fingerprint);
        this.publishedAt = Objects.requireNonNull(publishedAt);
        this.version = version;
    }

    /** Addresses are stored by their identity ({@link MailAddressIdentity#of}). */
    public static String normalise(String address) {
        return MailAddressIdentity.of(address);
    }

    public String address() {
        return address;
    }

    public byte[] keyBytes() {
        return keyBytes.clone();
    }

    public String fingerprint() {
        return fingerprint;
    }

    public Instant publishedAt() {
        return publishedAt;
    }

    public long version() {
        return version;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StoredKey)) {
            return false;
        }
        StoredKey other = (StoredKey) o;
        return version == other.version && address.equals(other.address) && Arrays.equals(keyBytes, other.keyBytes)
            && fingerprint.equals(other.fingerprint) && publishedAt.equals(other.publishedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, fingerprint, version);
    }

    @Override
    public String toString() {
        return "StoredKey{" + address + ", " + fingerprint + ", v" + version + "}";
    }
}
