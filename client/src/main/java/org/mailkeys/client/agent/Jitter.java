package org.mailkeys.client.agent;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Spreads a period at random over ±25% of its length, so that refreshes started together drift apart and the
 * lookups of many contacts do not arrive at a provider in bursts (nor reveal one fixed schedule).
 */
public final class Jitter {
    static final double SPREAD = 0.25;
    private final DoubleSupplier uniform;

    /** @param uniform values in [0, 1) */
    public Jitter(DoubleSupplier uniform) {
        this.uniform = uniform;
    }

    public static Jitter random() {
        SecureRandom random = new SecureRandom();
        return new Jitter(random::nextDouble);
    }

    /** A duration between 75% and 125% of {@code period}. */
    public Duration spread(Duration period) {
        double factor = 1 - SPREAD + 2 * SPREAD * Math.min(Math.max(uniform.getAsDouble(), 0), 1);
        return Duration.ofMillis(Math.round(period.toMillis() * factor));
    }

    /** A duration between zero and {@code period}: when a contact first seen in a big list is first looked up. */
    public Duration within(Duration period) {
        return Duration.ofMillis(Math.round(period.toMillis() * Math.min(Math.max(uniform.getAsDouble(), 0), 1)));
    }
}
