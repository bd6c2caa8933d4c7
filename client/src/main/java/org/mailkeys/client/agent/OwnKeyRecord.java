package org.mailkeys.client.agent;

import java.time.Instant;
import java.util.Optional;

/** The user's own key as the agent last saw it, and what its provider last confirmed. Guarded by the agent's lock. */
public final class OwnKeyRecord {
    String fingerprint;
    /** SHA-256 (hex) of the key bytes as last read (not kept across restarts). */
    String currentSha256;
    /** SHA-256 (hex) of the key bytes last confirmed as published, and when. */
    String confirmedSha256;
    Instant confirmedAt;
    String confirmedFingerprint;
    /** The key bytes the provider refused (ERROR answer): not sent again until they change. */
    String refusedSha256;
    Instant usableUntil;
    String problem;

    public Optional<String> fingerprint() {
        return Optional.ofNullable(fingerprint);
    }

    public Optional<Instant> confirmedAt() {
        return Optional.ofNullable(confirmedAt);
    }

    public Optional<Instant> usableUntil() {
        return Optional.ofNullable(usableUntil);
    }

    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }
}
