package org.mailkeys.mailets;

import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.AutomaticallySentMailDetector;
import org.apache.mailet.base.GenericMailet;
import org.mailkeys.matchers.ServiceAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Silently drops (state GHOST, logged, counted) a key service request that must get no answer (docs/PROTOCOL.md
 * section 5): null sender, a service address as sender, Auto-Submitted other than {@code no}, List-* headers,
 * Precedence bulk/list/junk, multipart/report, or an unauthenticated request larger than {@code retrievalLimit}.
 *
 * <pre>{@code
 * <mailet match="All" class="org.mailkeys.mailets.DropUnanswerableRequest">
 *     <serviceLocalPart>keys</serviceLocalPart>   <!-- default keys -->
 *     <retrievalLimit>4096</retrievalLimit>       <!-- bytes of the whole mail, default 4096 -->
 * </mailet>
 * }</pre>
 */
public class DropUnanswerableRequest extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(DropUnanswerableRequest.class);

    static final String SERVICE_LOCAL_PART = "serviceLocalPart";
    static final String RETRIEVAL_LIMIT = "retrievalLimit";
    static final long DEFAULT_RETRIEVAL_LIMIT = 4096;

    private final AutomaticallySentMailDetector detector;
    private final MetricFactory metrics;
    private RequestDropRules rules;

    @Inject
    public DropUnanswerableRequest(AutomaticallySentMailDetector detector, MetricFactory metrics) {
        this.detector = detector;
        this.metrics = metrics;
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = MailetParameters.of(getMailetConfig(), Set.of(SERVICE_LOCAL_PART, RETRIEVAL_LIMIT));
        String localPart = parameters.text(SERVICE_LOCAL_PART, ServiceAddresses.DEFAULT_LOCAL_PART);
        try {
            localPart = ServiceAddresses.validLocalPart(localPart);
        } catch (IllegalArgumentException e) {
            throw parameters.bad(SERVICE_LOCAL_PART, localPart, "the local part of the service address");
        }
        long retrievalLimit = parameters.number(RETRIEVAL_LIMIT, DEFAULT_RETRIEVAL_LIMIT, 256, Integer.MAX_VALUE);
        rules = new RequestDropRules(localPart, detector, retrievalLimit);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<DropReason> reason = rules.reasonToDrop(mail);
        if (reason.isPresent()) {
            drop(mail, reason.get(), metrics);
        }
    }

    static void drop(Mail mail, DropReason reason, MetricFactory metrics) {
        metrics.generate(reason.metricName()).increment();
        LOGGER.info("Key service request {} from {} dropped without answer: {}",
            mail.getName(), mail.getMaybeSender().asString(), reason.label());
        mail.setState(Mail.GHOST);
    }

    @Override
    public String getMailetInfo() {
        return "MailKeys: drops key service requests that must get no answer";
    }
}
