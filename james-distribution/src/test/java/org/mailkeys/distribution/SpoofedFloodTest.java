package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mailkeys.distribution.testjames.TestJames.DOMAIN;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.RequestWriter;
import org.mailkeys.testing.GnuPG;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.TestMessages;
import org.mailkeys.distribution.testjames.TestJames;


/**
 * A flood of 1,000 anonymous retrieval requests whose envelope sender is a victim's address (docs/PROTOCOL.md 5): at most
 * the configured answers reach the victim (the shipped per-sender limit, plus the one {@code rate-limited} error),
 * and the victim's own publication, sent with SMTP AUTH, still gets its confirmation, because authenticated mail is
 * counted against its account alone (issue 13 item 5). The shipped answer rates are kept, per client IP included.
 */
class SpoofedFloodTest {
    private static final int SPOOFED = 1_000;
    private static final int CONNECTIONS = 4;
    /** The shipped limits (conf/mailetcontainer.xml): 10 answers per sender address, 60 per client IP, per hour. */
    private static final int PER_SENDER = 10;
    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests().withMailetParameter("perClientIp", "60");
    private static final ListenerPorts PORTS = RUNTIME.ports();
    private static final String VICTIM = "victim@" + DOMAIN;

    @RegisterExtension
    static JamesServerExtension james = TestJames.perClassWithInboxCounts(RUNTIME);

    @TempDir
    static Path gnupgHome;

    @Test
    void aThousandSpoofedRequestsShouldNeitherFloodNorSilenceTheVictim(GuiceJamesServer server) throws Exception {
        TestJames.addDomainsAndUsers(server, VICTIM);
        MetricsProbe metrics = server.getProbe(MetricsProbe.class);
        long silencedBefore = metrics.count("mailkeys.dropped.rate-limited");

        ConcurrentSmtp.send(PORTS.smtpMx, "keys@" + DOMAIN, CONNECTIONS, SPOOFED, i -> Map.entry(VICTIM,
            TestMessages.message(VICTIM, "keys@" + DOMAIN, "Key request")
                .withBody(new RequestWriter().retrieval("nobody@" + DOMAIN, KAuth.generate()))));
        // every spoofed request has been handled once all but the answered ones were silenced
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
            .until(() -> metrics.count("mailkeys.dropped.rate-limited") - silencedBefore >= SPOOFED - PER_SENDER - 1);

        KeyServiceClient.SentRequest publication = new KeyServiceClient(PORTS).publish(VICTIM, victimKey());
        KeyAnswer confirmation = Mailbox.imaps(PORTS.imaps, VICTIM).awaitReplyTo(publication.messageId).answer();

        assertThat(confirmation).as("the victim's own publication is answered").isInstanceOf(KeyAnswer.Confirmation.class);
        long inbox = server.getProbe(InboxCountProbe.class).total(List.of(VICTIM));
        System.out.printf("flood: %d spoofed requests, %d mails reached the victim besides the confirmation%n", SPOOFED, inbox - 1);
        assertThat(inbox - 1).as("answers to spoofed requests that reached the victim").isLessThanOrEqualTo(PER_SENDER + 1);
    }

    /** A key for the victim, made by GnuPG like a user's. */
    private static String victimKey() throws Exception {
        try (GnuPG gnupg = new GnuPG(gnupgHome)) {
            return gnupg.exportArmored(gnupg.generateEd25519("Victim <" + VICTIM + ">"));
        }
    }
}
