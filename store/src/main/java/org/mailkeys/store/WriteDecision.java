package org.mailkeys.store;

import java.util.Optional;

/**
 * Whether a write takes effect, given what the store holds for its address: the one rule every store applies,
 * atomically with the write (docs/PROTOCOL.md 2.3). For store implementations.
 *
 * <ol>
 *     <li>The store holds this request's write (same request id): it was applied, by this attempt or an earlier
 *     one ({@link Verdict#ALREADY_APPLIED}).</li>
 *     <li>The stored version is not below the write's: {@link Verdict#SUPERSEDED}.</li>
 *     <li>An operator deleted the key at a version the writer had not seen ({@code seen < fence}):
 *     {@link Verdict#SUPERSEDED}, whatever the versions say. A request accepted before an operator's deletion can
 *     never bring the key back, even with a version from a clock far ahead.</li>
 *     <li>Otherwise {@link Verdict#APPLY}.</li>
 * </ol>
 */
public final class WriteDecision {
    /** What to do with a write. */
    public enum Verdict {
        APPLY,
        ALREADY_APPLIED,
        SUPERSEDED
    }

    private WriteDecision() {
    }

    /**
     * @param storedVersion the version stored for the address, empty when it has never been written
     * @param storedRequestId the request id of the stored write, empty when it has none (written before ids)
     * @param fence the version of the latest operator deletion of the address, 0 when none
     */
    public static Verdict decide(Optional<Long> storedVersion, Optional<String> storedRequestId, long fence,
                                 WriteTicket ticket) {
        if (storedVersion.isEmpty()) {
            return Verdict.APPLY;
        }
        if (storedRequestId.isPresent() && storedRequestId.get().equals(ticket.requestId())
            && storedVersion.get() == ticket.version()) {
            return Verdict.ALREADY_APPLIED;
        }
        if (storedVersion.get() >= ticket.version() || ticket.seen() < fence) {
            return Verdict.SUPERSEDED;
        }
        return Verdict.APPLY;
    }

    /** The fence once the write is applied: an operator's deletion raises it to its own version. */
    public static long fenceAfter(long fence, WriteTicket ticket, ChangeOrigin origin, boolean deletion) {
        return deletion && origin.actorKind() == ChangeOrigin.ActorKind.OPERATOR
            ? Math.max(fence, ticket.version()) : fence;
    }

    /** A put's key carries its ticket's version. */
    public static void requireKeyVersion(StoredKey key, WriteTicket ticket) {
        if (key.version() != ticket.version()) {
            throw new IllegalArgumentException("A key's version is its ticket's");
        }
    }
}
