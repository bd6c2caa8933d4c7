package org.mailkeys.mailets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Answer rates per sender address, client IP and sender domain (docs/PROTOCOL.md section 5), in memory on this node.
 * Fixed windows: each key counts the answers since its window opened. The first request over any limit gets one
 * {@code rate-limited} answer, later ones silence until the window of every exceeded key has closed.
 * Memory is bounded: at most {@code maxTrackedKeys} keys, the least recently used one evicted first.
 */
final class AnswerRateLimiter {
    enum Decision {
        ANSWER,
        /** Over a limit for the first time in this window: answer once with ERROR rate-limited. */
        ANSWER_RATE_LIMITED,
        SILENCE
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

        private void refresh(Instant now, Duration window) {
            if (!now.isBefore(windowStart.plus(window))) {
                windowStart = now;
                answers = 0;
                rateLimitedAnswerSent = false;
            }
        }

        private boolean isOver() {
            return answers >= limit;
        }
    }

    private final Limits limits;
    private final Clock clock;
    private final Map<String, Counter> counters;

    AnswerRateLimiter(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.counters = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Counter> eldest) {
                return size() > limits.maxTrackedKeys;
            }
        };
    }

    /**
     * Decides for one request and, when it is answered, counts the answer.
     *
     * @param clientIp empty when James did not record one
     */
    synchronized Decision decide(String senderAddress, Optional<String> clientIp) {
        Instant now = clock.instant();
        String sender = senderAddress.toLowerCase(Locale.ROOT);
        List<Counter> involved = new ArrayList<>();
        involved.add(counter("sender:" + sender, limits.perSender, now));
        involved.add(counter("domain:" + sender.substring(sender.lastIndexOf('@') + 1), limits.perSenderDomain, now));
        clientIp.ifPresent(ip -> involved.add(counter("ip:" + ip, limits.perClientIp, now)));

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

    synchronized int trackedKeys() {
        return counters.size();
    }

    private Counter counter(String key, long limit, Instant now) {
        Counter counter = counters.computeIfAbsent(key, ignored -> new Counter(limit, now));
        counter.refresh(now, limits.window);
        return counter;
    }
}
