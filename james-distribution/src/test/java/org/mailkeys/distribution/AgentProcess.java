package org.mailkeys.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.mailkeys.testing.Command;
import org.mailkeys.testing.RunningProgram;

/**
 * {@code mailkeys agent} (client/) run as a separate process through the harness, as a service manager runs it:
 * standard error kept in a file, stopped with SIGTERM ({@link #terminate()}); {@link #close()} stops it and
 * everything it spawned (gpg, dirmngr) if it still runs.
 */
final class AgentProcess implements AutoCloseable {
    private final RunningProgram program;
    private final Path log;

    private AgentProcess(RunningProgram program, Path log) {
        this.program = program;
        this.log = log;
    }

    /** Starts {@code mailkeys agent ARGUMENTS...} with these environment variables added. */
    static AgentProcess start(List<String> arguments, Map<String, String> environment, Path log) throws IOException {
        Path out = Files.createTempFile("mailkeys-agent", ".out");
        RunningProgram program = command("agent", arguments, environment).stdoutTo(out).stderrTo(log).start();
        return new AgentProcess(program, log);
    }

    /** Runs {@code mailkeys SUBCOMMAND...} to the end (e.g. {@code agent status}): exit code and standard output. */
    static MailKeysCommandLine.Run run(List<String> arguments, Map<String, String> environment)
            throws IOException, InterruptedException {
        Command.Finished finished = command(arguments.get(0), arguments.subList(1, arguments.size()), environment)
            .run(Duration.ofSeconds(120));
        return new MailKeysCommandLine.Run(finished.exitCode(), finished.output(), finished.errors());
    }

    private static Command command(String command, List<String> arguments, Map<String, String> environment) {
        if (!Files.isRegularFile(MailKeysCommandLine.JAR)) {
            throw new IllegalStateException(MailKeysCommandLine.JAR + " is missing: build the client (mvn package -pl client -am)");
        }
        List<String> line = new ArrayList<>(List.of("-jar", MailKeysCommandLine.JAR.toString(), command));
        line.addAll(arguments);
        return Command.java(line.toArray(new String[0])).env(environment);
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    boolean isAlive() {
        return program.isAlive();
    }

    /** Sends SIGTERM and waits for the exit (at most a minute); returns the exit code. */
    int terminate() {
        int status = program.stop(Duration.ofSeconds(60));
        if (status == RunningProgram.KILLED) {
            throw new IllegalStateException("the agent did not stop within a minute of SIGTERM");
        }
        return status;
    }

    /** Waits for the exit of an agent that stops by itself (a refused start); returns the exit code. */
    int awaitExit() throws InterruptedException {
        if (!program.waitFor(Duration.ofSeconds(120))) {
            program.kill();
            throw new IllegalStateException("the agent did not exit");
        }
        return program.exitValue();
    }

    @Override
    public void close() {
        program.close();
    }
}
