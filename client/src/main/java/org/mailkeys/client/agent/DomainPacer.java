package org.mailkeys.client.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Paces lookups per queried domain: at most {@code maxPerHour} requests to one domain in any hour (the KST answers
 * at most 10 per sender and hour by default, docs/PROTOCOL.md 5), and none while a domain's {@code rate-limited}
 * answer is being respected: one hour after the first, doubling with each further one up to a day, reset by any
 * other verified answer from that domain. Memory grows with the domains asked within the hour, not with time.
 */
public final class DomainPacer {
    static final Duration HOUR = Duration.ofHours(1);
    static final Duration FIRST_BACK_OFF = Duration.ofHours(1);
    static final Duration LONGEST_BACK_OFF = Duration.ofDays(1);

    private final int maxPerHour;
    private final Clock clock;
    private final Map<String, RateWindow> sent = new HashMap<>();
    private final Map<String, Instant> backOffUntil = new HashMap<>();
    private final Map<String, Duration> lastBackOff = new HashMap<>();

    public DomainPacer(int maxPerHour, Clock clock) {
        if (maxPerHour < 1) {
            throw new IllegalArgumentException("--max-per-hour must be at least 1");
        }
        this.maxPerHour = maxPerHour;
        this.clock = clock;
    }

    public synchronized boolean mayAsk(String domain) {
        String key = key(domain);
        Instant until = backOffUntil.get(key);
        if (until != null && clock.instant().isBefore(until)) {
            return false;
        }
        RateWindow window = sent.get(key);
        return window == null || window.allows();
    }

    public synchronized void asked(String domain) {
        sent.computeIfAbsent(key(domain), d -> new RateWindow(maxPerHour, HOUR, clock)).record();
    }

    /** A verified {@code rate-limited} answer came from the domain: ask it nothing for a while; returns until when. */
    public synchronized Instant rateLimited(String domain) {
        String key = key(domain);
        Duration previous = lastBackOff.get(key);
        Duration next = previous == null ? FIRST_BACK_OFF : previous.multipliedBy(2);
        if (next.compareTo(LONGEST_BACK_OFF) > 0) {
            next = LONGEST_BACK_OFF;
        }
        lastBackOff.put(key, next);
        Instant until = clock.instant().plus(next);
        backOffUntil.put(key, until);
        return until;
    }

    /** Any other verified answer: the domain answers again. */
    public synchronized void answered(String domain) {
        String key = key(domain);
        lastBackOff.remove(key);
        backOffUntil.remove(key);
    }

    /** Forgets what no longer limits anything (called now and then). */
    public synchronized void prune() {
        sent.values().removeIf(RateWindow::isEmpty);
        Instant now = clock.instant();
        for (Iterator<Map.Entry<String, Instant>> entries = backOffUntil.entrySet().iterator(); entries.hasNext(); ) {
            Map.Entry<String, Instant> entry = entries.next();
            if (!now.isBefore(entry.getValue().plus(LONGEST_BACK_OFF))) {
                entries.remove();
                lastBackOff.remove(entry.getKey());
            }
        }
    }

    synchronized int domainsRemembered() {
        return sent.size();
    }

    private static String key(String domain) {
        return domain.toLowerCase(Locale.ROOT);
    }
}
