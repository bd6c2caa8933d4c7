package org.mailkeys.mailets.smtp;

import java.util.Iterator;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.mailkeys.mailets.RequestLimits;
import org.mailkeys.matchers.ServiceAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts {@code keys@<hosted domain>} at RCPT time, so James' ValidRcptHandler (which refuses recipients that are
 * neither users nor aliases with 550) never sees it: no mailbox per domain is needed. Its OK ends the RCPT hook chain
 * for that recipient, so it must come AFTER any hook that should still apply to keys@ (DNSRBL, MaxRcpt...) and
 * BEFORE ValidRcptHandler. Every other recipient is DECLINED (left to the next hooks). A client that declared on
 * MAIL FROM a SIZE over what the key service takes is refused for keys@ with {@code 552 5.3.4}. A client that
 * declared none (or less than it sends) is cut while DATA streams: the same handler is a DATA line filter and a
 * message hook ({@link KeyServiceDataLimit}), so that a mail for keys@ alone is never spooled past the limit and the
 * end of its DATA is answered {@code 552 5.3.4}. Being one handler, it needs no other line in smtpserver.xml.
 *
 * <p>The local part is {@code service.local.part} and the size limits are {@code limit.retrieval.bytes} and
 * {@code limit.publication.bytes} of mailkeys.properties ({@link ServiceAddresses}, {@link RequestLimits}), the same
 * for the matcher and the mailets. The hook takes no parameters.
 *
 * <pre>{@code
 * <handlerchain>
 *     <handler class="org.mailkeys.mailets.smtp.KeyServiceRcptHook"/>
 *     <handler class="org.apache.james.smtpserver.fastfail.ValidRcptHandler"/>
 *     <handler class="org.apache.james.smtpserver.CoreCmdHandlerLoader"/>
 * </handlerchain>
 * }</pre>
 */
public class KeyServiceRcptHook implements RcptHook, DataLineFilter, MessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(KeyServiceRcptHook.class);
    /** Where James' SIZE extension records the size the client declared on MAIL FROM (RFC 1870). */
    private static final ProtocolSession.AttachmentKey<Integer> DECLARED_SIZE =
        ProtocolSession.AttachmentKey.of("MESG_SIZE", Integer.class);

    private final ServiceAddresses serviceAddresses;
    private final RequestLimits limits;
    private final KeyServiceDataLimit dataLimit;

    @Inject
    public KeyServiceRcptHook(ServiceAddresses serviceAddresses, RequestLimits limits) {
        this.serviceAddresses = serviceAddresses;
        this.limits = limits;
        this.dataLimit = new KeyServiceDataLimit(serviceAddresses, limits);
    }

    /** Any parameter fails the start, naming it: the hook's settings are in mailkeys.properties. */
    @Override
    public void init(Configuration config) throws ConfigurationException {
        Iterator<String> keys = config.getKeys();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!key.startsWith("[@")) {
                throw new ConfigurationException("KeyServiceRcptHook: unknown parameter '" + key
                    + "'; it takes none (its settings are in mailkeys.properties)");
            }
        }
    }

    private static final HookResult TOO_LARGE = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode(SMTPRetCode.QUOTA_EXCEEDED)
        .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SYSTEM_MSG_TOO_BIG)
            + " Message too large for the key service")
        .build();

    /**
     * Limits early: a request for keys@ whose declared SIZE is over what the key service would take is refused
     * before DATA, so its bytes are never received. Without SMTP AUTH the limit is the retrieval request limit
     * (docs/PROTOCOL.md 5: nothing larger is a request); with it, room for a publication at its limit.
     */
    private boolean declaredTooLarge(SMTPSession session) {
        Optional<Integer> declared = session.getAttachment(DECLARED_SIZE, ProtocolSession.State.Transaction);
        long limit = session.getUsername() == null ? limits.retrievalBytes() : limits.publicationMailBytes();
        return declared.isPresent() && declared.get() > limit;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        try {
            if (serviceAddresses.isServiceAddress(rcpt)) {
                return declaredTooLarge(session) ? TOO_LARGE : HookResult.OK;
            }
            return HookResult.DECLINED;
        } catch (DomainListException e) {
            LOGGER.error("Cannot read the domain list to check RCPT {}; deny-soft", rcpt.asString(), e);
            return HookResult.builder()
                .hookReturnCode(HookReturnCode.denySoft())
                .smtpReturnCode(SMTPRetCode.LOCAL_ERROR)
                .smtpDescription(DSNStatus.getStatus(DSNStatus.TRANSIENT, DSNStatus.UNDEFINED_STATUS)
                    + " Unexpected error for " + rcpt.asString())
                .build();
        }
    }

    /** DATA without SIZE: cut past the key service's limit (docs/PROTOCOL.md 5). */
    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        return dataLimit.onLine(session, line, next);
    }

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        return dataLimit.onMessage(session);
    }
}
