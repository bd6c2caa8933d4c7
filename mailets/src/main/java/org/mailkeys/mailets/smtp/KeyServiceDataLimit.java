package org.mailkeys.mailets.smtp;

import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.mailkeys.mailets.RequestLimits;
import org.mailkeys.matchers.ServiceAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key service's size limit while DATA streams, for a client that declared no SIZE (RFC 1870) or a false one: once
 * the mail's bytes pass what the key service takes (docs/PROTOCOL.md 5: the retrieval limit without SMTP AUTH; with
 * it {@link RequestLimits#authenticatedDataBytes}, so that a publication over its own limit is still answered
 * {@code too-large} with a MAC), the following lines are read and discarded, not spooled, and the end of DATA is
 * answered {@code 552 5.3.4} (RFC 5321 4.5.3.1.10; the mail is refused by the message hook, so nothing is queued).
 * Applies only when every recipient is a service address: a mail that also goes to someone else is James' to limit
 * ({@code maxmessagesize}), and the KST drops its oversized copy as before.
 *
 * <p>What it learns of the transaction (the limit, the bytes so far, whether it cut) lives in the SMTP transaction's
 * attachments, so a later MAIL FROM starts over. The recipients are looked at once, on the first line.
 */
final class KeyServiceDataLimit {
    private static final Logger LOGGER = LoggerFactory.getLogger(KeyServiceDataLimit.class);
    private static final long NO_LIMIT = -1;
    private static final ProtocolSession.AttachmentKey<Long> LIMIT =
        ProtocolSession.AttachmentKey.of("mailkeys.data.limit", Long.class);
    private static final ProtocolSession.AttachmentKey<Long> RECEIVED =
        ProtocolSession.AttachmentKey.of("mailkeys.data.received", Long.class);
    private static final ProtocolSession.AttachmentKey<Boolean> CUT =
        ProtocolSession.AttachmentKey.of("mailkeys.data.cut", Boolean.class);
    private static final String TOO_LARGE_TEXT = DSNStatus.getStatus(DSNStatus.PERMANENT,
        DSNStatus.SYSTEM_MSG_TOO_BIG) + " Message too large for the key service";
    static final HookResult TOO_LARGE = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode(SMTPRetCode.QUOTA_EXCEEDED)
        .smtpDescription(TOO_LARGE_TEXT)
        .build();
    /** The line that ends DATA: a dot alone, CR LF (James refuses a bare LF before any filter sees it). */
    private static final int END_OF_DATA_LENGTH = 3;

    private final ServiceAddresses serviceAddresses;
    private final RequestLimits limits;

    KeyServiceDataLimit(ServiceAddresses serviceAddresses, RequestLimits limits) {
        this.serviceAddresses = serviceAddresses;
        this.limits = limits;
    }

    /** One line of DATA: passed on while the mail is under the limit, discarded after. */
    Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        if (isEndOfData(line)) {
            Response ended = next.onLine(session, line); // runs the message hooks: a cut mail is refused there
            return wasCut(session) ? new SMTPResponse(SMTPRetCode.QUOTA_EXCEEDED, TOO_LARGE_TEXT) : ended;
        }
        if (wasCut(session)) {
            return null;
        }
        long limit = limit(session);
        if (limit == NO_LIMIT) {
            return next.onLine(session, line);
        }
        long received = session.getAttachment(RECEIVED, ProtocolSession.State.Transaction).orElse(0L) + line.length;
        session.setAttachment(RECEIVED, received, ProtocolSession.State.Transaction);
        if (received > limit) {
            session.setAttachment(CUT, Boolean.TRUE, ProtocolSession.State.Transaction);
            LOGGER.info("Key service mail from {} over {} bytes: the rest of DATA is discarded, 552 at its end",
                session.getRemoteAddress(), limit);
            return null;
        }
        return next.onLine(session, line);
    }

    /** At the end of DATA: a mail that was cut is refused, so James queues nothing. */
    HookResult onMessage(SMTPSession session) {
        return wasCut(session) ? TOO_LARGE : HookResult.DECLINED;
    }

    private static boolean wasCut(SMTPSession session) {
        return session.getAttachment(CUT, ProtocolSession.State.Transaction).orElse(false);
    }

    private static boolean isEndOfData(byte[] line) {
        return line.length == END_OF_DATA_LENGTH && line[0] == '.' && line[1] == '\r' && line[2] == '\n';
    }

    private long limit(SMTPSession session) {
        Optional<Long> known = session.getAttachment(LIMIT, ProtocolSession.State.Transaction);
        if (known.isPresent()) {
            return known.get();
        }
        long limit = onlyServiceRecipients(session)
            ? (session.getUsername() == null ? limits.retrievalBytes() : limits.authenticatedDataBytes())
            : NO_LIMIT;
        session.setAttachment(LIMIT, limit, ProtocolSession.State.Transaction);
        return limit;
    }

    private boolean onlyServiceRecipients(SMTPSession session) {
        List<MailAddress> recipients = session.getAttachment(SMTPSession.RCPT_LIST, ProtocolSession.State.Transaction)
            .orElse(List.of());
        try {
            for (MailAddress recipient : recipients) {
                if (!serviceAddresses.isServiceAddress(recipient)) {
                    return false;
                }
            }
            return !recipients.isEmpty();
        } catch (DomainListException e) {
            LOGGER.warn("Cannot read the domain list; DATA is left to James' own size limit", e);
            return false;
        }
    }
}
