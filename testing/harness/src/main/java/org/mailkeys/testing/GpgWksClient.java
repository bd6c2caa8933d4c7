package org.mailkeys.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * GnuPG's own, unmodified Web Key Service client ({@code gpg-wks-client}) on a {@link GnuPG} home, as a mail program
 * runs it: {@code --create} writes a submission mail, {@code --receive} reads a confirmation request and writes the
 * response mail. With {@code --fake-submission-addr} and the submission key in the home's keyring, no network look-up
 * is needed (GnuPG's own tests run it this way). Every process it starts is waited for, and killed when it overruns;
 * the daemons it starts in the home (gpg-agent, dirmngr) are stopped by {@link GnuPG#close()}.
 */
public final class GpgWksClient {
    public static final Path EXECUTABLE = Path.of("/usr/lib/gnupg/gpg-wks-client");
    private static final long TIMEOUT_SECONDS = 120;

    private final GnuPG home;

    public GpgWksClient(GnuPG home) {
        this.home = home;
    }

    public static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** What one run printed, and how it ended. */
    public static final class Result {
        public final int exitCode;
        public final String output;
        public final String errors;

        Result(int exitCode, String output, String errors) {
            this.exitCode = exitCode;
            this.output = output;
            this.errors = errors;
        }
    }

    /** {@code --create --fake-submission-addr}: the submission mail of the key for the address, with CRLF line ends. */
    public String createSubmission(String submissionAddress, String fingerprint, String address) throws IOException {
        Result result = run(null, Map.of(), "--create", "--fake-submission-addr", submissionAddress, fingerprint,
            address);
        if (result.exitCode != 0 || result.output.isEmpty()) {
            throw new IOException("gpg-wks-client --create failed (" + result.exitCode + "): " + result.errors);
        }
        return crlf(result.output);
    }

    /**
     * {@code --receive}: reads a mail from the service; for a confirmation request, returns the response mail it wrote
     * (CRLF line ends), empty when it wrote none. Offline, it exits 1 after writing a good response (its WKD look-up of
     * the submission key fails before the local keyring is used): the mail written is what counts.
     */
    public Result receive(String mail) throws IOException {
        Result result = run(mail.getBytes(StandardCharsets.UTF_8), Map.of(), "--receive");
        return new Result(result.exitCode, crlf(result.output), result.errors);
    }

    /** Any other command (for example {@code --supported} or {@code --check}), with extra environment variables. */
    public Result run(byte[] input, Map<String, String> environment, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(EXECUTABLE.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("GNUPGHOME", home.home().toString());
        builder.environment().putAll(environment);
        Path output = Files.createTempFile(home.home(), "wks", ".out");
        Path errors = Files.createTempFile(home.home(), "wks", ".err");
        builder.redirectOutput(output.toFile()).redirectError(errors.toFile());
        Process process = builder.start();
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input);
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                ExternalPrograms.stop(process);
                throw new IOException("gpg-wks-client timed out: " + command);
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8),
                Files.readString(errors, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            ExternalPrograms.stop(process);
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            if (process.isAlive()) {
                ExternalPrograms.stop(process);
            }
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }

    private static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }
}
