package org.mailkeys.mailets;

import java.util.Optional;

import org.mailkeys.protocol.MessageBodies;
import org.mailkeys.settings.BoundedNumber;

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

    private static final BoundedNumber RETRIEVAL =
        BoundedNumber.bytes(RETRIEVAL_PROPERTY, MIN_RETRIEVAL_BYTES, MAX_RETRIEVAL_BYTES);
    private static final BoundedNumber PUBLICATION =
        BoundedNumber.bytes(PUBLICATION_PROPERTY, MIN_PUBLICATION_BYTES, MAX_PUBLICATION_BYTES);

    /**
     * Both limits, checked against their bounds; an absent value takes its default.
     *
     * @throws IllegalArgumentException naming the limit whose value is bad
     */
    public static RequestLimits of(Optional<String> retrieval, Optional<String> publication) {
        return new RequestLimits(RETRIEVAL.parse(retrieval, DEFAULT_RETRIEVAL_BYTES),
            PUBLICATION.parse(publication, DEFAULT_PUBLICATION_BYTES));
    }

    /** For tests and embedders: limits given as numbers, checked like the configured ones. */
    public static RequestLimits of(long retrievalBytes, long publicationBytes) {
        return of(Optional.of(Long.toString(retrievalBytes)), Optional.of(Long.toString(publicationBytes)));
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
