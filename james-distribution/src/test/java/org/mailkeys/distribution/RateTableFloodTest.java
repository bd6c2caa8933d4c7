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
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.RequestWriter;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.SmtpSession;
import org.mailkeys.testing.TestMessages;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * One host fills the rate table with random MAIL FROM domains (issue 18 item 1), on a server whose table holds 100
 * counters: a new requester from another address must still get its answer. Before the fix every flood request took
 * two counters, the table filled and the new requester was dropped as {@code rate-table-full}.
 */
class RateTableFloodTest {
    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests().withMailetParameter("maxTrackedKeys", "100");
    private static final ListenerPorts PORTS = RUNTIME.ports();
    private static final String CAROL = "carol@" + REQUESTER_DOMAIN;
    private static final String NOBODY = "nobody@" + DOMAIN;
    private static final int FLOOD = 150;

    @RegisterExtension
    static JamesServerExtension james = TestJames.perClass(RUNTIME);

    private static GuiceJamesServer server;

    @BeforeAll
    static void addUsers(GuiceJamesServer james) throws Exception {
        server = james;
        TestJames.addDomainsAndUsers(james, CAROL);
    }

    @Test
    void aFloodFromOneAddressWithRandomSenderDomainsShouldNotSilenceANewRequesterFromAnother() throws Exception {
        MetricsProbe metrics = server.getProbe(MetricsProbe.class);
        RequestWriter requests = new RequestWriter();
        try (SmtpSession flood = SmtpSession.startTls(PORTS.smtpMx)) {
            for (int i = 0; i < FLOOD; i++) {
                String sender = "x" + i + "@r" + i + ".flood.test";
                flood.send(sender, "keys@" + DOMAIN, TestMessages.message(sender, "keys@" + DOMAIN, "Key request")
                    .withBody(requests.retrieval(NOBODY, KAuth.generate())).raw());
            }
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
            .until(() -> metrics.count("mailkeys.dropped.rate-table-client-share")
                + metrics.count("mailkeys.dropped.rate-table-full") >= FLOOD - 60);

        KAuth kAuth = KAuth.generate();
        TestMessages carols = TestMessages.message(CAROL, "keys@" + DOMAIN, "Key request")
            .withBody(requests.retrieval(NOBODY, kAuth));
        try (SmtpSession fromAnotherAddress = SmtpSession.startTlsFrom("127.0.0.2", PORTS.smtpMx)) {
            fromAnotherAddress.send(CAROL, "keys@" + DOMAIN, carols.raw());
        }

        KeyAnswer answer = Mailbox.imaps(PORTS.imaps, CAROL).awaitReplyTo(carols.messageId()).answer();
        assertThat(answer).isInstanceOf(KeyAnswer.NotFound.class);
        assertThat(((KeyAnswer.NotFound) answer).verifies(kAuth)).isTrue();
        assertThat(metrics.count("mailkeys.dropped.rate-table-full")).isZero();
    }
}
