package org.mailkeys.transparency;

import java.time.Instant;
import java.util.Objects;

/**
 * A change of an address's key that is to enter the log: recorded before the store applies it, so that no applied
 * change is lost when a node stops between the write and the log; the sequencer then finds what the store applied
 * ({@link AppliedChanges}) and drops it when nothing was. Private to the server: it names the address.
 */
public final class PendingChange {
    private final String address;
    private final long version;
    private final boolean existingKey;
    private final Instant since;

    /**
     * @param existingKey a key that was in the store before the log began: it enters the log as {@code published}
     */
    public PendingChange(String address, long version, boolean existingKey, Instant since) {
        this.address = Objects.requireNonNull(address);
        this.version = version;
        this.existingKey = existingKey;
        this.since = Objects.requireNonNull(since);
    }

    public String address() {
        return address;
    }

    public long version() {
        return version;
    }

    public boolean existingKey() {
        return existingKey;
    }

    public Instant since() {
        return since;
    }

    /** A name unique per address and version, usable as a file name (hex of the UTF-8 address). */
    public String id() {
        StringBuilder hex = new StringBuilder();
        for (byte b : address.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex + "-" + version;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PendingChange && ((PendingChange) other).address.equals(address)
            && ((PendingChange) other).version == version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, version);
    }
}
