package org.mailkeys.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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
        return Command.of(command).in(folder).mergeErrors().runSuccessfully(Duration.ofSeconds(60)).output();
    }
}
