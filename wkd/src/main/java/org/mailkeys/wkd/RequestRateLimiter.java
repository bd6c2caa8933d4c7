package org.mailkeys.wkd;

import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * At most N events (requests, connection attempts) per client address (or IPv6 /64) in each fixed window, and at most
 * {@link ClientAddresses#SITE_FACTOR} times N per IPv6 /48. The /48 is counted first, and a client whose /48 is over
 * its rate creates no counter of its own: one /48 holds at most its rate's worth of counters, not one per /64.
 *
 * <p>Every check is O(1) on the event loop: counters live in one table per window, and when the window turns the
 * table is replaced by an empty one (never scanned). A table holds at most {@link #MAX_CLIENTS} counters (a few more
 * while event loops race); while it is full, a client that has no counter in this window is refused until it turns,
 * and clients already counted go on being served.
 */
final class RequestRateLimiter {
    static final int MAX_CLIENTS = 100_000;

    private static final class Window {
        private final long index;
        private final ConcurrentMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        private final AtomicInteger size = new AtomicInteger();

        private Window(long index) {
            this.index = index;
        }
    }

    private final int maxPerWindow;
    private final long windowMillis;
    private final Clock clock;
    private final AtomicReference<Window> current = new AtomicReference<>(new Window(Long.MIN_VALUE));

    RequestRateLimiter(int maxPerWindow, Duration window, Clock clock) {
        this.maxPerWindow = maxPerWindow;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /** Requests per minute. */
    RequestRateLimiter(int maxPerMinute, Clock clock) {
        this(maxPerMinute, Duration.ofMinutes(1), clock);
    }

    /** Counts one event of the client at this address; false when it (or its IPv6 /48) is over its rate. */
    boolean tryAcquire(SocketAddress remote) {
        return tryAcquire(ClientAddresses.counted(remote), ClientAddresses.site(remote));
    }

    /** Counts one event of a client that belongs to no site (an IPv4 address). */
    boolean tryAcquire(String client) {
        return tryAcquire(client, Optional.empty());
    }

    boolean tryAcquire(String client, Optional<String> site) {
        Window window = window();
        if (site.isPresent() && !count(window, site.get(), (long) maxPerWindow * ClientAddresses.SITE_FACTOR)) {
            return false;
        }
        return count(window, client, maxPerWindow);
    }

    private Window window() {
        long index = Math.floorDiv(clock.millis(), windowMillis);
        return current.updateAndGet(window -> window.index == index ? window : new Window(index));
    }

    private static boolean count(Window window, String key, long limit) {
        AtomicInteger count = window.counts.get(key);
        if (count == null) {
            if (window.size.get() >= MAX_CLIENTS) {
                return false;
            }
            count = window.counts.computeIfAbsent(key, ignored -> {
                window.size.incrementAndGet();
                return new AtomicInteger();
            });
        }
        // saturates just over the limit: a flood cannot wrap the counter around
        return count.updateAndGet(value -> value > limit ? value : value + 1) <= limit;
    }
}
