package org.mailkeys.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;

import org.mailkeys.testing.Command;

/** The {@code mailkeys} command line (client/), run as a separate process as a user would run it. */
final class MailKeysCommandLine {
    /** Built by the reactor before this module (james-distribution depends on mailkeys-client for that). */
    static final Path JAR = Paths.get("../client/target/mailkeys-client-cli.jar").toAbsolutePath();

    /** What one run printed and its exit status. */
    static final class Run {
        final int exitCode;
        final String out;
        final String err;

        Run(int exitCode, String out, String err) {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private final List<String> commonOptions;
    private final Map<String, String> environment;

    MailKeysCommandLine(List<String> commonOptions, Map<String, String> environment) {
        this.commonOptions = List.copyOf(commonOptions);
        this.environment = Map.copyOf(environment);
    }

    /** Runs {@code mailkeys COMMAND OPTIONS... ARGUMENTS...}, the common options put right after the command. */
    Run run(String command, List<String> options, Map<String, String> extraEnvironment) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: build the client (mvn package -pl client -am)");
        }
        List<String> line = new ArrayList<>(List.of("-jar", JAR.toString(), command));
        line.addAll(commonOptions);
        line.addAll(options);
        Command.Finished finished = Command.java(line.toArray(new String[0])).env(environment).env(extraEnvironment)
            .run(Duration.ofSeconds(180));
        return new Run(finished.exitCode(), finished.output(), finished.errors());
    }
}
