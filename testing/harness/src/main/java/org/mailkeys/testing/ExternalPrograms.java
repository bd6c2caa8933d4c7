package org.mailkeys.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The Debian programs the DNS and TLS tests run (knotd, ldns-signzone, unbound, openssl): find and run. */
public final class ExternalPrograms {
    private ExternalPrograms() {
    }

    /** The program in the system's usual folders, if installed. */
    public static Optional<Path> executable(String name) {
        for (String folder : new String[] {"/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/"}) {
            if (Files.isExecutable(Path.of(folder + name))) {
                return Optional.of(Path.of(folder + name));
            }
        }
        return Optional.empty();
    }

    /** Runs a command in {@code folder} to its end; its output, or an exception with that output when it fails. */
    public static String run(Path folder, String... command) throws IOException, InterruptedException {
        return run(folder, Map.of(), Duration.ofSeconds(60), command);
    }

    /**
     * Runs a command as {@link #run(Path, String...)} does, with {@code environment} added to this one's, stopped
     * (with everything it spawned) after {@code timeout}.
     */
    public static String run(Path folder, Map<String, String> environment, Duration timeout, String... command)
        throws IOException, InterruptedException {
        return Command.of(command).in(folder).env(environment).mergeErrors().runSuccessfully(timeout).output();
    }

    /** Ends a server a harness class started: SIGTERM to it and what it spawned, then SIGKILL after 10 s. */
    static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
