package org.mailkeys.webadmin;

import java.util.Locale;
import java.util.Optional;

import org.mailkeys.store.HistoryEntry;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.google.common.io.BaseEncoding;

/** One history entry as {@code GET /mailkeys/keys/{address}/history} shows it. */
@JsonPropertyOrder({"version", "change", "oldFingerprint", "newFingerprint", "newKeySha256", "at", "actorKind", "actor",
    "node", "reason", "leafHash"})
public final class HistoryView {
    private final HistoryEntry entry;

    private HistoryView(HistoryEntry entry) {
        this.entry = entry;
    }

    static HistoryView of(HistoryEntry entry) {
        return new HistoryView(entry);
    }

    public long getVersion() {
        return entry.version();
    }

    /** published, replaced or deleted. */
    public String getChange() {
        return entry.change().name().toLowerCase(Locale.ROOT);
    }

    public Optional<String> getOldFingerprint() {
        return entry.oldFingerprint();
    }

    public Optional<String> getNewFingerprint() {
        return entry.newFingerprint();
    }

    /** Hex SHA-256 of the key bytes stored by this change. */
    public Optional<String> getNewKeySha256() {
        return entry.newKeyDigest().map(HistoryView::hex);
    }

    public String getAt() {
        return Timestamps.millis(entry.at());
    }

    /** account (the user, through SMTP AUTH) or operator (WebAdmin). */
    public String getActorKind() {
        return entry.actorKind().name().toLowerCase(Locale.ROOT);
    }

    public String getActor() {
        return entry.actor();
    }

    public String getNode() {
        return entry.node();
    }

    public Optional<String> getReason() {
        return entry.reason();
    }

    /** The entry's Merkle leaf hash (RFC 6962), in hex. */
    public String getLeafHash() {
        return hex(entry.leafHash());
    }

    private static String hex(byte[] bytes) {
        return BaseEncoding.base16().lowerCase().encode(bytes);
    }
}
