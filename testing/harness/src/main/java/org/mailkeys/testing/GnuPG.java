package org.mailkeys.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * GnuPG in a throw-away home folder, as a user's tool would make and read keys. No passphrase, no pinentry.
 * {@link #close()} stops the gpg-agent this home started.
 */
public final class GnuPG implements AutoCloseable {
    private final Path home;

    public GnuPG(Path home) throws IOException {
        this.home = Files.createDirectories(home);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
    }

    /** The home folder, for other programs that use this keyring (GNUPGHOME). */
    public Path home() {
        return home;
    }

    /** An ed25519 primary key with a cv25519 encryption subkey; returns the fingerprint. */
    public String generateEd25519(String userId) throws IOException {
        return generate(userId, "ed25519", "cv25519");
    }

    /** An rsa3072 primary key with an rsa3072 encryption subkey; returns the fingerprint. */
    public String generateRsa3072(String userId) throws IOException {
        return generate(userId, "rsa3072", "rsa3072");
    }

    /** An rsa1024 key (below the key policy's RSA minimum) with an rsa1024 encryption subkey; returns the fingerprint. */
    public String generateRsa1024(String userId) throws IOException {
        return generate(userId, "rsa1024", "rsa1024");
    }

    public String exportArmored(String fingerprint) throws IOException {
        return run("--armor", "--export", fingerprint);
    }

    public String exportSecretArmored(String fingerprint) throws IOException {
        return run("--armor", "--export-secret-keys", fingerprint);
    }

    /** Imports an armored key; throws when gpg refuses it. */
    public void importKey(String armored) throws IOException {
        Path file = Files.createTempFile(home, "import", ".asc");
        Files.writeString(file, armored, StandardCharsets.US_ASCII);
        run("--import", file.toString());
    }

    /** The user IDs of the key with this fingerprint, as gpg lists them. */
    public List<String> userIds(String fingerprint) throws IOException {
        return Arrays.stream(run("--with-colons", "--list-keys", fingerprint).split("\n"))
            .filter(line -> line.startsWith("uid:"))
            .map(line -> line.split(":", -1)[9])
            .collect(Collectors.toList());
    }

    /** The fingerprints of the primary keys in this home's public keyring. */
    public List<String> fingerprints() throws IOException {
        List<String> fingerprints = new ArrayList<>();
        boolean afterPrimary = false;
        for (String line : run("--with-colons", "--list-keys").split("\n")) {
            if (line.startsWith("pub:")) {
                afterPrimary = true;
            } else if (line.startsWith("fpr:") && afterPrimary) {
                fingerprints.add(line.split(":", -1)[9]);
                afterPrimary = false;
            } else if (line.startsWith("sub:")) {
                afterPrimary = false;
            }
        }
        return fingerprints;
    }

    /** How many signature packets gpg lists on the key (self-signatures and certifications). */
    public long signatureCount(String fingerprint) throws IOException {
        return Arrays.stream(run("--with-colons", "--list-sigs", fingerprint).split("\n"))
            .filter(line -> line.startsWith("sig:"))
            .count();
    }

    /** Adds a subkey, e.g. {@code ("ed25519", "sign")}. */
    public void addSubkey(String fingerprint, String algorithm, String usage) throws IOException {
        run("--quick-add-key", fingerprint, algorithm, usage, "0");
    }

    /** Adds a user ID to the key with this fingerprint, self-signed. */
    public void addUserId(String fingerprint, String userId) throws IOException {
        run("--quick-add-uid", fingerprint, userId);
    }

    /** The key as binary packets, as a mail program would send it. */
    public byte[] exportBinary(String fingerprint) throws IOException {
        return runForBytes("--export", fingerprint);
    }

    /** Imports binary key packets; throws when gpg refuses them. */
    public void importBinary(byte[] keyBytes) throws IOException {
        Path file = Files.createTempFile(home, "import", ".gpg");
        Files.write(file, keyBytes);
        run("--import", file.toString());
    }

    /** {@code gpg --with-colons --list-keys}: one line per record (pub, fpr, uid, sub...). */
    public List<String> colonListing() throws IOException {
        return Arrays.asList(run("--with-colons", "--list-keys").split("\n"));
    }

    /**
     * {@code gpg --keyserver KEYSERVER --auto-key-locate clear,keyserver --locate-keys ADDRESS}: what an unmodified
     * GnuPG does to find an address's key at a keyserver (its dirmngr, started by gpg in this home and stopped by
     * {@link #close()}, sends the HKP request). Throws when gpg finds none.
     */
    public String locateKeys(String keyserver, String address) throws IOException {
        return run("--keyserver", keyserver, "--auto-key-locate", "clear,keyserver", "--locate-keys", address);
    }

    /** {@code gpg --recv-keys FINGERPRINT} from the keyserver named in this home's dirmngr.conf. */
    public String receiveKeys(String fingerprint) throws IOException {
        return run("--recv-keys", fingerprint);
    }

    /** Writes this home's {@code dirmngr.conf}, e.g. {@code keyserver hkp://127.0.0.1:11371}, as a user would. */
    public void writeDirmngrConf(String content) throws IOException {
        Files.writeString(home.resolve("dirmngr.conf"), content, StandardCharsets.UTF_8);
    }

    /** How many subkeys the key with this fingerprint has in this keyring. */
    public long subkeyCount(String fingerprint) throws IOException {
        return Arrays.stream(run("--with-colons", "--list-keys", fingerprint).split("\n"))
            .filter(line -> line.startsWith("sub:"))
            .count();
    }

    /** Sets the expiry of the key and of all its subkeys, e.g. {@code "10d"} ({@code gpg --quick-set-expire}). */
    public void setExpiry(String fingerprint, String period) throws IOException {
        run("--quick-set-expire", fingerprint, period);
        run("--quick-set-expire", fingerprint, period, "*");
    }

    /** {@code gpg} on this home with the options of every call here, then {@code arguments}; the caller runs it. */
    public Command gpg(String... arguments) {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--yes",
            "--no-tty", "--pinentry-mode", "loopback", "--passphrase", ""));
        command.addAll(List.of(arguments));
        return Command.of(command).env("GNUPGHOME", home.toString());
    }

    /** Another GnuPG program (gpg-wks-client, gpg-wks-server, gpgconf...) seeing this home as GNUPGHOME. */
    public Command program(String... command) {
        return Command.of(command).env("GNUPGHOME", home.toString());
    }

    /** Stops every daemon this home started (gpg-agent, dirmngr, keyboxd), so that its folder can be removed. */
    @Override
    public void close() throws IOException, InterruptedException {
        Command.of("gpgconf", "--kill", "all").env("GNUPGHOME", home.toString()).discardOutput()
            .run(Duration.ofSeconds(30));
    }

    private String generate(String userId, String primaryAlgorithm, String subkeyAlgorithm) throws IOException {
        run("--quick-gen-key", userId, primaryAlgorithm, "default", "0");
        String fingerprint = fingerprintOf(userId);
        run("--quick-add-key", fingerprint, subkeyAlgorithm, "encr", "0");
        return fingerprint;
    }

    private String fingerprintOf(String userId) throws IOException {
        for (String line : run("--with-colons", "--list-keys", "=" + userId).split("\n")) {
            if (line.startsWith("fpr:")) {
                return line.split(":", -1)[9];
            }
        }
        throw new IOException("no key for " + userId);
    }

    private String run(String... arguments) throws IOException {
        return new String(runForBytes(arguments), StandardCharsets.UTF_8);
    }

    private byte[] runForBytes(String... arguments) throws IOException {
        Command.Finished finished;
        try {
            finished = gpg(arguments).run(Duration.ofSeconds(120));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (finished.exitCode() != 0) {
            throw new IOException("gpg " + String.join(" ", arguments) + " failed: " + finished.errors());
        }
        return finished.outputBytes();
    }
}
