package org.mailkeys.mailets;

import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.AutomaticallySentMailDetector;
import org.apache.mailet.base.GenericMailet;
import org.mailkeys.matchers.ServiceAddresses;

/**
 * Silently drops (through the {@link DropGate}) a key service request that must get no answer (docs/PROTOCOL.md
 * section 5): null sender, a service address as sender (the local part of mailkeys.properties' {@code
 * service.local.part}, any domain), Auto-Submitted other than {@code no}, List-* headers, Precedence
 * bulk/list/junk, multipart/report, or an unauthenticated request larger than {@code retrievalLimit}. A retry
 * ({@link RetryKeyRequest}) passed these rules at its first attempt and passes on.
 *
 * <pre>{@code
 * <mailet match="All" class="org.mailkeys.mailets.DropUnanswerableRequest">
 *     <retrievalLimit>4096</retrievalLimit>       <!-- bytes of the whole mail, default 4096 -->
 * </mailet>
 * }</pre>
 */
public class DropUnanswerableRequest extends GenericMailet {
    static final String RETRIEVAL_LIMIT = "retrievalLimit";
    static final long DEFAULT_RETRIEVAL_LIMIT = 4096;

    private final AutomaticallySentMailDetector detector;
    private final ServiceAddresses serviceAddresses;
    private final DropGate gate;
    private RequestDropRules rules;

    @Inject
    public DropUnanswerableRequest(AutomaticallySentMailDetector detector, MetricFactory metrics,
                                   ServiceAddresses serviceAddresses) {
        this.detector = detector;
        this.serviceAddresses = serviceAddresses;
        this.gate = new DropGate(metrics);
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = MailetParameters.of(getMailetConfig(), Set.of(RETRIEVAL_LIMIT));
        long retrievalLimit = parameters.number(RETRIEVAL_LIMIT, DEFAULT_RETRIEVAL_LIMIT, 256, Integer.MAX_VALUE);
        rules = new RequestDropRules(serviceAddresses, detector, retrievalLimit);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (RetryKeyRequest.isRetry(mail)) {
            return;
        }
        Optional<MailAddress> sender = gate.answerableSender(mail);
        if (sender.isEmpty()) {
            return;
        }
        Optional<DropReason> reason = rules.reasonToDrop(mail, sender.get());
        if (reason.isPresent()) {
            gate.drop(mail, reason.get());
        }
    }

    @Override
    public String getMailetInfo() {
        return "MailKeys: drops key service requests that must get no answer";
    }
}
