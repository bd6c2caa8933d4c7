package org.mailkeys.client.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.mailkeys.client.Progress;

/**
 * Progress on standard error: each activity on its own line with the time elapsed since the command started,
 * and while nothing changes, a reminder every few seconds that it is still going on.
 */
final class TerminalProgress implements Progress, AutoCloseable {
    private static final long REMINDER_SECONDS = 10;

    private final PrintStream err;
    private final Instant start = Instant.now();
    private final boolean quiet;
    private final ScheduledExecutorService reminder;
    private String last = "";
    private Instant lastPrinted = Instant.now();

    TerminalProgress(PrintStream err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
        this.reminder = quiet ? null : Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mailkeys-progress");
            thread.setDaemon(true);
            return thread;
        });
        if (reminder != null) {
            reminder.scheduleAtFixedRate(this::remind, REMINDER_SECONDS, REMINDER_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void update(String activity) {
        if (quiet || activity.equals(last)) {
            return;
        }
        last = activity;
        print(activity);
    }

    private synchronized void remind() {
        if (!last.isEmpty() && Duration.between(lastPrinted, Instant.now()).toSeconds() >= REMINDER_SECONDS - 1) {
            print("still " + last);
        }
    }

    private void print(String text) {
        lastPrinted = Instant.now();
        err.printf("[%3ds] %s%n", Duration.between(start, lastPrinted).toSeconds(), text);
        err.flush();
    }

    /** Prints even in quiet mode: for what the user must not miss. */
    synchronized void warn(String text) {
        err.println(text);
        err.flush();
    }

    @Override
    public void close() {
        if (reminder != null) {
            reminder.shutdownNow();
        }
    }
}
