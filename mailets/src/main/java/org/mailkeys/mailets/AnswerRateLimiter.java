package org.mailkeys.mailets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Answer rates (docs/PROTOCOL.md section 5), in memory on this node. Fixed windows: each key counts the answers since its
 * window opened. The first request over any limit gets one {@code rate-limited} answer, later ones silence until the
 * window of every exceeded key has closed.
 *
 * <ul>
 *     <li>Mail without SMTP AUTH counts against its sender address, its sender domain and its client IP; an IPv6
 *     client counts per /64, since one host can pick any address of its /64 ({@link ClientNetwork}).</li>
 *     <li>Mail with SMTP AUTH counts against its account alone ({@link #decideForAccount}), in a table of its own:
 *     envelope senders and domains are what strangers forge, so they can neither use up an account's answers nor
 *     fill its table.</li>
 *     <li>Memory is bounded by {@code maxTrackedKeys} per table, and a counter is never evicted while its window is
 *     open (evicting it would reset it: a flood of new senders would then wipe the counter of the sender it
 *     wants answered again). When a table is full, counters whose window has closed are removed; if none has, a
 *     request that needs a new counter is not answered ({@link Decision#NO_ROOM}), until windows close.</li>
 * </ul>
 */
final class AnswerRateLimiter {
    enum Decision {
        ANSWER,
        /** Over a limit for the first time in this window: answer once with ERROR rate-limited. */
        ANSWER_RATE_LIMITED,
        SILENCE,
        /** Every counter of the table is in use; nothing is answered rather than forget a counter. */
        NO_ROOM
    }

    static final class Limits {
        final long perSender;
        final long perClientIp;
        final long perSenderDomain;
        final Duration window;
        final int maxTrackedKeys;

        Limits(long perSender, long perClientIp, long perSenderDomain, Duration window, int maxTrackedKeys) {
            this.perSender = perSender;
            this.perClientIp = perClientIp;
            this.perSenderDomain = perSenderDomain;
            this.window = window;
            this.maxTrackedKeys = maxTrackedKeys;
        }
    }

    private static final class Counter {
        private final long limit;
        private Instant windowStart;
        private long answers;
        private boolean rateLimitedAnswerSent;

        private Counter(long limit, Instant windowStart) {
            this.limit = limit;
            this.windowStart = windowStart;
        }

        private boolean expired(Instant now, Duration window) {
            return !now.isBefore(windowStart.plus(window));
        }

        private void refresh(Instant now, Duration window) {
            if (expired(now, window)) {
                windowStart = now;
                answers = 0;
                rateLimitedAnswerSent = false;
            }
        }

        private boolean isOver() {
            return answers >= limit;
        }
    }

    /** Counters by key, bounded, never evicting one whose window is open. */
    private static final class CounterTable {
        /** A full table is swept for closed windows at most this often, so a flood cannot make every request pay. */
        private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

        private final Map<String, Counter> counters = new HashMap<>();
        private final int capacity;
        private final Duration window;
        private Instant nextSweep = Instant.MIN;

        private CounterTable(int capacity, Duration window) {
            this.capacity = capacity;
            this.window = window;
        }

        /** Empty when the key is new and the table has no room for it. */
        private Optional<Counter> counter(String key, long limit, Instant now) {
            Counter counter = counters.get(key);
            if (counter == null) {
                if (counters.size() >= capacity && !now.isBefore(nextSweep)) {
                    counters.values().removeIf(existing -> existing.expired(now, window));
                    nextSweep = now.plus(SWEEP_INTERVAL);
                }
                if (counters.size() >= capacity) {
                    return Optional.empty();
                }
                counter = new Counter(limit, now);
                counters.put(key, counter);
            }
            counter.refresh(now, window);
            return Optional.of(counter);
        }

        private int size() {
            return counters.size();
        }
    }

    private final Limits limits;
    private final Clock clock;
    private final CounterTable strangers;
    private final CounterTable accounts;

    AnswerRateLimiter(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.strangers = new CounterTable(limits.maxTrackedKeys, limits.window);
        this.accounts = new CounterTable(limits.maxTrackedKeys, limits.window);
    }

    /**
     * Decides for one request received without SMTP AUTH and, when it is answered, counts the answer.
     *
     * @param clientIp empty when James did not record one
     */
    synchronized Decision decide(String senderAddress, Optional<String> clientIp) {
        Instant now = clock.instant();
        String sender = senderAddress.toLowerCase(Locale.ROOT);
        List<Optional<Counter>> involved = new ArrayList<>();
        involved.add(strangers.counter("sender:" + sender, limits.perSender, now));
        involved.add(strangers.counter("domain:" + sender.substring(sender.lastIndexOf('@') + 1),
            limits.perSenderDomain, now));
        clientIp.ifPresent(ip -> involved.add(strangers.counter("ip:" + ClientNetwork.of(ip), limits.perClientIp, now)));
        if (involved.stream().anyMatch(Optional::isEmpty)) {
            return Decision.NO_ROOM;
        }
        List<Counter> counters = new ArrayList<>();
        involved.forEach(counter -> counters.add(counter.get()));
        return decide(counters);
    }

    /** Decides for one request received with SMTP AUTH: counted against the account alone (per-sender limit). */
    synchronized Decision decideForAccount(String accountAddress) {
        Optional<Counter> counter = accounts.counter(accountAddress.toLowerCase(Locale.ROOT), limits.perSender,
            clock.instant());
        return counter.map(found -> decide(List.of(found))).orElse(Decision.NO_ROOM);
    }

    synchronized int trackedKeys() {
        return strangers.size() + accounts.size();
    }

    private static Decision decide(List<Counter> involved) {
        List<Counter> over = new ArrayList<>();
        for (Counter counter : involved) {
            if (counter.isOver()) {
                over.add(counter);
            }
        }
        if (over.isEmpty()) {
            involved.forEach(counter -> counter.answers++);
            return Decision.ANSWER;
        }
        if (over.stream().allMatch(counter -> counter.rateLimitedAnswerSent)) {
            return Decision.SILENCE;
        }
        over.forEach(counter -> counter.rateLimitedAnswerSent = true);
        return Decision.ANSWER_RATE_LIMITED;
    }
}
