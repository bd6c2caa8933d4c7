package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailkeys.distribution.testjames.TestJames.DOMAIN;
import static org.mailkeys.distribution.testjames.TestJames.REQUESTER_DOMAIN;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.james.GuiceJamesServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.distribution.KeyServiceClient.SentRequest;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.PublicKeys;
import org.mailkeys.testing.KeyFixtures;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * Keys published before a restart are served after it: the file store under the runtime's var/ folder, with James
 * stopped and started again in this JVM (so the extension must release the store when James stops).
 * PackagedServerTest checks the same across two processes.
 */
class RestartTest {
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String BOB = "bob@" + REQUESTER_DOMAIN;

    @Test
    void keyPublishedBeforeARestartShouldBeServedAfterIt(@TempDir Path runtimeRoot) throws Exception {
        RuntimeFolder runtime = RuntimeFolder.forTests();
        KeyServiceClient client = new KeyServiceClient(runtime.ports());
        String armored = KeyFixtures.text("alice.asc");

        GuiceJamesServer first = TestJames.onFolder(runtime, runtimeRoot);
        first.start();
        try {
            TestJames.addDomainsAndUsers(first, ALICE, BOB);
            SentRequest publication = client.publish(ALICE, armored);
            assertThat(Mailbox.imaps(runtime.ports().imaps, ALICE).awaitReplyTo(publication.messageId).answer())
                .isInstanceOf(KeyAnswer.Confirmation.class);
        } finally {
            first.stop();
        }
        assertThat(runtimeRoot.resolve(RuntimeFolder.KEY_STORE_FOLDER)).isDirectory();

        GuiceJamesServer second = TestJames.onFolder(runtime, runtimeRoot);
        second.start();
        try {
            // the memory server forgets its domains, users and mailboxes, the key store does not
            TestJames.addDomainsAndUsers(second, ALICE, BOB);
            SentRequest retrieval = client.requestKey(BOB, ALICE);
            KeyAnswer served = Mailbox.imaps(runtime.ports().imaps, BOB).awaitReplyTo(retrieval.messageId).answer();

            assertThat(served).isInstanceOf(KeyAnswer.KeyFound.class);
            assertThat(((KeyAnswer.KeyFound) served).verifies(retrieval.kAuth)).isTrue();
            assertThat(PublicKeys.fingerprint(((KeyAnswer.KeyFound) served).keyBytes())).hasValue(KeyFixtures.ALICE_FINGERPRINT);
        } finally {
            second.stop();
        }
        assertThat(Files.exists(runtimeRoot.resolve("var/keystore.p12"))).isTrue();
    }
}
