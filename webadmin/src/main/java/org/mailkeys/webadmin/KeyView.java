package org.mailkeys.webadmin;

import java.util.List;
import java.util.Optional;

import org.mailkeys.protocol.PublicKeys;
import org.mailkeys.store.HistoryEntry;
import org.mailkeys.store.StoredKey;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** What {@code GET /mailkeys/keys/{address}} shows of a stored key: never the key bytes themselves. */
@JsonPropertyOrder({"address", "fingerprint", "algorithm", "userIds", "version", "publishedAt", "node", "publishedBy"})
public final class KeyView {
    private final String address;
    private final String fingerprint;
    private final String algorithm;
    private final List<String> userIds;
    private final long version;
    private final String publishedAt;
    private final Optional<String> node;
    private final Optional<String> publishedBy;

    private KeyView(StoredKey key, Optional<HistoryEntry> change) {
        byte[] keyBytes = key.keyBytes();
        this.address = key.address();
        this.fingerprint = key.fingerprint();
        this.algorithm = PublicKeys.algorithm(keyBytes).orElse("unknown");
        this.userIds = PublicKeys.userIds(keyBytes);
        this.version = key.version();
        this.publishedAt = Timestamps.millis(key.publishedAt());
        this.node = change.map(HistoryEntry::node);
        this.publishedBy = change.map(HistoryEntry::actor);
    }

    /** @param change the history entry of the write that stored this key, when the history has it */
    static KeyView of(StoredKey key, Optional<HistoryEntry> change) {
        return new KeyView(key, change);
    }

    public String getAddress() {
        return address;
    }

    public String getFingerprint() {
        return fingerprint;
    }

    /** The primary key's algorithm and size, as "RSA 3072" or "EdDSA 256". */
    public String getAlgorithm() {
        return algorithm;
    }

    /** The user IDs the store kept (those naming the address). */
    public List<String> getUserIds() {
        return userIds;
    }

    public long getVersion() {
        return version;
    }

    public String getPublishedAt() {
        return publishedAt;
    }

    /** The James node through which the key was published. */
    public Optional<String> getNode() {
        return node;
    }

    public Optional<String> getPublishedBy() {
        return publishedBy;
    }
}
