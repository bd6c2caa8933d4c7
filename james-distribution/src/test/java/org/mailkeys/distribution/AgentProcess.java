package org.mailkeys.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code mailkeys agent} (client/) run as a separate process, as a service manager runs it: standard error kept in
 * a file, stopped with SIGTERM ({@link #terminate()}); {@link #close()} kills it if it still runs.
 */
final class AgentProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code mailkeys agent ARGUMENTS...} with these environment variables added. */
    static AgentProcess start(List<String> arguments, Map<String, String> environment, Path log) throws IOException {
        Process process = builder("agent", arguments, environment)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(log.toFile())
            .start();
        return new AgentProcess(process, log);
    }

    /** Runs {@code mailkeys SUBCOMMAND...} to the end (e.g. {@code agent status}): exit code and standard output. */
    static MailKeysCommandLine.Run run(List<String> arguments, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("mailkeys-agent", ".out");
        Path err = Files.createTempFile("mailkeys-agent", ".err");
        try {
            Process process = builder(arguments.get(0), arguments.subList(1, arguments.size()), environment)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("mailkeys " + arguments + " did not finish");
            }
            return new MailKeysCommandLine.Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static ProcessBuilder builder(String command, List<String> arguments, Map<String, String> environment) {
        if (!Files.isRegularFile(MailKeysCommandLine.JAR)) {
            throw new IllegalStateException(MailKeysCommandLine.JAR + " is missing: build the client (mvn package -pl client -am)");
        }
        List<String> line = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", MailKeysCommandLine.JAR.toString(), command));
        line.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().putAll(environment);
        return builder;
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM and waits for the exit (at most a minute); returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the agent did not stop within a minute of SIGTERM");
        }
        return process.exitValue();
    }

    /** Waits for the exit of an agent that stops by itself (a refused start); returns the exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the agent did not exit");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
