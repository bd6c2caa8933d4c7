package org.mailkeys.mailets;

import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * The place of a publication or DELETE in its account's order (docs/PROTOCOL.md 2.3): its store version, fixed the first
 * time the KST handles the mail and kept in a mail attribute. James copies attributes when it requeues a mail, stores
 * it in a mail repository and reprocesses it from there, so a request retried after {@code ERROR unavailable} keeps
 * the place of its first attempt, and a newer request of the same account applied meanwhile wins.
 *
 * <p>How versions stay monotonic across restarts and nodes (see {@link MonotonicMicros}): a new version is above the
 * account's latest stored version (key or deletion) when the store answers, above every version this node gave, and
 * at least the node's clock in microseconds.
 */
final class PublicationOrder {
    static final AttributeName VERSION = AttributeName.of("org.mailkeys.publicationVersion");

    private final MonotonicMicros versions;

    PublicationOrder(MonotonicMicros versions) {
        this.versions = versions;
    }

    /**
     * The version this request got at its first attempt, or a new one recorded on the mail now.
     *
     * @throws KeyStoreUnavailableException when the store could not tell the account's latest version; the request
     *         has its version (from this node's clock) all the same, and keeps it for its retries
     */
    long versionOf(Mail request, String account, StoreCalls store) throws KeyStoreUnavailableException {
        Optional<Long> kept = recorded(request);
        if (kept.isPresent()) {
            return kept.get();
        }
        long version;
        try {
            version = versions.nextAbove(store.latestVersion(account).orElse(0L));
        } catch (KeyStoreUnavailableException e) {
            record(request, versions.next());
            throw e;
        }
        record(request, version);
        return version;
    }

    static Optional<Long> recorded(Mail request) {
        return request.getAttribute(VERSION)
            .map(attribute -> attribute.getValue().value())
            .filter(Long.class::isInstance)
            .map(Long.class::cast);
    }

    private static void record(Mail request, long version) {
        request.setAttribute(new Attribute(VERSION, AttributeValue.of(version)));
    }
}
