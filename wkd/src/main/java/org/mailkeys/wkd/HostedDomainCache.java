package org.mailkeys.wkd;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Remembers, for a few seconds, the domains the domain list said it hosts, so that a lookup of a known domain is
 * checked on the event loop and only the store read leaves it. Only "hosted" answers are kept: a stranger asking for
 * random domains never adds an entry, and a domain an operator adds is served at once. A removed domain is served
 * for at most the entry's life (see docs/PROTOCOL.md section 10.1). At most {@code capacity} domains are
 * kept; when full, expired entries are dropped, and if none are, the new answer is simply not kept.
 */
final class HostedDomainCache {
    static final int DEFAULT_CAPACITY = 1024;
    static final Duration DEFAULT_LIFE = Duration.ofSeconds(5);

    private final int capacity;
    private final long lifeNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Long> expiries = new ConcurrentHashMap<>();

    HostedDomainCache(int capacity, Duration life, LongSupplier nanoClock) {
        if (capacity < 1 || life.isNegative() || life.isZero()) {
            throw new IllegalArgumentException("capacity and life must be positive");
        }
        this.capacity = capacity;
        this.lifeNanos = life.toNanos();
        this.nanoClock = nanoClock;
    }

    static HostedDomainCache withDefaults() {
        return new HostedDomainCache(DEFAULT_CAPACITY, DEFAULT_LIFE, System::nanoTime);
    }

    /** True when the domain list said it hosts the domain less than the entry's life ago. */
    boolean knownHosted(String domain) {
        Long expiry = expiries.get(domain);
        if (expiry == null) {
            return false;
        }
        if (nanoClock.getAsLong() - expiry >= 0) {
            expiries.remove(domain, expiry);
            return false;
        }
        return true;
    }

    /** Records the domain list's answer; only a hosted domain is kept. */
    void remember(String domain, boolean hosted) {
        if (!hosted) {
            expiries.remove(domain);
            return;
        }
        long now = nanoClock.getAsLong();
        if (expiries.size() >= capacity && !expiries.containsKey(domain)) {
            expiries.values().removeIf(expiry -> now - expiry >= 0);
            if (expiries.size() >= capacity) {
                return;
            }
        }
        expiries.put(domain, now + lifeNanos);
    }

    int size() {
        return expiries.size();
    }
}
