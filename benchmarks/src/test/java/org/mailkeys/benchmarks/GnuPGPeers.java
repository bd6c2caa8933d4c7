package org.mailkeys.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.mailkeys.testing.Command;
import org.mailkeys.testing.GnuPG;

/**
 * The peers of a publication, given the same GnuPG-made keys: GnuPG's Web Key Service server processing each key's
 * submission mail ({@code gpg-wks-server --receive}, as a mail filter runs it: one process per mail; it checks the
 * key, stores it as pending and writes the encrypted confirmation request), and {@code gpg --import} of each key.
 * Both run {@code parallel} processes at a time, as the KST serves {@code parallel} connections.
 */
public final class GnuPGPeers {
    public static final String SUBMISSION_ADDRESS = "key-submission@example.net";
    private static final String DOMAIN = "example.net";

    private GnuPGPeers() {
    }

    /** The submission mail of draft-koch-openpgp-webkey-service section 4.2: the key as application/pgp-keys. */
    public static byte[] submissionMail(String account, String armoredKey, int number) {
        String mail = "From: " + account + "\r\n"
            + "To: " + SUBMISSION_ADDRESS + "\r\n"
            + "Subject: Key publishing request\r\n"
            + "Message-ID: <wks-" + number + "@client.example.net>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: application/pgp-keys\r\n"
            + "\r\n"
            + armoredKey.replace("\r\n", "\n").replace("\n", "\r\n");
        return mail.getBytes(StandardCharsets.US_ASCII);
    }

    /** A WKS server folder for example.net, as {@code gpg-wks-server --install-key}'s documentation lays it out. */
    public static Path wksDirectory(Path folder) throws IOException {
        return wksDirectory(folder, DOMAIN, SUBMISSION_ADDRESS);
    }

    /** As {@link #wksDirectory(Path)}, for {@code domain} with its own submission address. */
    public static Path wksDirectory(Path folder, String domainName, String submissionAddress) throws IOException {
        Path domain = folder.resolve(domainName);
        Files.createDirectories(domain.resolve("hu"));
        Files.createDirectories(domain.resolve("pending"));
        Files.writeString(domain.resolve("submission-address"), submissionAddress + "\n");
        Files.writeString(domain.resolve("policy"), "");
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-x---" : "rw-r-----"));
            }
        }
        return folder;
    }

    /** Seconds for gpg-wks-server to receive every mail; checks that each one left a pending key. */
    public static double wksReceive(Path wksDirectory, Path gnupgHome, List<byte[]> mails, int parallel) throws Exception {
        Path pending = wksDirectory.resolve(DOMAIN).resolve("pending");
        long before = count(pending);
        double seconds;
        try {
            seconds = Workers.run(mails.size(), parallel, worker -> new Workers.Nothing(), (nothing, i) -> run(gnupgHome, mails.get(i),
                "gpg-wks-server", "--directory", wksDirectory.toString(), "--from", SUBMISSION_ADDRESS, "--receive",
                "--output", "/dev/null"));
        } finally {
            stopDaemons(gnupgHome);
        }
        long stored = count(pending) - before;
        if (stored != mails.size()) {
            throw new IllegalStateException("gpg-wks-server stored " + stored + " of " + mails.size() + " keys");
        }
        return seconds;
    }

    /** Seconds for {@code gpg --import} of every key, each worker into a keyring of its own. */
    public static double gpgImport(Path homes, List<String> armoredKeys, int parallel) throws Exception {
        List<Path> workerHomes = new ArrayList<>();
        for (int worker = 0; worker < parallel; worker++) {
            Path home = Files.createDirectories(homes.resolve("import-" + System.nanoTime() + "-" + worker));
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            workerHomes.add(home);
        }
        try {
            return Workers.run(armoredKeys.size(), parallel, worker -> new KeyringOf(workerHomes.get(worker)), (keyring, i) ->
                run(keyring.home, armoredKeys.get(i).getBytes(StandardCharsets.US_ASCII), "gpg", "--batch", "--no-tty", "--quiet", "--import"));
        } finally {
            for (Path home : workerHomes) {
                stopDaemons(home);
            }
        }
    }

    /** Stops any agent a peer started in this home (after the measurement, so that it is not timed). */
    private static void stopDaemons(Path home) throws IOException, InterruptedException {
        new GnuPG(home).close();
    }

    /** A worker's own keyring: parallel imports into one keyring would wait on its lock. */
    private static final class KeyringOf implements AutoCloseable {
        final Path home;

        KeyringOf(Path home) {
            this.home = home;
        }

        @Override
        public void close() {
        }
    }

    private static void run(Path gnupgHome, byte[] input, String... command) throws IOException, InterruptedException {
        Command.Finished finished = Command.of(command).env("GNUPGHOME", gnupgHome.toString()).input(input)
            .run(Duration.ofSeconds(60));
        if (finished.exitCode() != 0) {
            throw new IOException(String.format(Locale.ROOT, "%s failed (%d): %s", String.join(" ", command),
                finished.exitCode(), finished.errors()));
        }
    }

    private static long count(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
