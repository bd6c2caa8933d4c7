package org.mailkeys.store;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * What a write carries besides its content: its place in its address's order, fixed once when the request is first
 * accepted and kept through every retry (docs/PROTOCOL.md 2.3). Take it from {@link VersionRule#next}; keep its
 * three values with the request (a mail's attributes, a queue entry) and rebuild it with {@link #of} on a retry.
 *
 * <ul>
 *     <li>{@link #version()}: unique across nodes and requests; a store applies a write only above the stored
 *     version.</li>
 *     <li>{@link #seen()}: the latest version of the address the writer had read from the store when it took the
 *     version (0 when it read none, or could not read). An operator's deletion holds against every write that had
 *     not seen it, whatever its version ({@link WriteDecision}).</li>
 *     <li>{@link #requestId()}: names the request. A write counts as applied only when the store holds the write of
 *     this request id, never because some write of an equal version is stored.</li>
 * </ul>
 */
public final class WriteTicket {
    /** Request ids are short printable ASCII, so that every store can keep them as text. */
    public static final int MAX_REQUEST_ID_LENGTH = 100;

    private final long version;
    private final long seen;
    private final String requestId;

    private WriteTicket(long version, long seen, String requestId) {
        if (version <= 0 || seen < 0 || seen >= version) {
            throw new IllegalArgumentException("A version is positive and above what its writer had seen");
        }
        Objects.requireNonNull(requestId);
        if (requestId.isEmpty() || requestId.length() > MAX_REQUEST_ID_LENGTH
            || !StandardCharsets.US_ASCII.newEncoder().canEncode(requestId)
            || requestId.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("A request id is 1 to " + MAX_REQUEST_ID_LENGTH
                + " printable ASCII characters");
        }
        this.version = version;
        this.seen = seen;
        this.requestId = requestId;
    }

    /** A ticket kept with a request, read back for a retry. */
    public static WriteTicket of(long version, long seen, String requestId) {
        return new WriteTicket(version, seen, requestId);
    }

    /** A ticket with a new random request id. */
    static WriteTicket fresh(long version, long seen) {
        return new WriteTicket(version, seen, UUID.randomUUID().toString());
    }

    /**
     * For the writes that carry a bare version (tests, tools): ordered by version alone (the writer is taken to
     * have seen everything below it), with a request id derived from what is written, so that the same write
     * repeated is recognised as one.
     */
    static WriteTicket ofVersionAlone(long version, String writeIdentity) {
        return new WriteTicket(version, version - 1, "v" + version + ":" + writeIdentity);
    }

    public long version() {
        return version;
    }

    public long seen() {
        return seen;
    }

    public String requestId() {
        return requestId;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof WriteTicket)) {
            return false;
        }
        WriteTicket other = (WriteTicket) o;
        return version == other.version && seen == other.seen && requestId.equals(other.requestId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, seen, requestId);
    }

    @Override
    public String toString() {
        return "WriteTicket{v" + version + ", seen " + seen + ", " + requestId + "}";
    }
}
