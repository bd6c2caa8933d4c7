package org.mailkeys.distribution;

import javax.inject.Inject;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.utils.GuiceProbe;

/** Reads James' counters, e.g. {@code mailkeys.dropped.null-sender}: the only trace a silently dropped request leaves. */
public class MetricsProbe implements GuiceProbe {
    private final MetricFactory metricFactory;

    @Inject
    MetricsProbe(MetricFactory metricFactory) {
        this.metricFactory = metricFactory;
    }

    public long count(String name) {
        return metricFactory.generate(name).getCount();
    }
}
