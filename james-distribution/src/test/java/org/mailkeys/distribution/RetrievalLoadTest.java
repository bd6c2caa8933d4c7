package org.mailkeys.distribution;

import static java.util.stream.Collectors.toList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mailkeys.distribution.testjames.TestJames.DOMAIN;
import static org.mailkeys.distribution.testjames.TestJames.REQUESTER_DOMAIN;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.PublicKeys;
import org.mailkeys.protocol.RequestWriter;
import org.mailkeys.testing.KeyFixtures;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.ReceivedMail;
import org.mailkeys.testing.TestMessages;
import org.mailkeys.distribution.testjames.TestJames;


/**
 * Load: 2,000 retrieval requests over 8 concurrent SMTP connections (STARTTLS on the MX listener) into one James,
 * half for a published key and half for an unknown address, from 40 requesters. Exactly 2,000 answers arrive, one per
 * request (matched by In-Reply-To): none lost, none doubled, each of the right kind with a MAC that verifies with that
 * request's own K_auth. Answer rates are raised for the test (every request comes from one IP and one domain).
 */
class RetrievalLoadTest {
    private static final int REQUESTS = 2_000;
    private static final int CONNECTIONS = 8;
    private static final int REQUESTER_COUNT = 40;
    private static final Duration ANSWERS_TIMEOUT = Duration.ofMinutes(3);
    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests()
        .withMailetParameter("perSender", "1000000")
        .withMailetParameter("perSenderDomain", "1000000");
    private static final ListenerPorts PORTS = RUNTIME.ports();
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String NOBODY = "nobody@" + DOMAIN;
    private static final List<String> REQUESTERS = IntStream.range(0, REQUESTER_COUNT)
        .mapToObj(i -> String.format(Locale.ROOT, "load%02d@%s", i, REQUESTER_DOMAIN))
        .collect(toList());

    @RegisterExtension
    static JamesServerExtension james = TestJames.perClassWithInboxCounts(RUNTIME);

    /** What the test keeps of a request it sent, to check its answer. */
    private static final class Sent {
        final String requester;
        final String queried;
        final KAuth kAuth;

        Sent(String requester, String queried, KAuth kAuth) {
            this.requester = requester;
            this.queried = queried;
            this.kAuth = kAuth;
        }
    }

    @Test
    void everyOneOfTwoThousandConcurrentRequestsShouldGetExactlyOneVerifiedAnswer(GuiceJamesServer server) throws Exception {
        List<String> users = new ArrayList<>(REQUESTERS);
        users.add(ALICE);
        TestJames.addDomainsAndUsers(server, users.toArray(new String[0]));
        KeyServiceClient client = new KeyServiceClient(PORTS);
        KeyServiceClient.SentRequest publication = client.publish(ALICE, KeyFixtures.text("alice.asc"));
        assertThat(Mailbox.imaps(PORTS.imaps, ALICE).awaitReplyTo(publication.messageId).answer()).isInstanceOf(KeyAnswer.Confirmation.class);

        Map<String, Sent> sent = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        ConcurrentSmtp.send(PORTS.smtpMx, "keys@" + DOMAIN, CONNECTIONS, REQUESTS, i -> {
            String requester = REQUESTERS.get(i % REQUESTER_COUNT);
            String queried = i % 2 == 0 ? ALICE : NOBODY;
            KAuth kAuth = KAuth.generate();
            TestMessages request = TestMessages.message(requester, "keys@" + DOMAIN, "Key request")
                .withBody(new RequestWriter().retrieval(queried, kAuth));
            sent.put(request.messageId(), new Sent(requester, queried, kAuth));
            return Map.entry(requester, request);
        });
        long sentAt = System.nanoTime();
        assertThat(sent).hasSize(REQUESTS);

        InboxCountProbe inboxes = server.getProbe(InboxCountProbe.class);
        await().atMost(ANSWERS_TIMEOUT).pollInterval(Duration.ofMillis(200))
            .until(() -> inboxes.total(REQUESTERS) >= REQUESTS);
        long answeredAt = System.nanoTime();
        System.out.printf("load: %d requests sent over %d connections in %d ms, all answered %d ms later%n",
            REQUESTS, CONNECTIONS, (sentAt - started) / 1_000_000, (answeredAt - sentAt) / 1_000_000);

        Map<String, Integer> answersPerRequest = new HashMap<>();
        int answers = 0;
        for (String requester : REQUESTERS) {
            // a read that times out on a loaded machine is read again
            List<ReceivedMail> mails = await().atMost(Duration.ofMinutes(2)).ignoreExceptions()
                .until(() -> Mailbox.imaps(PORTS.imaps, requester).messages(), any -> true);
            for (ReceivedMail mail : mails) {
                answers++;
                String inReplyTo = mail.inReplyTo().orElseThrow();
                answersPerRequest.merge(inReplyTo, 1, Integer::sum);
                Sent request = sent.get(inReplyTo);
                assertThat(request).as("the request answered by %s", inReplyTo).isNotNull();
                assertThat(request.requester).as("the answer's mailbox").isEqualTo(requester);
                KeyAnswer answer = mail.answer();
                if (request.queried.equals(ALICE)) {
                    assertThat(answer).isInstanceOf(KeyAnswer.KeyFound.class);
                    assertThat(((KeyAnswer.KeyFound) answer).verifies(request.kAuth)).as("MAC of the key answer").isTrue();
                    assertThat(PublicKeys.fingerprint(((KeyAnswer.KeyFound) answer).keyBytes())).hasValue(KeyFixtures.ALICE_FINGERPRINT);
                } else {
                    assertThat(answer).isInstanceOf(KeyAnswer.NotFound.class);
                    assertThat(((KeyAnswer.NotFound) answer).verifies(request.kAuth)).as("MAC of NOT-FOUND").isTrue();
                }
            }
        }
        assertThat(answers).as("answers in the requesters' INBOXes").isEqualTo(REQUESTS);
        assertThat(answersPerRequest).as("requests answered").hasSize(REQUESTS);
        assertThat(answersPerRequest.values()).as("answers per request").containsOnly(1);
        assertThat(inboxes.total(REQUESTERS)).as("no late duplicate").isEqualTo(REQUESTS);
        assertThat(HostileCorpusTest.errorRepositoryCount(server)).as("mails in James' error repositories").isZero();
    }
}
