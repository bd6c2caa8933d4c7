package org.mailkeys.mailets;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Store versions, as a hybrid logical clock: microseconds since the epoch at processing time, strictly increasing
 * within this JVM (two publications handled in the same microsecond still get an order), and always above a floor
 * the caller read from the store. That floor is what keeps versions growing where the wall clock alone would not:
 * after a restart with a clock that went back, and on a node whose clock runs behind the node that wrote the stored
 * version. The order between two requests that no node has written yet is that of their nodes' clocks.
 */
final class MonotonicMicros {
    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    MonotonicMicros(Clock clock) {
        this.clock = clock;
    }

    long next() {
        return nextAbove(0);
    }

    /** A version greater than {@code floor}, than every version this instance gave before, and at least now. */
    long nextAbove(long floor) {
        Instant now = clock.instant();
        long micros = TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + TimeUnit.NANOSECONDS.toMicros(now.getNano());
        long atLeast = Math.max(micros, floor + 1);
        return last.updateAndGet(previous -> Math.max(previous + 1, atLeast));
    }
}
