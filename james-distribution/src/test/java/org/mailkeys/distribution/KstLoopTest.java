package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mailkeys.distribution.testjames.TestJames.DOMAIN;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.james.GuiceJamesServer;
import org.apache.james.utils.DataProbeImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.RequestWriter;
import org.mailkeys.testing.TestMessages;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * Two KSTs, each a real James in this JVM that sends remote mail to the other's MX listener, and forged requests made
 * to have them answer each other (docs/PROTOCOL.md 5): a request whose sender is the other KST's service address, and
 * requests whose sender is an alias the other provider forwards to its own keys@. Each KST answers at most once per
 * forged request; the answer (null sender, Auto-Submitted) reaching the other KST is dropped; then nothing moves.
 */
class KstLoopTest {
    private static final String OTHER_DOMAIN = "elsewhere.test";
    private static final List<String> ANSWER_KINDS = List.of("not-found", "key", "error.malformed", "error.not-local", "error.rate-limited");
    private static final List<String> DROP_REASONS = List.of("null-sender", "service-sender", "auto-submitted");
    private static final RuntimeFolder FIRST_PORTS = RuntimeFolder.forTests();
    private static final RuntimeFolder SECOND_PORTS = RuntimeFolder.forTests();
    private static final RuntimeFolder FIRST = FIRST_PORTS.withRemoteGateway("127.0.0.1", SECOND_PORTS.ports().smtpMx);
    private static final RuntimeFolder SECOND = SECOND_PORTS.withRemoteGateway("127.0.0.1", FIRST_PORTS.ports().smtpMx);

    @TempDir
    static Path roots;
    private static GuiceJamesServer first;
    private static GuiceJamesServer second;

    @BeforeAll
    static void startBoth() throws Exception {
        first = TestJames.onFolder(FIRST, roots.resolve("first"));
        first.start();
        second = TestJames.onFolder(SECOND, roots.resolve("second"));
        second.start();
        TestJames.addDomainsAndUsers(first);
        DataProbeImpl firstData = first.getProbe(DataProbeImpl.class);
        DataProbeImpl secondData = second.getProbe(DataProbeImpl.class);
        secondData.addDomain(OTHER_DOMAIN);
        // each provider forwards an alias to the OTHER provider's service address
        firstData.addAddressMapping("echo", DOMAIN, "keys@" + OTHER_DOMAIN);
        secondData.addAddressMapping("echo", OTHER_DOMAIN, "keys@" + DOMAIN);
    }

    @AfterAll
    static void stopBoth() {
        if (second != null) {
            second.stop();
        }
        if (first != null) {
            first.stop();
        }
    }

    @Test
    void forgedRequestsShouldNotMakeTwoKeyServicesAnswerEachOther() throws Exception {
        long firstDropsBefore = drops(first);
        long secondDropsBefore = drops(second);

        // to the first KST, as if from the second one's service address
        forgedRequest(FIRST, "keys@" + OTHER_DOMAIN, "keys@" + DOMAIN);
        // to the first KST from an alias the second provider forwards to its own keys@: the answer goes back there
        forgedRequest(FIRST, "echo@" + OTHER_DOMAIN, "keys@" + DOMAIN);
        // and the mirror image, to the second KST
        forgedRequest(SECOND, "echo@" + DOMAIN, "keys@" + OTHER_DOMAIN);

        // the answers to the aliases come back to the KST that sent them, forwarded, and are dropped there
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
            .until(() -> drops(first) + drops(second) - firstDropsBefore - secondDropsBefore >= 3);
        long answers = quietTotal();

        System.out.printf("loop: 3 forged requests, %d answers sent by the two key services, %d requests dropped%n",
            answers, drops(first) + drops(second) - firstDropsBefore - secondDropsBefore);
        assertThat(answers).as("answers sent by both key services").isLessThanOrEqualTo(3);
        assertThat(HostileCorpusTest.errorRepositoryCount(first) + HostileCorpusTest.errorRepositoryCount(second))
            .as("mails in the error repositories").isZero();
    }

    /** The answer and drop counters of both servers once they have not moved for 5 s: the mails stopped. */
    private static long quietTotal() {
        long[] last = {-1};
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(5)).until(() -> {
            long now = answers(first) + answers(second) + drops(first) + drops(second);
            boolean quiet = now == last[0];
            last[0] = now;
            return quiet;
        });
        return answers(first) + answers(second);
    }

    private static void forgedRequest(RuntimeFolder to, String envelopeSender, String service) throws Exception {
        TestMessages request = TestMessages.message(envelopeSender, service, "Key request")
            .withBody(new RequestWriter().retrieval("nobody@" + KeyServiceClient.domainOf(service), KAuth.generate()));
        new KeyServiceClient(to.ports()).sendAnonymously(envelopeSender, service, request);
    }

    private static long answers(GuiceJamesServer server) {
        MetricsProbe metrics = server.getProbe(MetricsProbe.class);
        return ANSWER_KINDS.stream().mapToLong(kind -> metrics.count("mailkeys.answer." + kind)).sum();
    }

    private static long drops(GuiceJamesServer server) {
        MetricsProbe metrics = server.getProbe(MetricsProbe.class);
        return DROP_REASONS.stream().mapToLong(reason -> metrics.count("mailkeys.dropped." + reason)).sum();
    }
}
