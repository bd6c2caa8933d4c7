package org.mailkeys.store;

import java.util.Optional;

/**
 * One put or deletion, as every store carries it out: judged by {@link WriteDecision} against the {@link KeyRecord}
 * the store holds, and if applied, the record it leaves and the history entry it adds. For store implementations,
 * which only have to make the three steps atomic.
 */
public final class KeyWrite {
    private final String address;
    private final Optional<StoredKey> key;
    private final WriteTicket ticket;
    private final ChangeOrigin origin;

    private KeyWrite(String address, Optional<StoredKey> key, WriteTicket ticket, ChangeOrigin origin) {
        this.address = address;
        this.key = key;
        this.ticket = ticket;
        this.origin = origin;
    }

    /** @throws IllegalArgumentException when the key's version is not its ticket's */
    public static KeyWrite put(StoredKey key, WriteTicket ticket, ChangeOrigin origin) {
        WriteDecision.requireKeyVersion(key, ticket);
        return new KeyWrite(key.address(), Optional.of(key), ticket, origin);
    }

    public static KeyWrite delete(String address, WriteTicket ticket, ChangeOrigin origin) {
        return new KeyWrite(StoredKey.normalise(address), Optional.empty(), ticket, origin);
    }

    /** The normalised address written. */
    public String address() {
        return address;
    }

    public WriteTicket ticket() {
        return ticket;
    }

    /** Whether this write takes effect over what the store holds for the address (empty: never written). */
    public WriteDecision.Verdict judge(Optional<KeyRecord> current) {
        return WriteDecision.decide(current, ticket);
    }

    /** The record this write leaves over {@code current}, once {@link #judge} said to apply it. */
    public KeyRecord recordOver(Optional<KeyRecord> current) {
        long fence = WriteDecision.fenceAfter(fenceOf(current), ticket, origin, key.isEmpty());
        return key.map(written -> KeyRecord.of(written, ticket.requestId(), fence))
            .orElseGet(() -> KeyRecord.tombstone(address, ticket.version(), ticket.requestId(), fence));
    }

    /** The history entry of this write over {@code current}, once {@link #judge} said to apply it. */
    public HistoryEntry historyEntryOver(Optional<KeyRecord> current) {
        Optional<StoredKey> previous = current.flatMap(KeyRecord::key);
        return key.map(written -> HistoryEntry.ofPut(written, previous, origin))
            .orElseGet(() -> HistoryEntry.ofDelete(address, ticket.version(), previous, origin));
    }

    private static long fenceOf(Optional<KeyRecord> current) {
        return current.map(KeyRecord::fence).orElse(0L);
    }
}
