package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.testing.GnuPG;

/** The test harness' GnuPG: keys a user's tool makes, and import as a user's tool does. */
class GnuPGTest {
    @Test
    void keysShouldTravelBetweenHomesWithTheirUserId(@TempDir Path folder) throws Exception {
        try (GnuPG maker = new GnuPG(folder.resolve("maker")); GnuPG reader = new GnuPG(folder.resolve("reader"))) {
            String ed25519 = maker.generateEd25519("Alice <alice@example.net>");
            String rsa = maker.generateRsa3072("Carol <carol@example.net>");

            reader.importKey(maker.exportArmored(ed25519));
            reader.importKey(maker.exportArmored(rsa));

            assertThat(reader.fingerprints()).containsExactlyInAnyOrder(ed25519, rsa);
            assertThat(reader.userIds(ed25519)).containsExactly("Alice <alice@example.net>");
            assertThat(reader.userIds(rsa)).containsExactly("Carol <carol@example.net>");
        }
    }
}
