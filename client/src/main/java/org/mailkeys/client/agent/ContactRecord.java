package org.mailkeys.client.agent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the agent knows of one correspondent's address: the verified key it holds (on disk, not in memory), how and
 * when it was last looked up, when it is next, and the changes of primary key seen. Guarded by the agent's lock.
 */
public final class ContactRecord {
    /** Result names as in {@code agent status} and the state files. */
    public static final String KEY_FOUND = "key-found";
    public static final String NOT_FOUND = "not-found";
    public static final String NOT_SUPPORTED = "not-supported";
    public static final String NO_ANSWER = "no-answer";
    public static final String FAILED = "failed";
    public static final String RATE_LIMITED = "rate-limited";
    public static final String ERROR = "error";

    final String address;
    /** From the contacts file (refreshed for as long as it is there), or asked for by a program over HKP. */
    boolean inContacts;
    boolean askedByProgram;
    /** The held key's primary fingerprint and every key's fingerprint in it (for HKP's key ID searches). */
    String fingerprint;
    List<String> allFingerprints = List.of();
    String protection;
    String lastResult;
    Instant lastLookup;
    Instant nextRefresh;
    int changesSeen;
    /** A different primary key that was found and not accepted. */
    String refusedFingerprint;
    Instant refusedAt;

    ContactRecord(String address) {
        this.address = address;
    }

    public String address() {
        return address;
    }

    public Optional<String> fingerprint() {
        return Optional.ofNullable(fingerprint);
    }

    public Optional<String> lastResult() {
        return Optional.ofNullable(lastResult);
    }

    public Optional<Instant> lastLookup() {
        return Optional.ofNullable(lastLookup);
    }

    public Optional<Instant> nextRefresh() {
        return Optional.ofNullable(nextRefresh);
    }

    public int changesSeen() {
        return changesSeen;
    }

    public Optional<String> refusedFingerprint() {
        return Optional.ofNullable(refusedFingerprint);
    }

    boolean hasKey() {
        return fingerprint != null;
    }
}
