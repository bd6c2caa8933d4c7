package org.mailkeys.client.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;

/** At most {@code limit} events in any sliding window of the given length; remembers no more than {@code limit} instants. */
final class RateWindow {
    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final ArrayDeque<Instant> recent = new ArrayDeque<>();

    RateWindow(int limit, Duration window, Clock clock) {
        if (limit < 1) {
            throw new IllegalArgumentException("the limit must be at least 1");
        }
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    boolean allows() {
        prune();
        return recent.size() < limit;
    }

    void record() {
        prune();
        if (recent.size() >= limit) {
            recent.pollFirst();
        }
        recent.addLast(clock.instant());
    }

    /** When the next event will be allowed; empty when it is allowed now. */
    Optional<Instant> nextAllowed() {
        prune();
        return recent.size() < limit ? Optional.empty() : Optional.of(recent.peekFirst().plus(window));
    }

    boolean isEmpty() {
        prune();
        return recent.isEmpty();
    }

    private void prune() {
        Instant oldestCounted = clock.instant().minus(window);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(oldestCounted)) {
            recent.pollFirst();
        }
    }
}
