package org.mailkeys.client.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.mailkeys.protocol.MailAddresses;

/**
 * The user's GnuPG: exports the account's public key (never a secret one) and imports found keys. The
 * environment, and with it GNUPGHOME, is passed on unchanged.
 */
final class GnuPg {
    private final String program;

    GnuPg(String program) {
        this.program = program;
    }

    /** {@code gpg --export --armor <account>}: the public key(s) whose user ID has that address. */
    byte[] exportPublicKey(String account) {
        byte[] exact = run(List.of("--batch", "--export", "--armor", "<" + account + ">"), new byte[0]);
        if (exact.length > 0) {
            return exact;
        }
        byte[] loose = run(List.of("--batch", "--export", "--armor", account), new byte[0]);
        if (loose.length == 0) {
            throw new CliException(ExitCodes.GPG_FAILED, "GnuPG has no public key for " + account);
        }
        return loose;
    }

    /**
     * {@code gpg --import} of one armored public key, keeping only the user IDs whose mail address is the queried
     * one ({@code --import-filter keep-uid=mbox = <address>}, compared case-insensitively by GnuPG): even a key that
     * passed the checks never brings another address's user ID into the keyring. Returns what gpg said.
     */
    String importKey(String armoredKey, String queriedAddress) {
        if (!MailAddresses.isPlausible(queriedAddress)) {
            throw new CliException(ExitCodes.USAGE, "not a mail address: " + queriedAddress);
        }
        byte[] output = run(List.of("--batch", "--import-filter", "keep-uid=mbox = " + queriedAddress, "--import"),
                armoredKey.getBytes(StandardCharsets.US_ASCII));
        return new String(output, StandardCharsets.UTF_8);
    }

    /**
     * {@code gpg --quick-set-expire FPR PERIOD}, then the same for every subkey ({@code '*'}): no {@code --batch}, so
     * GnuPG asks for the passphrase its own way (its pinentry) when the secret key needs one.
     */
    void extendExpiry(String fingerprint, String period) {
        if (!fingerprint.matches("[0-9A-Fa-f]{40}|[0-9A-Fa-f]{64}") || !period.matches("[0-9]{1,4}[dwmy]?")) {
            throw new CliException(ExitCodes.USAGE, "not a fingerprint and period: " + fingerprint + " " + period);
        }
        run(List.of("--quick-set-expire", fingerprint, period), new byte[0]);
        run(List.of("--quick-set-expire", fingerprint, period, "*"), new byte[0]);
    }

    private byte[] run(List<String> arguments, byte[] input) {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(arguments);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input);
            }
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> copy(process.getErrorStream(), stderr));
            errReader.start();
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            copy(process.getInputStream(), stdout);
            int status = process.waitFor();
            errReader.join();
            if (status != 0) {
                throw new CliException(ExitCodes.GPG_FAILED, program + " " + String.join(" ", arguments) + " failed (exit status "
                        + status + "): " + stderr.toString(StandardCharsets.UTF_8).strip());
            }
            // gpg --import reports on stderr
            return arguments.contains("--import") ? stderr.toByteArray() : stdout.toByteArray();
        } catch (IOException e) {
            throw new CliException(ExitCodes.GPG_FAILED, "cannot run " + program + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.GPG_FAILED, "interrupted while running " + program);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            // the exit status tells
        }
    }
}
