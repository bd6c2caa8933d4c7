package org.mailkeys.mailets;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Store versions: microseconds since the epoch at processing time, strictly increasing within this JVM, so two
 * publications handled in the same microsecond still get an order. Across nodes the wall clocks order them.
 */
final class MonotonicMicros {
    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    MonotonicMicros(Clock clock) {
        this.clock = clock;
    }

    long next() {
        Instant now = clock.instant();
        long micros = TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + TimeUnit.NANOSECONDS.toMicros(now.getNano());
        return last.updateAndGet(previous -> Math.max(previous + 1, micros));
    }
}
