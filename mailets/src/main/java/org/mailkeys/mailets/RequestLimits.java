package org.mailkeys.mailets;

import java.util.Optional;

import org.mailkeys.protocol.MessageBodies;

/**
 * The request size limits of docs/PROTOCOL.md 5 and 2.2 item 4, set once in {@code mailkeys.properties} and read by
 * DropUnanswerableRequest, AnswerKeyRequest, PublishKey and the SMTP RCPT hook alike.
 */
public final class RequestLimits {
    public static final String RETRIEVAL_PROPERTY = "limit.retrieval.bytes";
    public static final String PUBLICATION_PROPERTY = "limit.publication.bytes";
    static final long DEFAULT_RETRIEVAL_BYTES = 4096;
    static final long MIN_RETRIEVAL_BYTES = 256;
    static final long MAX_RETRIEVAL_BYTES = Integer.MAX_VALUE;
    static final long DEFAULT_PUBLICATION_BYTES = 65536;
    static final long MIN_PUBLICATION_BYTES = 1024;
    static final long MAX_PUBLICATION_BYTES = MessageBodies.MAX_TEXT_BYTES;
    /** The authenticated mail may be this many times the publication text: room for headers and encoding. */
    static final int PUBLICATION_MAIL_FACTOR = 4;
    public static final RequestLimits DEFAULT = new RequestLimits(DEFAULT_RETRIEVAL_BYTES, DEFAULT_PUBLICATION_BYTES);

    private final long retrievalBytes;
    private final long publicationBytes;

    private RequestLimits(long retrievalBytes, long publicationBytes) {
        this.retrievalBytes = retrievalBytes;
        this.publicationBytes = publicationBytes;
    }

    /** Both limits, checked against their bounds; an absent value takes its default. */
    public static RequestLimits of(Optional<String> retrieval, Optional<String> publication) {
        return new RequestLimits(
            bytes(RETRIEVAL_PROPERTY, retrieval, DEFAULT_RETRIEVAL_BYTES, MIN_RETRIEVAL_BYTES, MAX_RETRIEVAL_BYTES),
            bytes(PUBLICATION_PROPERTY, publication, DEFAULT_PUBLICATION_BYTES, MIN_PUBLICATION_BYTES,
                MAX_PUBLICATION_BYTES));
    }

    /** For tests and embedders: limits given as numbers, checked like the configured ones. */
    public static RequestLimits of(long retrievalBytes, long publicationBytes) {
        return of(Optional.of(Long.toString(retrievalBytes)), Optional.of(Long.toString(publicationBytes)));
    }

    private static long bytes(String name, Optional<String> value, long defaultValue, long min, long max) {
        Optional<String> text = value.map(String::trim).filter(v -> !v.isEmpty());
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(text.get());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad value '" + text.get() + "' for '" + name + "', expected a whole"
            + " number of bytes from " + min + " to " + max);
    }

    /** Bytes of the whole mail: a larger retrieval request is dropped unanswered (docs/PROTOCOL.md 5). */
    public long retrievalBytes() {
        return retrievalBytes;
    }

    /** Bytes of protocol text (armored key and K_auth): over it, {@code ERROR too-large} (docs/PROTOCOL.md 2.2). */
    public long publicationBytes() {
        return publicationBytes;
    }

    /**
     * The bytes of an authenticated mail for the key service past which its DATA is cut (552 at its end): four times
     * the most protocol text the KST ever reads, so that a publication over its limit still gets its
     * {@code too-large} answer with a MAC (docs/PROTOCOL.md 2.2 item 4), and no mail is spooled unbounded.
     */
    public long authenticatedDataBytes() {
        return Math.max(publicationMailBytes(), (long) PUBLICATION_MAIL_FACTOR * MessageBodies.MAX_TEXT_BYTES);
    }

    /** The SIZE an authenticated client may declare for a publication mail, derived from {@link #publicationBytes}. */
    public long publicationMailBytes() {
        return PUBLICATION_MAIL_FACTOR * publicationBytes;
    }
}
