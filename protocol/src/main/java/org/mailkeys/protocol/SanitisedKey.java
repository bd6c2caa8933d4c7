package org.mailkeys.protocol;

import java.util.List;

/** A key as the KST stores it (docs/PROTOCOL.md section 2.3), with what a store and a log may know of it. */
public final class SanitisedKey {
    private final byte[] keyBytes;
    private final String fingerprint;
    private final List<String> userIds;

    public SanitisedKey(byte[] keyBytes, String fingerprint, List<String> userIds) {
        this.keyBytes = keyBytes.clone();
        this.fingerprint = fingerprint;
        this.userIds = List.copyOf(userIds);
    }

    public byte[] keyBytes() {
        return keyBytes.clone();
    }

    /** Upper-case hex of the primary key's fingerprint. */
    public String fingerprint() {
        return fingerprint;
    }

    public List<String> userIds() {
        return userIds;
    }
}
