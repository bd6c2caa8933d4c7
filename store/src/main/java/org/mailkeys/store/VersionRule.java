package org.mailkeys.store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one rule that gives every write its version (docs/PROTOCOL.md 2.3): publications, the user's DELETE, the
 * operator's deletion, and every later writer (the Web Key Service, the log). Bind one instance per node and share
 * it: versions are then unique.
 *
 * <pre>
 * version = H &lt;&lt; 10 | node id        (node id: 10 bits, from the node name)
 * H       = max(clock in microseconds, H of the latest version seen + 1, H of this instance's last version + 1)
 * </pre>
 *
 * A hybrid logical clock: versions of one instance strictly increase, stay above the version the writer read from
 * the store (after a restart with a clock that went back, on a node whose clock runs behind), and two nodes never
 * give the same version unless their names share a node id (1 chance in 1024 for a pair of names; that costs only
 * the order between their two writes, never a wrong confirmation, since a write counts as applied by its request
 * id). Versions from before this rule (plain microseconds) are all below the versions it gives: H alone is already
 * the clock in microseconds. Good until the year 2255.
 */
public final class VersionRule {
    public static final int NODE_BITS = 10;
    private static final long NODE_MASK = (1L << NODE_BITS) - 1;

    private final Clock clock;
    private final long nodeId;
    private final AtomicLong lastHigh = new AtomicLong();

    public VersionRule(Clock clock, NodeName node) {
        this.clock = clock;
        this.nodeId = nodeIdOf(node);
    }

    /**
     * The ticket of a new request.
     *
     * @param latestSeen the address's latest version as just read from the store ({@link KeyStore#latestVersion}),
     *        0 when there is none or the store could not be read
     */
    public WriteTicket next(long latestSeen) {
        long floorHigh = (Math.max(0, latestSeen) >>> NODE_BITS) + 1;
        long atLeast = Math.max(nowMicros(), floorHigh);
        long high = lastHigh.updateAndGet(previous -> Math.max(previous + 1, atLeast));
        return WriteTicket.fresh(high << NODE_BITS | nodeId, Math.max(0, latestSeen));
    }

    /** The node id in the low bits of every version this rule gives. */
    public long nodeId() {
        return nodeId;
    }

    /** The node id part of a version. */
    public static long nodeIdOf(long version) {
        return version & NODE_MASK;
    }

    static long nodeIdOf(NodeName node) {
        byte[] name = node.value().getBytes(StandardCharsets.UTF_8);
        byte[] digest = HistoryEntry.sha256(name);
        return ((digest[0] & 0xffL) << 8 | (digest[1] & 0xffL)) & NODE_MASK;
    }

    private long nowMicros() {
        Instant now = clock.instant();
        return TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + TimeUnit.NANOSECONDS.toMicros(now.getNano());
    }
}
