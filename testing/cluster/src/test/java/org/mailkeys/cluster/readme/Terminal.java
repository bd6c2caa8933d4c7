package org.mailkeys.cluster.readme;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.mailkeys.testing.Command;
import org.mailkeys.testing.RunningProgram;

/**
 * A terminal window of the README: a bash process in the repository root whose output (stdout and stderr, as a
 * terminal shows them) goes to a log file. Either it runs one long-lived command (a Cassandra or James node), or it
 * is a shell that is given one block after another.
 */
final class Terminal implements AutoCloseable {
    private static final String DONE = "@@block-done ";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

    private final String name;
    private final RunningProgram process;
    private final Path log;

    private Terminal(String name, RunningProgram process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** A terminal running {@code commands} until they end or the terminal is stopped. */
    static Terminal running(String name, String commands, Path root, Path log, Map<String, String> environment)
        throws IOException {
        return new Terminal(name, start(root, environment, log, "bash", "-c", commands), log);
    }

    /** A terminal with a shell waiting for blocks ({@link #paste}). */
    static Terminal shell(String name, Path root, Path log, Map<String, String> environment) throws IOException {
        return new Terminal(name, start(root, environment, log, "bash"), log);
    }

    /** The output goes straight to the log file: a pipe read while the process exits may lose its last lines. */
    private static RunningProgram start(Path root, Map<String, String> environment, Path log, String... command)
        throws IOException {
        return Command.of(command).in(root).env(environment).outputTo(log).start();
    }

    /** Pastes a block into the shell, waits until it has run; returns what it printed and its last exit status. */
    Result paste(String commands, Duration timeout) throws IOException {
        int from = output().length();
        OutputStream in = process.stdin();
        in.write((commands + "\necho \"" + DONE + "$?\"\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        awaitOutput(from, DONE, timeout);
        String printed = output().substring(from);
        int done = printed.indexOf(DONE);
        String status = printed.substring(done + DONE.length()).trim().split("\\s")[0];
        return new Result(printed.substring(0, done), Integer.parseInt(status));
    }

    /** Waits until the terminal has printed {@code text} (anywhere in its output so far). */
    void awaitOutput(String text, Duration timeout) {
        awaitOutput(0, text, timeout);
    }

    private void awaitOutput(int from, String text, Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (output().indexOf(text, from) >= 0) {
                    return true;
                }
                if (!process.isAlive()) {
                    throw new AssertionError(name + " ended (status " + process.exitValue() + ") without printing '"
                        + text + "':\n" + output());
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " did not print '" + text + "' within " + timeout + ":\n" + output());
        }
    }

    /** Everything the terminal has printed so far. */
    String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isRunning() {
        return process.isAlive();
    }

    /**
     * Ctrl-C, as the README says: the signal reaches every process of the terminal's foreground job. SIGTERM stands
     * in for SIGINT (a JVM started from a background job ignores SIGINT), and the scripts treat both alike. Waits
     * until the terminal's command has ended; returns its exit status.
     */
    int interrupt() throws InterruptedException {
        process.terminateAll();
        if (!process.waitFor(STOP_TIMEOUT)) {
            throw new AssertionError(name + " did not stop within " + STOP_TIMEOUT + ":\n" + output());
        }
        return process.exitValue();
    }

    /** Stops whatever still runs: Ctrl-C first, then SIGKILL for what ignored it. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                interrupt();
            } catch (InterruptedException | AssertionError e) {
                // killed below
            }
        }
        process.kill();
    }

    /** What a pasted block printed, and the exit status of its last command. */
    static final class Result {
        final String printed;
        final int status;

        Result(String printed, int status) {
            this.printed = printed;
            this.status = status;
        }
    }
}
