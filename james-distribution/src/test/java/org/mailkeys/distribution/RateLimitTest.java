package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mailkeys.distribution.testjames.TestJames.DOMAIN;
import static org.mailkeys.distribution.testjames.TestJames.REQUESTER_DOMAIN;

import java.time.Duration;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailkeys.distribution.KeyServiceClient.SentRequest;
import org.mailkeys.protocol.ErrorCode;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.distribution.testjames.TestJames;

/** Answer rates (docs/PROTOCOL.md section 5), with a limit of 2 answers per sender configured for this server. */
class RateLimitTest {
    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests().withMailetParameter("perSender", "2");
    private static final ListenerPorts PORTS = RUNTIME.ports();
    private static final KeyServiceClient CLIENT = new KeyServiceClient(PORTS);
    private static final String BOB = "bob@" + REQUESTER_DOMAIN;
    private static final String CAROL = "carol@" + REQUESTER_DOMAIN;
    private static final String NOBODY = "nobody@" + DOMAIN;
    private static final String ALICE = "alice@" + DOMAIN;

    @RegisterExtension
    static JamesServerExtension james = TestJames.perClass(RUNTIME);

    private static GuiceJamesServer server;

    @BeforeAll
    static void addUsers(GuiceJamesServer james) throws Exception {
        server = james;
        TestJames.addDomainsAndUsers(james, BOB, CAROL, ALICE);
    }

    @Test
    void senderOverTheLimitShouldGetOneRateLimitedAnswerThenSilence() throws Exception {
        Mailbox bob = Mailbox.imaps(PORTS.imaps, BOB);
        for (int i = 0; i < 2; i++) {
            SentRequest request = CLIENT.requestKey(BOB, NOBODY);
            assertThat(bob.awaitReplyTo(request.messageId).answer()).isInstanceOf(KeyAnswer.NotFound.class);
        }

        SentRequest overTheLimit = CLIENT.requestKey(BOB, NOBODY);
        KeyAnswer rateLimited = bob.awaitReplyTo(overTheLimit.messageId).answer();
        assertThat(rateLimited).isInstanceOf(KeyAnswer.Error.class);
        assertThat(((KeyAnswer.Error) rateLimited).code()).hasValue(ErrorCode.RATE_LIMITED);
        assertThat(((KeyAnswer.Error) rateLimited).verifies(overTheLimit.kAuth)).isTrue();

        MetricsProbe metrics = server.getProbe(MetricsProbe.class);
        long droppedBefore = metrics.count("mailkeys.dropped.rate-limited");
        SentRequest silenced = CLIENT.requestKey(BOB, NOBODY);
        await().atMost(Mailbox.ANSWER_TIMEOUT).pollInterval(Duration.ofMillis(50))
            .until(() -> metrics.count("mailkeys.dropped.rate-limited") > droppedBefore);

        // another sender is still answered; once it is, a wrong answer to bob would have arrived too
        SentRequest carols = CLIENT.requestKey(CAROL, NOBODY);
        assertThat(Mailbox.imaps(PORTS.imaps, CAROL).awaitReplyTo(carols.messageId).answer()).isInstanceOf(KeyAnswer.NotFound.class);
        assertThat(bob.currentReplyTo(silenced.messageId)).isEmpty();
    }

    /**
     * Anonymous requests that forge alice's address as envelope sender use up the limit of that sender, not of
     * alice's account: her own DELETE, sent with SMTP AUTH, is still applied and answered (docs/PROTOCOL.md 5).
     */
    @Test
    void forgedRequestsInAUsersNameShouldNotSilenceItsOwnDeletion() throws Exception {
        MetricsProbe metrics = server.getProbe(MetricsProbe.class);
        long droppedBefore = metrics.count("mailkeys.dropped.rate-limited");
        for (int i = 0; i < 4; i++) {
            CLIENT.requestKey(ALICE, NOBODY);
        }
        await().atMost(Mailbox.ANSWER_TIMEOUT).pollInterval(Duration.ofMillis(50))
            .until(() -> metrics.count("mailkeys.dropped.rate-limited") > droppedBefore);

        SentRequest deletion = CLIENT.delete(ALICE);

        KeyAnswer answer = Mailbox.imaps(PORTS.imaps, ALICE).awaitReplyTo(deletion.messageId).answer();
        assertThat(answer).isInstanceOf(KeyAnswer.Deleted.class);
        assertThat(((KeyAnswer.Deleted) answer).verifies(deletion.kAuth)).isTrue();
    }
}
