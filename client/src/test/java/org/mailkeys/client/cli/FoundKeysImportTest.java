package org.mailkeys.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.client.Outcome;
import org.mailkeys.testing.GnuPG;

/**
 * {@code --import} puts only the user ID of the queried address into the user's GnuPG ({@code --import-filter
 * keep-uid}), whatever else the key carries. Runs the real gpg, in homes of the harness, which stops their agents
 * before JUnit removes the folder.
 */
class FoundKeysImportTest {
    @TempDir
    Path folder;

    @Test
    void importShouldKeepOnlyTheUserIdOfTheQueriedAddress() throws Exception {
        try (GnuPG maker = new GnuPG(folder.resolve("maker")); GnuPG user = new GnuPG(folder.resolve("user"))) {
            String fingerprint = maker.generateEd25519("Alice <alice@example.net>");
            maker.addUserId(fingerprint, "Bob <bob@example.net>");
            byte[] twoUserIds = maker.exportBinary(fingerprint);

            new FoundKeys(null, true, new GnuPg(wrapperFor(user.home()).toString())).handle(
                List.of(new Outcome.KeyFound("alice@example.net", twoUserIds, "ANY", false)),
                new ResultPrinter(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false,
                    false));

            assertThat(user.userIds(fingerprint)).containsExactly("Alice <alice@example.net>");
        }
    }

    /** A gpg that uses the given home: GnuPg passes its own environment on, so the test names the home here. */
    private Path wrapperFor(Path home) throws IOException {
        Path script = folder.resolve("gpg-" + home.getFileName());
        Files.writeString(script, "#!/bin/sh\nGNUPGHOME='" + home + "' exec gpg \"$@\"\n");
        Files.setPosixFilePermissions(script, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_EXECUTE));
        return script;
    }
}
