package org.mailkeys.mailets.smtp;

import java.util.Collection;
import java.util.List;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses {@code AUTH} until TLS is on, with {@code 538 5.7.11} (RFC 4954 section 6), so no password crosses the
 * network in clear text. James 3.8.1's own AUTH handler takes {@code AUTH PLAIN} and {@code AUTH LOGIN} whenever
 * {@code plainAuthEnabled} is true, whatever {@code <announce>} and {@code <requireSSL>} say. Once TLS is on, this
 * handler answers nothing and James' AUTH handler does its work. Put it before the core handlers of every SMTP server
 * that takes AUTH (the MX listener takes none: {@code plainAuthEnabled} false there):
 *
 * <pre>{@code
 * <handlerchain>
 *     <handler class="org.mailkeys.mailets.smtp.AuthOnlyOverTls"/>
 *     ...
 *     <handler class="org.apache.james.smtpserver.CoreCmdHandlerLoader"/>
 * </handlerchain>
 * }</pre>
 */
public class AuthOnlyOverTls implements CommandHandler<SMTPSession> {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuthOnlyOverTls.class);
    private static final Response ENCRYPTION_REQUIRED = new SMTPResponse(SMTPRetCode.AUTH_ENCRYPTION_REQUIRED,
        "5.7.11 Encryption required for requested authentication mechanism").immutable();

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (session.isTLSStarted()) {
            return null; // James' AUTH handler, next in the chain, answers
        }
        LOGGER.info("AUTH before TLS refused from {}", session.getRemoteAddress().getAddress().getHostAddress());
        return ENCRYPTION_REQUIRED;
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("AUTH");
    }
}
