package org.mailkeys.mailets.smtp;

import java.util.Iterator;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.mailkeys.matchers.ServiceAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts {@code keys@<hosted domain>} at RCPT time, so James' ValidRcptHandler (which refuses recipients that are
 * neither users nor aliases with 550) never sees it: no mailbox per domain is needed. Its OK ends the RCPT hook chain
 * for that recipient, so it must come AFTER any hook that should still apply to keys@ (DNSRBL, MaxRcpt...) and
 * BEFORE ValidRcptHandler. Every other recipient is DECLINED (left to the next hooks).
 *
 * <p>The local part is {@code service.local.part} of mailkeys.properties ({@link ServiceAddresses}), the same for
 * the matcher and the mailets.
 *
 * <pre>{@code
 * <handlerchain>
 *     <handler class="org.mailkeys.mailets.smtp.KeyServiceRcptHook"/>
 *     <handler class="org.apache.james.smtpserver.fastfail.ValidRcptHandler"/>
 *     <handler class="org.apache.james.smtpserver.CoreCmdHandlerLoader"/>
 * </handlerchain>
 * }</pre>
 */
public class KeyServiceRcptHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(KeyServiceRcptHook.class);
    private final ServiceAddresses serviceAddresses;

    @Inject
    public KeyServiceRcptHook(ServiceAddresses serviceAddresses) {
        this.serviceAddresses = serviceAddresses;
    }

    /** Takes no parameter: one given (a misplaced serviceLocalPart, say) fails the start, naming it. */
    @Override
    public void init(Configuration config) throws ConfigurationException {
        Iterator<String> keys = config.getKeys();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!key.startsWith("[@")) {
                throw new ConfigurationException("KeyServiceRcptHook: unknown parameter '" + key + "'; it takes none"
                    + " (the service local part is " + ServiceAddresses.PROPERTY + " in mailkeys.properties)");
            }
        }
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        try {
            if (serviceAddresses.isServiceAddress(rcpt)) {
                return HookResult.OK;
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
}
