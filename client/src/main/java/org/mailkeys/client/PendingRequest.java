package org.mailkeys.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.mailkeys.protocol.KAuth;

/**
 * A request that was sent and whose answer has not been collected yet: what a client must keep to recognise
 * and verify the answer (docs/PROTOCOL.md 3.1). Its {@link #toString()} never shows K_auth.
 */
public final class PendingRequest {
    private final String messageId;
    private final RequestKind kind;
    private final String address;
    private final String account;
    private final KAuth kAuth;
    private final Instant sentAt;
    private final boolean relayed;
    private final Optional<byte[]> sentKeyBytes;
    private final Optional<Protection> protection;

    /**
     * @param messageId the request's Message-ID with its angle brackets
     * @param address the queried address (lookup) or the account's address (publish, delete)
     * @param sentKeyBytes for a publication, the key bytes sent, over which the confirmation MAC is computed
     */
    public PendingRequest(String messageId, RequestKind kind, String address, String account, KAuth kAuth,
                          Instant sentAt, boolean relayed, Optional<byte[]> sentKeyBytes) {
        this(messageId, kind, address, account, kAuth, sentAt, relayed, sentKeyBytes, Optional.empty());
    }

    /** @param protection how the request was sent (docs/PROTOCOL.md 6), reported with its answer; empty before it is sent */
    public PendingRequest(String messageId, RequestKind kind, String address, String account, KAuth kAuth,
                          Instant sentAt, boolean relayed, Optional<byte[]> sentKeyBytes, Optional<Protection> protection) {
        this.protection = relayed ? Optional.of(Protection.RELAYED) : protection;
        this.messageId = Objects.requireNonNull(messageId);
        this.kind = Objects.requireNonNull(kind);
        this.address = Objects.requireNonNull(address);
        this.account = Objects.requireNonNull(account);
        this.kAuth = Objects.requireNonNull(kAuth);
        this.sentAt = Objects.requireNonNull(sentAt);
        this.relayed = relayed;
        this.sentKeyBytes = sentKeyBytes.map(byte[]::clone);
        if (kind == RequestKind.PUBLISH && this.sentKeyBytes.isEmpty()) {
            throw new IllegalArgumentException("a publication must keep the key bytes it sent");
        }
    }

    public String messageId() {
        return messageId;
    }

    public RequestKind kind() {
        return kind;
    }

    public String address() {
        return address;
    }

    public String account() {
        return account;
    }

    public KAuth kAuth() {
        return kAuth;
    }

    public Instant sentAt() {
        return sentAt;
    }

    /** Sent through the user's own submission server instead of straight to the MX (docs/PROTOCOL.md 6). */
    public boolean relayed() {
        return relayed;
    }

    public Optional<byte[]> sentKeyBytes() {
        return sentKeyBytes.map(byte[]::clone);
    }

    public Optional<Protection> protection() {
        return protection;
    }

    /** The same request, recording how it was sent. */
    public PendingRequest sentWith(Protection used) {
        return new PendingRequest(messageId, kind, address, account, kAuth, sentAt, relayed, sentKeyBytes, Optional.of(used));
    }

    @Override
    public String toString() {
        return kind + " " + address + " " + messageId + (relayed ? " (relayed)" : "");
    }
}
