package org.mailkeys.mailets;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a key service request is dropped without answer (docs/PROTOCOL.md section 5): it is logged,
 * counted under {@code mailkeys.dropped.<reason>}, and ends (state GHOST). Every mailet that decides a request must
 * get no answer hands it here ({@link KeyServiceMails} the request without envelope sender).
 */
final class DropGate {
    private static final Logger LOGGER = LoggerFactory.getLogger(DropGate.class);

    private final MetricFactory metrics;

    DropGate(MetricFactory metrics) {
        this.metrics = metrics;
    }

    void drop(Mail mail, DropReason reason) {
        metrics.generate(reason.metricName()).increment();
        LOGGER.info("Key service request {} from {} dropped without answer: {}",
            mail.getName(), mail.getMaybeSender().asString(), reason.label());
        mail.setState(Mail.GHOST);
    }
}
