package org.mailkeys.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.client.Outcome;

/**
 * {@code --import} puts only the user ID of the queried address into the user's GnuPG ({@code --import-filter
 * keep-uid}), whatever else the key carries. Runs the real gpg, in homes of its own.
 */
class FoundKeysImportTest {
    @TempDir
    Path folder;

    @Test
    void importShouldKeepOnlyTheUserIdOfTheQueriedAddress() throws Exception {
        Path maker = home("maker");
        gpg(maker, "--quick-gen-key", "Alice <alice@example.net>", "ed25519", "cert", "0");
        gpg(maker, "--quick-add-uid", "alice@example.net", "Bob <bob@example.net>");
        byte[] twoUserIds = gpg(maker, "--export", "alice@example.net");
        Path user = home("user");

        new FoundKeys(null, true, new GnuPg(wrapperFor(user).toString())).handle(
            List.of(new Outcome.KeyFound("alice@example.net", twoUserIds, "ANY", false)),
            new ResultPrinter(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, false));

        List<String> userIds = new ArrayList<>();
        for (String line : new String(gpg(user, "--list-keys", "--with-colons"), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("uid:")) {
                userIds.add(line.split(":")[9]);
            }
        }
        assertThat(userIds).containsExactly("Alice <alice@example.net>");
    }

    private Path home(String name) throws IOException {
        Path home = folder.resolve(name);
        Files.createDirectories(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return home;
    }

    /** A gpg that uses the given home: GnuPg passes its own environment on, so the test names the home here. */
    private Path wrapperFor(Path home) throws IOException {
        Path script = folder.resolve("gpg-" + home.getFileName());
        Files.writeString(script, "#!/bin/sh\nGNUPGHOME='" + home + "' exec gpg \"$@\"\n");
        Files.setPosixFilePermissions(script, Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE));
        return script;
    }

    private static byte[] gpg(Path home, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("gpg", "--batch", "--quiet", "--pinentry-mode", "loopback",
            "--passphrase", ""));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("GNUPGHOME", home.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor()).as(command.stream().collect(Collectors.joining(" "))).isZero();
        return output;
    }
}
