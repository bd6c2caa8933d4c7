package org.mailkeys.transparency;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs {@link KeyLog#integrate()} on one thread of its own, every interval (one second by default): an entry is in a
 * signed checkpoint at most about one interval after its write. A failed step is logged and retried next interval.
 */
public final class LogSequencer implements AutoCloseable {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOGGER = Logger.getLogger(LogSequencer.class.getName());

    private final KeyLog log;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public LogSequencer(KeyLog log, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("The batch interval is positive");
        }
        this.log = log;
        this.interval = interval;
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mailkeys-log-sequencer");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::step, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void step() {
        try {
            log.integrate();
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "Key log integration failed; retrying next interval: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }
}
