package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailkeys.distribution.MailKeysServer.DOMAIN;
import static org.mailkeys.distribution.MailKeysServer.REQUESTER_DOMAIN;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.distribution.KeyServiceClient.SentRequest;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.protocol.PublicKeys;
import org.mailkeys.testing.KeyFixtures;
import org.mailkeys.testing.Mailbox;

/**
 * The distribution as an operator runs it: bin/mailkeys-server, twice on the same runtime folder. The extension is
 * loaded from extensions-jars/ with James' parent-first class loading, and keys outlive the restart.
 */
class PackagedServerTest {
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String BOB = "bob@" + REQUESTER_DOMAIN;

    @Test
    void keyPublishedBeforeARestartOfTheScriptShouldBeServedAfterIt(@TempDir Path folder) throws Exception {
        Path runtime = folder.resolve("runtime");
        String armored = KeyFixtures.text("alice.asc");
        PackagedServer server = PackagedServer.forRuntime(runtime);
        KeyServiceClient client = new KeyServiceClient(server.ports());

        try (PackagedServer first = server.start()) {
            first.addDomainAndUsers(DOMAIN, ALICE);
            first.addDomainAndUsers(REQUESTER_DOMAIN, BOB);
            SentRequest publication = client.publish(ALICE, armored);
            KeyAnswer confirmation = Mailbox.imaps(first.ports().imaps, ALICE).awaitReplyTo(publication.messageId).answer();
            assertThat(confirmation).isInstanceOf(KeyAnswer.Confirmation.class);
            assertThat(((KeyAnswer.Confirmation) confirmation).verifies(publication.kAuth, PublicKeyArmor.keyBytes(armored))).isTrue();

            assertThat(first.stop()).isZero();
            assertThat(first.stderrText()).contains("James stopped");
        }
        assertThat(runtime.resolve("extensions-jars/mailkeys-extension.jar")).isRegularFile();
        assertThat(runtime.resolve("var/keystore.p12")).isRegularFile();

        try (PackagedServer second = server.start()) {
            // the memory server forgot domains, users and mail; the file store did not
            second.addDomainAndUsers(DOMAIN, ALICE);
            second.addDomainAndUsers(REQUESTER_DOMAIN, BOB);
            SentRequest retrieval = client.requestKey(BOB, ALICE);
            KeyAnswer served = Mailbox.imaps(second.ports().imaps, BOB).awaitReplyTo(retrieval.messageId).answer();

            assertThat(served).isInstanceOf(KeyAnswer.KeyFound.class);
            assertThat(((KeyAnswer.KeyFound) served).verifies(retrieval.kAuth)).isTrue();
            assertThat(PublicKeys.fingerprint(((KeyAnswer.KeyFound) served).keyBytes())).hasValue(KeyFixtures.ALICE_FINGERPRINT);
            assertThat(second.stop()).isZero();
        }
    }
}
