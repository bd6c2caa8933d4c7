package org.mailkeys.mailets;

import java.util.Set;

import javax.mail.MessagingException;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Sends a request that failed (key store unavailable) back to the key service processor for another attempt,
 * marked as a retry: the drop rules and the rate limits, which it passed at its first attempt, let it through, and
 * the same mailets, with the same parameters, serve it. James keeps the mark through the requeue, the
 * {@code mailkeys-error} repository and a replay from there.
 *
 * <pre>{@code
 * <processor state="mailkeys-retry">
 *     <mailet match="All" class="org.mailkeys.mailets.RetryKeyRequest">
 *         <processor>mailkeys</processor>   <!-- default mailkeys -->
 *     </mailet>
 * </processor>
 * }</pre>
 */
public class RetryKeyRequest extends GenericMailet {
    static final String PROCESSOR = "processor";
    static final String DEFAULT_PROCESSOR = "mailkeys";

    private String processor;

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = MailetParameters.of(getMailetConfig(), Set.of(PROCESSOR));
        processor = parameters.text(PROCESSOR, DEFAULT_PROCESSOR);
    }

    @Override
    public void service(Mail mail) {
        mail.setAttribute(new Attribute(KeyServiceMail.RETRY, AttributeValue.of(true)));
        mail.setState(processor);
    }

    @Override
    public String getMailetInfo() {
        return "MailKeys: another attempt at a key service request, through the same mailets";
    }
}
