package org.mailkeys.client.agent;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the user's {@code --on-alert} command for an alert of the key log watch: through {@code sh -c}, the alert in
 * the environment variable {@code MAILKEYS_ALERT} only, never in the command text. One run at a time, a few queued,
 * each stopped after a minute.
 */
public final class AlertCommand implements Consumer<String>, AutoCloseable {
    private static final long TIME_LIMIT_SECONDS = 60;

    private final Optional<String> command;
    private final AgentLog log;
    private final ThreadPoolExecutor runner = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16),
            runnable -> {
                Thread thread = new Thread(runnable, "mailkeys-agent-on-alert");
                thread.setDaemon(true);
                return thread;
            });

    public AlertCommand(Optional<String> command, AgentLog log) {
        this.command = command;
        this.log = log;
    }

    @Override
    public void accept(String alert) {
        if (command.isEmpty()) {
            return;
        }
        try {
            runner.execute(() -> run(alert));
        } catch (RejectedExecutionException e) {
            log.warn("--on-alert: too many alerts at once, not run");
        }
    }

    private void run(String alert) {
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", command.get()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("MAILKEYS_ALERT", alert);
            Process process = builder.start();
            if (!process.waitFor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                log.warn("--on-alert command did not finish within " + TIME_LIMIT_SECONDS + " s: stopped");
            } else if (process.exitValue() != 0) {
                log.warn("--on-alert command exited with " + process.exitValue());
            }
        } catch (java.io.IOException e) {
            log.warn("cannot run the --on-alert command: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
