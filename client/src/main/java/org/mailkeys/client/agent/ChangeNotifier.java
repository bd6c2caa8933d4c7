package org.mailkeys.client.agent;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the user's {@code --on-change} command when a contact's primary key changed: through {@code sh -c}, with the
 * details in environment variables only ({@code MAILKEYS_ADDRESS}, {@code MAILKEYS_OLD_FINGERPRINT},
 * {@code MAILKEYS_NEW_FINGERPRINT}, {@code MAILKEYS_ACCEPTED}), never pasted into the command text, since a key's
 * address comes from a stranger. One run at a time, a few queued, each stopped after a minute.
 */
final class ChangeNotifier implements AutoCloseable {
    private static final long TIME_LIMIT_SECONDS = 60;

    private final Optional<String> command;
    private final AgentLog log;
    private final ThreadPoolExecutor runner;

    ChangeNotifier(Optional<String> command, AgentLog log) {
        this.command = command;
        this.log = log;
        this.runner = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16), runnable -> {
            Thread thread = new Thread(runnable, "mailkeys-agent-on-change");
            thread.setDaemon(true);
            return thread;
        });
    }

    void changed(String address, String oldFingerprint, String newFingerprint, boolean accepted) {
        if (command.isEmpty()) {
            return;
        }
        try {
            runner.execute(() -> run(Map.of("MAILKEYS_ADDRESS", address, "MAILKEYS_OLD_FINGERPRINT", oldFingerprint,
                    "MAILKEYS_NEW_FINGERPRINT", newFingerprint, "MAILKEYS_ACCEPTED", Boolean.toString(accepted))));
        } catch (RejectedExecutionException e) {
            log.warn("--on-change: too many changes at once, not run for " + address);
        }
    }

    private void run(Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", command.get()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                log.warn("--on-change command did not finish within " + TIME_LIMIT_SECONDS + " s: stopped");
            } else if (process.exitValue() != 0) {
                log.warn("--on-change command exited with " + process.exitValue());
            }
        } catch (java.io.IOException e) {
            log.warn("cannot run the --on-change command: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        runner.shutdown();
    }
}
