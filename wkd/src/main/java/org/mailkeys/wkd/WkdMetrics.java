package org.mailkeys.wkd;

import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;

/** The counters of the directory, in James' metrics (WebAdmin, JMX, Prometheus, whatever the server exports). */
final class WkdMetrics {
    static final String REQUESTS = "mailkeys_wkd_requests";
    static final String KEYS_SERVED = "mailkeys_wkd_keys_served";
    static final String NOT_FOUND = "mailkeys_wkd_not_found";
    static final String REFUSED = "mailkeys_wkd_refused";
    static final String RATE_LIMITED = "mailkeys_wkd_rate_limited";
    static final String CONNECTIONS_REFUSED = "mailkeys_wkd_connections_refused";
    static final String CONNECTS_RATE_LIMITED = "mailkeys_wkd_connects_rate_limited";
    static final String IDLE_CLOSED = "mailkeys_wkd_idle_closed";
    static final String TIMED_OUT = "mailkeys_wkd_timed_out";
    static final String STORE_FAILURES = "mailkeys_wkd_store_failures";

    final Metric requests;
    final Metric keysServed;
    final Metric notFound;
    final Metric refused;
    final Metric rateLimited;
    final Metric connectionsRefused;
    final Metric connectsRateLimited;
    final Metric idleClosed;
    final Metric timedOut;
    final Metric storeFailures;

    WkdMetrics(MetricFactory metricFactory) {
        this.requests = metricFactory.generate(REQUESTS);
        this.keysServed = metricFactory.generate(KEYS_SERVED);
        this.notFound = metricFactory.generate(NOT_FOUND);
        this.refused = metricFactory.generate(REFUSED);
        this.rateLimited = metricFactory.generate(RATE_LIMITED);
        this.connectionsRefused = metricFactory.generate(CONNECTIONS_REFUSED);
        this.connectsRateLimited = metricFactory.generate(CONNECTS_RATE_LIMITED);
        this.idleClosed = metricFactory.generate(IDLE_CLOSED);
        this.timedOut = metricFactory.generate(TIMED_OUT);
        this.storeFailures = metricFactory.generate(STORE_FAILURES);
    }
}
