package org.mailkeys.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.mailkeys.testing.Command;
import org.mailkeys.testing.Prerequisites;

/**
 * Runs an unmodified program the way it runs on a user's machine, but seeing the test's world: in a mount
 * namespace of its own ({@code unshare -m}, root only) where {@code /etc/resolv.conf} names the test's DNS server
 * and the system CA bundle holds the test CA alone. The program's own checks stay on: it resolves names and checks
 * certificates as it always does. GnuPG's dirmngr, which the program may start, is stopped before the namespace
 * goes away.
 */
final class NamespacedProgram {
    static final Path SYSTEM_CA_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

    /** What one run printed and its exit status. */
    static final class Run {
        final int exitCode;
        final String output;

        Run(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ":\n" + output;
        }
    }

    private final Path resolvConf;
    private final Path caBundle;

    NamespacedProgram(Path folder, String dnsServer, Path caBundle) throws IOException {
        this.resolvConf = Files.writeString(Files.createTempFile(folder, "resolv", ".conf"),
            "nameserver " + dnsServer + "\noptions timeout:2 attempts:2\n", StandardCharsets.US_ASCII);
        this.caBundle = caBundle;
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/unshare")) && Files.isRegularFile(SYSTEM_CA_BUNDLE)
            && Prerequisites.isRoot();
    }

    Run run(Path gnupgHome, String... command) throws IOException, InterruptedException {
        String script = "mount --bind \"$1\" /etc/resolv.conf && mount --bind \"$2\" " + SYSTEM_CA_BUNDLE
            + " || exit 97; shift 2; \"$@\"; status=$?; gpgconf --kill dirmngr >/dev/null 2>&1; exit $status";
        List<String> arguments = new ArrayList<>(List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
            script, "sh", resolvConf.toString(), caBundle.toString()));
        arguments.addAll(List.of(command));
        Command.Finished finished = Command.of(arguments).env("GNUPGHOME", gnupgHome.toString()).env("LC_ALL", "C")
            .mergeErrors().run(Duration.ofSeconds(120));
        return new Run(finished.exitCode(), finished.output());
    }
}
