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

    /** @param stored what the store holds for the address, empty when it has never been written */
    public static Verdict decide(Optional<KeyRecord> stored, WriteTicket ticket) {
        if (stored.isEmpty()) {
            return Verdict.APPLY;
        }
        KeyRecord record = stored.get();
        Optional<String> storedRequestId = record.requestId(); // none for a record written before request ids
        if (storedRequestId.isPresent() && storedRequestId.get().equals(ticket.requestId())
            && record.version() == ticket.version()) {
            return Verdict.ALREADY_APPLIED;
        }
        if (record.version() >= ticket.version() || ticket.seen() < record.fence()) {
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
