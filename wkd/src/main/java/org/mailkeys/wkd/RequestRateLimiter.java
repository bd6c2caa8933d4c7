package org.mailkeys.wkd;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * At most N requests per client address (or IPv6 /64) in each minute. The table is bounded: when it grows past
 * {@link #MAX_CLIENTS}, windows of past minutes are dropped, and while it is still full a new client is refused
 * rather than letting the table grow.
 */
final class RequestRateLimiter {
    static final int MAX_CLIENTS = 100_000;
    private static final long MINUTE_MILLIS = 60_000;

    private static final class Window {
        private final long minute;
        private final int count;

        private Window(long minute, int count) {
            this.minute = minute;
            this.count = count;
        }
    }

    private final int maxPerMinute;
    private final Clock clock;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    RequestRateLimiter(int maxPerMinute, Clock clock) {
        this.maxPerMinute = maxPerMinute;
        this.clock = clock;
    }

    /** Counts one request of the client; false when it is over its rate. */
    boolean tryAcquire(String client) {
        long minute = clock.millis() / MINUTE_MILLIS;
        if (windows.size() >= MAX_CLIENTS && !windows.containsKey(client)) {
            windows.values().removeIf(window -> window.minute != minute);
            if (windows.size() >= MAX_CLIENTS) {
                return false;
            }
        }
        Window window = windows.merge(client, new Window(minute, 1), (current, one) ->
            current.minute == minute ? new Window(minute, current.count + 1) : one);
        return window.count <= maxPerMinute;
    }
}
