package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailkeys.distribution.MailKeysServer.DOMAIN;
import static org.mailkeys.distribution.MailKeysServer.REQUESTER_DOMAIN;

import java.time.Duration;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailkeys.distribution.KeyServiceClient.SentRequest;
import org.mailkeys.protocol.ErrorCode;
import org.mailkeys.protocol.HostileKeys;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.testing.Mailbox;

/**
 * Regression tests, through a real James, for the ways the KST gave way to an attacker (issue "The KST under
 * attack"): each must be answered as PROTOCOL.md says, quickly, with nothing stored, and the server keeps serving.
 */
class KeyServiceHardeningTest {
    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests().withMailetParameter("perSender", "1000");
    private static final ListenerPorts PORTS = RUNTIME.ports();
    private static final KeyServiceClient CLIENT = new KeyServiceClient(PORTS);
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String BOB = "bob@" + REQUESTER_DOMAIN;
    /** A normal publication is answered in one to two seconds; the hostile key below cost over 15 s before. */
    private static final Duration QUICK_ANSWER = Duration.ofSeconds(8);

    @RegisterExtension
    static JamesServerExtension james = MailKeysServer.perClass(RUNTIME);

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        MailKeysServer.addDomainsAndUsers(server, ALICE, BOB);
    }

    @Test
    void aDsaKeyOf16384BitsShouldBeRefusedAsBadKeyWithoutHoldingTheSpool() throws Exception {
        String hostile = PublicKeyArmor.armor(HostileKeys.dsa(16_384, 16_384, 6, "Alice <" + ALICE + ">"));
        assertThat(hostile.length()).isLessThan(64 * 1024);

        long start = System.nanoTime();
        SentRequest publication = CLIENT.publish(ALICE, hostile);
        KeyAnswer answer = Mailbox.imaps(PORTS.imaps, ALICE).awaitReplyTo(publication.messageId).answer();
        Duration answeredAfter = Duration.ofNanos(System.nanoTime() - start);

        assertThat(answer).isInstanceOf(KeyAnswer.Error.class);
        KeyAnswer.Error error = (KeyAnswer.Error) answer;
        assertThat(error.code()).as(error.statusLine()).hasValue(ErrorCode.BAD_KEY);
        assertThat(error.statusLine()).contains("DSA");
        assertThat(error.verifies(publication.kAuth)).isTrue();
        assertThat(answeredAfter).isLessThan(QUICK_ANSWER);
        assertNothingStoredFor(ALICE);
    }

    private static void assertNothingStoredFor(String address) throws Exception {
        SentRequest retrieval = CLIENT.requestKey(BOB, address);
        KeyAnswer answer = Mailbox.imaps(PORTS.imaps, BOB).awaitReplyTo(retrieval.messageId).answer();
        assertThat(answer).isInstanceOf(KeyAnswer.NotFound.class);
        assertThat(((KeyAnswer.NotFound) answer).verifies(retrieval.kAuth)).isTrue();
    }
}
