package org.mailkeys.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A program a test runs, described before it starts: the only way test code starts a process (the build's
 * {@code HarnessRules} fail a test class that calls {@link ProcessBuilder} itself). {@link #run} waits for its end,
 * {@link #start} returns a {@link RunningProgram} whose {@code close()} stops it and everything it spawned, so that
 * no daemon outlives the test or holds files in a folder JUnit is removing.
 */
public final class Command {
    private final List<String> arguments;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path directory;
    private Path stdout;
    private Path stderr;
    private boolean mergeErrors;
    private boolean discardOutput;
    private byte[] input;

    private Command(List<String> arguments) {
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("no program");
        }
        this.arguments = List.copyOf(arguments);
    }

    public static Command of(String... arguments) {
        return new Command(Arrays.asList(arguments));
    }

    public static Command of(List<String> arguments) {
        return new Command(arguments);
    }

    /** {@code java} of the JVM running the tests with its {@link ChildJvmOptions}, then the arguments. */
    public static Command java(String... arguments) {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        line.addAll(ChildJvmOptions.list());
        line.addAll(Arrays.asList(arguments));
        return new Command(line);
    }

    /** {@code keytool} of the JVM running the tests, then the arguments. */
    public static Command keytool(String... arguments) {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        line.addAll(Arrays.asList(arguments));
        return new Command(line);
    }

    public Command in(Path folder) {
        this.directory = folder;
        return this;
    }

    public Command env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public Command env(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    /** Standard error goes where standard output goes, interleaved as a terminal shows them. */
    public Command mergeErrors() {
        this.mergeErrors = true;
        return this;
    }

    /** Standard output (and standard error, when merged) to this file, emptied first, instead of the result. */
    public Command stdoutTo(Path file) {
        this.stdout = file;
        return this;
    }

    public Command stderrTo(Path file) {
        this.stderr = file;
        return this;
    }

    /** Standard output and standard error, interleaved, to this file (emptied first). */
    public Command outputTo(Path file) {
        return mergeErrors().stdoutTo(file);
    }

    /** Neither output is kept. */
    public Command discardOutput() {
        this.discardOutput = true;
        return this;
    }

    /** Bytes written to the program's standard input by {@link #run}, which then closes it. */
    public Command input(byte[] bytes) {
        this.input = bytes.clone();
        return this;
    }

    public List<String> arguments() {
        return arguments;
    }

    /**
     * Runs the program to its end. When it has not ended within {@code timeout}, it and what it spawned are killed
     * and an {@link IOException} says so. The output is collected through files, so a program that keeps its pipe
     * open cannot make the wait outlast the timeout.
     */
    public Finished run(Duration timeout) throws IOException, InterruptedException {
        Path out = stdout == null && !discardOutput ? Files.createTempFile("command", ".out") : null;
        Path err = stderr == null && !mergeErrors && !discardOutput ? Files.createTempFile("command", ".err") : null;
        try {
            ProcessBuilder builder = builder(out, err);
            try (RunningProgram program = new RunningProgram(this, builder.start())) {
                try (OutputStream stdin = program.stdin()) {
                    if (input != null) {
                        stdin.write(input);
                    }
                } catch (IOException closedEarly) {
                    // the program ended without reading all of its input; its exit status tells
                }
                if (!program.waitFor(timeout)) {
                    program.kill();
                    throw new IOException(this + " did not end within " + timeout + read(out, err));
                }
                return new Finished(this, program.exitValue(), out == null ? new byte[0] : Files.readAllBytes(out),
                    err == null ? "" : Files.readString(err, StandardCharsets.UTF_8));
            }
        } finally {
            if (out != null) {
                Files.deleteIfExists(out);
            }
            if (err != null) {
                Files.deleteIfExists(err);
            }
        }
    }

    /** {@link #run}, and an {@link IOException} with what it printed when its exit status is not 0. */
    public Finished runSuccessfully(Duration timeout) throws IOException, InterruptedException {
        Finished finished = run(timeout);
        if (finished.exitCode() != 0) {
            throw new IOException(finished.toString());
        }
        return finished;
    }

    /**
     * Starts the program and returns at once. Unless redirected to files, its standard output is a pipe the caller
     * reads ({@link RunningProgram#stdout()}); its standard input is a pipe the caller may write.
     */
    public RunningProgram start() throws IOException {
        return new RunningProgram(this, builder(null, null).start());
    }

    /** The installed program named {@code name} in the system's usual folders (see {@link ExternalPrograms}). */
    public static Optional<Path> installed(String name) {
        return ExternalPrograms.executable(name);
    }

    private ProcessBuilder builder(Path out, Path err) {
        ProcessBuilder builder = new ProcessBuilder(arguments);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(environment);
        builder.redirectErrorStream(mergeErrors);
        if (discardOutput) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            if (!mergeErrors) {
                builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            }
        }
        Path outFile = stdout != null ? stdout : out;
        if (outFile != null) {
            builder.redirectOutput(outFile.toFile());
        }
        Path errFile = stderr != null ? stderr : err;
        if (errFile != null && !mergeErrors) {
            builder.redirectError(errFile.toFile());
        }
        return builder;
    }

    private static String read(Path out, Path err) throws IOException {
        StringBuilder text = new StringBuilder();
        if (out != null) {
            text.append("\nstdout:\n").append(Files.readString(out, StandardCharsets.UTF_8));
        }
        if (err != null) {
            text.append("\nstderr:\n").append(Files.readString(err, StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return String.join(" ", arguments);
    }

    /** How a program run by {@link #run} ended: its exit status and what it printed. */
    public static final class Finished {
        private final Command command;
        private final int exitCode;
        private final byte[] stdout;
        private final String stderr;

        Finished(Command command, int exitCode, byte[] stdout, String stderr) {
            this.command = command;
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        public int exitCode() {
            return exitCode;
        }

        /** Standard output (with standard error when merged), UTF-8. */
        public String output() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        public byte[] outputBytes() {
            return stdout.clone();
        }

        /** Standard error when it was neither merged nor redirected; empty otherwise. */
        public String errors() {
            return stderr;
        }

        @Override
        public String toString() {
            return command + ": exit " + exitCode + "\n" + output() + (stderr.isEmpty() ? "" : "\nstderr:\n" + stderr);
        }
    }
}
