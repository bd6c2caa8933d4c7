package org.mailkeys.mailets;

import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.AutomaticallySentMailDetector;
import org.mailkeys.matchers.ServiceAddresses;

/**
 * The loop and abuse rules of docs/PROTOCOL.md section 5 that need no state: whether a request must get no answer.
 * James' AutomaticallySentMailDetector adds its own list heuristics (owner-*, *-request, MAILER-DAEMON senders) and
 * tells a multipart/report; the Auto-Submitted, List-* and Precedence rules are the protocol's, stricter than James'.
 */
final class RequestDropRules {
    private static final Set<String> BULK_PRECEDENCES = Set.of("bulk", "list", "junk");

    private final ServiceAddresses serviceAddresses;
    private final AutomaticallySentMailDetector detector;

    RequestDropRules(ServiceAddresses serviceAddresses, AutomaticallySentMailDetector detector) {
        this.serviceAddresses = serviceAddresses;
        this.detector = detector;
    }

    /** @param request the mail's facts (a null sender never has any: {@link KeyServiceMails} drops it) */
    Optional<DropReason> reasonToDrop(Mail mail, KeyServiceMail request) throws MessagingException {
        if (serviceAddresses.hasServiceLocalPart(request.sender())) {
            return Optional.of(DropReason.SERVICE_SENDER);
        }
        MimeMessage message = mail.getMessage();
        if (isAutoSubmitted(message)) {
            return Optional.of(DropReason.AUTO_SUBMITTED);
        }
        if (hasListHeader(message) || detector.isMailingList(mail)) {
            return Optional.of(DropReason.MAILING_LIST);
        }
        if (hasBulkPrecedence(message)) {
            return Optional.of(DropReason.PRECEDENCE);
        }
        if (detector.isMdnSentAutomatically(mail)) {
            return Optional.of(DropReason.REPORT);
        }
        // Publications (authenticated) have their own, larger limit and get a too-large answer from PublishKey.
        if (!request.authenticated() && request.overRetrievalLimit()) {
            return Optional.of(DropReason.OVERSIZED_RETRIEVAL);
        }
        return Optional.empty();
    }

    /** Any Auto-Submitted value but {@code no} (RFC 3834), parameters ignored. */
    private static boolean isAutoSubmitted(MimeMessage message) throws MessagingException {
        String[] values = message.getHeader("Auto-Submitted");
        if (values == null) {
            return false;
        }
        for (String value : values) {
            String keyword = value.split(";", 2)[0].trim();
            if (!keyword.equalsIgnoreCase("no")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasListHeader(MimeMessage message) throws MessagingException {
        for (Header header : Collections.list(message.getAllHeaders())) {
            if (header.getName().toLowerCase(Locale.ROOT).startsWith("list-")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasBulkPrecedence(MimeMessage message) throws MessagingException {
        String[] values = message.getHeader("Precedence");
        if (values == null) {
            return false;
        }
        for (String value : values) {
            if (BULK_PRECEDENCES.contains(value.trim().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
