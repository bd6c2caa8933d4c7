package org.mailkeys.mailets;

import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.AutomaticallySentMailDetector;
import org.apache.mailet.base.GenericMailet;
import org.mailkeys.matchers.ServiceAddresses;

/**
 * Silently drops (through the {@link DropGate}) a key service request that must get no answer (docs/PROTOCOL.md
 * section 5): null sender, a service address as sender (the local part of mailkeys.properties' {@code
 * service.local.part}, any domain), Auto-Submitted other than {@code no}, List-* headers, Precedence
 * bulk/list/junk, multipart/report, or an unauthenticated request larger than mailkeys.properties' {@code
 * limit.retrieval.bytes} ({@link RequestLimits}). A retry ({@link RetryKeyRequest}) passed these rules at its first
 * attempt and passes on. As the processor's first mailet it records the request's facts ({@link KeyServiceMail})
 * for the mailets after it. It takes no parameters.
 *
 * <pre>{@code
 * <mailet match="All" class="org.mailkeys.mailets.DropUnanswerableRequest"/>
 * }</pre>
 */
public class DropUnanswerableRequest extends GenericMailet {
    private final DropGate gate;
    private final KeyServiceMails requests;
    private final RequestDropRules rules;

    @Inject
    public DropUnanswerableRequest(AutomaticallySentMailDetector detector, MetricFactory metrics,
                                   ServiceAddresses serviceAddresses, DomainList domainList, RequestLimits limits) {
        this.gate = new DropGate(metrics);
        this.requests = new KeyServiceMails(domainList, limits, gate);
        this.rules = new RequestDropRules(serviceAddresses, detector);
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters.of(getMailetConfig(), Set.of());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        // the first mailet of the key service: records the request's facts for the next ones
        Optional<KeyServiceMail> request = requests.of(mail);
        if (request.isEmpty() || request.get().retry()) {
            return;
        }
        Optional<DropReason> reason = rules.reasonToDrop(mail, request.get());
        if (reason.isPresent()) {
            gate.drop(mail, reason.get());
        }
    }

    @Override
    public String getMailetInfo() {
        return "MailKeys: drops key service requests that must get no answer";
    }
}
