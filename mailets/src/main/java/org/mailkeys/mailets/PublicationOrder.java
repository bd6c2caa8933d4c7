package org.mailkeys.mailets;

import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.mailkeys.store.VersionRule;
import org.mailkeys.store.WriteTicket;

/**
 * The place of a publication or DELETE in its account's order (docs/PROTOCOL.md 2.3): its {@link WriteTicket}
 * (version, the version it had seen, request id), taken from the node's {@link VersionRule} the first time the KST
 * handles the mail and kept in mail attributes. James copies attributes when it requeues a mail, stores it in a
 * mail repository and reprocesses it from there, so a request retried after {@code ERROR unavailable} keeps the
 * place of its first attempt, and is recognised by the store as the same request.
 */
final class PublicationOrder {
    static final AttributeName VERSION = AttributeName.of("org.mailkeys.publicationVersion");
    static final AttributeName SEEN = AttributeName.of("org.mailkeys.publicationSeenVersion");
    static final AttributeName REQUEST_ID = AttributeName.of("org.mailkeys.publicationRequestId");

    private final VersionRule versions;

    PublicationOrder(VersionRule versions) {
        this.versions = versions;
    }

    /**
     * The ticket this request got at its first attempt, or a new one recorded on the mail now.
     *
     * @throws KeyStoreUnavailableException when the store could not tell the account's latest version; the request
     *         has its ticket all the same (having seen nothing), and keeps it for its retries
     */
    WriteTicket ticketOf(Mail request, String account, StoreCalls store) throws KeyStoreUnavailableException {
        Optional<WriteTicket> kept = recorded(request);
        if (kept.isPresent()) {
            return kept.get();
        }
        WriteTicket ticket;
        try {
            ticket = versions.next(store.latestVersion(account).orElse(0L));
        } catch (KeyStoreUnavailableException e) {
            record(request, versions.next(0));
            throw e;
        }
        record(request, ticket);
        return ticket;
    }

    /**
     * The ticket kept on the mail. A mail kept by an earlier release has a version only: it has seen nothing, and
     * its request id is derived from its version.
     */
    static Optional<WriteTicket> recorded(Mail request) {
        Optional<Long> version = longAttribute(request, VERSION);
        if (version.isEmpty() || version.get() <= 0) {
            return Optional.empty();
        }
        long seen = longAttribute(request, SEEN).filter(value -> value >= 0 && value < version.get()).orElse(0L);
        String requestId = request.getAttribute(REQUEST_ID)
            .map(attribute -> attribute.getValue().value())
            .filter(String.class::isInstance)
            .map(String.class::cast)
            .orElse("mail-version-" + version.get());
        return Optional.of(WriteTicket.of(version.get(), seen, requestId));
    }

    private static Optional<Long> longAttribute(Mail request, AttributeName name) {
        return request.getAttribute(name)
            .map(attribute -> attribute.getValue().value())
            .filter(Long.class::isInstance)
            .map(Long.class::cast);
    }

    private static void record(Mail request, WriteTicket ticket) {
        request.setAttribute(new Attribute(VERSION, AttributeValue.of(ticket.version())));
        request.setAttribute(new Attribute(SEEN, AttributeValue.of(ticket.seen())));
        request.setAttribute(new Attribute(REQUEST_ID, AttributeValue.of(ticket.requestId())));
    }
}
