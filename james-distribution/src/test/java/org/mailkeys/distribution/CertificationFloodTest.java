package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailkeys.distribution.testjames.TestJames.DOMAIN;
import static org.mailkeys.distribution.testjames.TestJames.REQUESTER_DOMAIN;

import java.nio.file.Path;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.distribution.KeyServiceClient.SentRequest;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.testing.GnuPG;
import org.mailkeys.testing.KeyFixtures;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * A key flooded with 2,000 third-party certifications (323 KB armored, over the default 64 KiB limit, so this
 * server allows 512 KiB): accepted, confirmed over what was sent, and stored without the certifications.
 */
class CertificationFloodTest {
    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests()
        .withMailKeysProperties("store=file", "store.file.directory=" + RuntimeFolder.KEY_STORE_FOLDER,
            "limit.publication.bytes=524288");
    private static final ListenerPorts PORTS = RUNTIME.ports();
    private static final KeyServiceClient CLIENT = new KeyServiceClient(PORTS);
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String BOB = "bob@" + REQUESTER_DOMAIN;

    @RegisterExtension
    static JamesServerExtension james = TestJames.perClass(RUNTIME);

    @BeforeAll
    static void addUsers(GuiceJamesServer server) throws Exception {
        TestJames.addDomainsAndUsers(server, ALICE, BOB);
    }

    @Test
    void keyWithTwoThousandCertificationsShouldBeStoredWithoutThem(@TempDir Path gnupgHomes) throws Exception {
        String flooded = KeyFixtures.text("alice-2000-certifications.asc");
        SentRequest publication = CLIENT.publish(ALICE, flooded);
        KeyAnswer confirmation = Mailbox.imaps(PORTS.imaps, ALICE).awaitReplyTo(publication.messageId).answer();
        assertThat(confirmation).isInstanceOf(KeyAnswer.Confirmation.class);
        assertThat(((KeyAnswer.Confirmation) confirmation).verifies(publication.kAuth, PublicKeyArmor.keyBytes(flooded))).isTrue();

        SentRequest retrieval = CLIENT.requestKey(BOB, ALICE);
        KeyAnswer served = Mailbox.imaps(PORTS.imaps, BOB).awaitReplyTo(retrieval.messageId).answer();

        assertThat(served).isInstanceOf(KeyAnswer.KeyFound.class);
        KeyAnswer.KeyFound found = (KeyAnswer.KeyFound) served;
        assertThat(found.verifies(retrieval.kAuth)).isTrue();
        assertThat(found.keyBytes().length).isLessThan(PublicKeyArmor.keyBytes(KeyFixtures.text("alice.asc")).length + 64);
        try (GnuPG flooded2000 = new GnuPG(gnupgHomes.resolve("flooded")); GnuPG sanitised = new GnuPG(gnupgHomes.resolve("sanitised"))) {
            flooded2000.importKey(flooded);
            sanitised.importKey(PublicKeyArmor.armor(found.keyBytes()));
            assertThat(sanitised.fingerprints()).containsExactly(KeyFixtures.ALICE_FINGERPRINT);
            assertThat(sanitised.userIds(KeyFixtures.ALICE_FINGERPRINT)).containsExactly("Alice <alice@example.net>");
            assertThat(flooded2000.signatureCount(KeyFixtures.ALICE_FINGERPRINT)).isGreaterThanOrEqualTo(2000);
            assertThat(sanitised.signatureCount(KeyFixtures.ALICE_FINGERPRINT)).isLessThanOrEqualTo(3);
        }
    }
}
