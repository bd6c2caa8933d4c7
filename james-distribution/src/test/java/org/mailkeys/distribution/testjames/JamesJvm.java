package org.mailkeys.distribution.testjames;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.mailkeys.testing.Command;
import org.mailkeys.testing.RunningProgram;

/**
 * James as a plain java process in its installation folder (conf/, extensions-jars/), started through the harness
 * and awaited until its log says it started; the common part of {@link JamesNode} and {@link StockJames}.
 */
final class JamesJvm {
    static final String STARTED = "JAMES server started";
    /** A generous ceiling: James took over 2 minutes to start on a loaded 2-core machine. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    private final String name;
    private final RunningProgram process;
    /** Where its output goes, then any log file its logback.xml writes. */
    private final List<Path> logs;

    private JamesJvm(String name, RunningProgram process, List<Path> logs) {
        this.name = name;
        this.process = process;
        this.logs = logs;
    }

    /**
     * Runs {@code java javaArguments} in {@code folder}, its output to {@code logs.get(0)}, and waits until one of
     * {@code logs} says James started; kills it and throws if it exits or does not start in time.
     */
    static JamesJvm start(String name, Path folder, List<String> javaArguments, List<Path> logs) throws IOException {
        Files.createDirectories(logs.get(0).getParent());
        RunningProgram process = Command.java(javaArguments.toArray(new String[0]))
            .in(folder)
            .outputTo(logs.get(0))
            .start();
        JamesJvm james = new JamesJvm(name, process, logs);
        try {
            Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " stopped while starting; its log:\n" + james.log());
                }
                return james.log().contains(STARTED);
            });
        } catch (ConditionTimeoutException e) {
            process.kill();
            throw new IllegalStateException(name + " did not start within " + START_TIMEOUT + "; its log:\n" + james.log(), e);
        } catch (RuntimeException e) {
            process.kill();
            throw e;
        }
        return james;
    }

    /** Everything it logged so far, its output first. */
    String log() throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path log : logs) {
            if (Files.exists(log)) {
                text.append(Files.readString(log, StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }

    void kill() {
        process.kill();
    }

    /** SIGTERM, then SIGKILL if it does not stop in {@code timeout}. */
    void stop(Duration timeout) {
        process.stop(timeout);
    }

    @Override
    public String toString() {
        return name;
    }
}
