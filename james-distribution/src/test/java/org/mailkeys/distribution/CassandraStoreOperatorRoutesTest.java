package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailkeys.cassandra.node.CassandraNodeExtension;
import org.mailkeys.protocol.ErrorCode;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.WebAdmin;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * The operator routes with the Cassandra key store on a real Cassandra 4.1 node (forked), and what only a store that
 * can fail shows: the health check going unhealthy while the node is down and healthy once it is back, and a
 * publication accepted before an operator deletion, retried after it, that must not bring the key back.
 */
class CassandraStoreOperatorRoutesTest extends OperatorRoutesContract {
    /** A loopback address of this test's own, so that no other test's node shares its ports. */
    private static final String CASSANDRA_IP = "127.0.31.1";
    private static final String HEALTH_CHECK = "/healthcheck/checks/MailKeys%20key%20store";
    private static final Duration NODE_TRANSITION = Duration.ofSeconds(90);

    // Retries of a request the store could not serve wait an hour, so that the test decides when they run.
    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests().withMailetParameter("delay", "1h");

    /** Forked before James starts: the extension refuses to start without its store. */
    @RegisterExtension
    @Order(1)
    static CassandraNodeExtension cassandra = CassandraNodeExtension.perClassOn(CASSANDRA_IP);

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = TestJames.perClassLaidOutBy(tmpDir -> RUNTIME
        .withMailKeysProperties(mailKeysProperties("store=cassandra", "store.cassandra.session=own",
            "store.cassandra.contact.points=" + cassandra.contactPoint(),
            "store.cassandra.keyspace=mailkeys_operator", "store.cassandra.request.timeout.millis=3000"))
        .layOut(tmpDir));

    @BeforeAll
    static void addJudy(GuiceJamesServer server) throws Exception {
        TestJames.addDomainsAndUsers(server, user("judy"));
    }

    @Override
    ListenerPorts ports() {
        return RUNTIME.ports();
    }

    @Test
    void aPublicationRetriedAfterAnOperatorDeletionShouldNotBringTheKeyBack() throws Exception {
        String judy = user("judy");
        publishNewKey(judy, "Judy");
        Mailbox mailbox = Mailbox.imaps(ports().imaps, judy);

        cassandra.stop();
        awaitHealth(503, "unhealthy");
        String second = gnupg().generateEd25519("Judy (second) <" + judy + ">");
        KeyServiceClient.SentRequest retried = keyService().publish(judy, gnupg().exportArmored(second));
        KeyAnswer unavailable = mailbox.awaitReplyTo(retried.messageId).answer();
        assertThat(unavailable).isInstanceOf(KeyAnswer.Error.class);
        assertThat(((KeyAnswer.Error) unavailable).code()).contains(ErrorCode.UNAVAILABLE);
        cassandra.restart();
        awaitHealth(200, "healthy");

        // the store reads again before every session has its connections back: a deletion that failed with 500 is
        // called again, as an operator does (docs/OPERATOR.md: the retry records it and answers 204)
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
            .until(() -> webAdmin().delete("/mailkeys/keys/" + judy + "?reason=court%20order").statusCode() == 204);
        // the delayed retry runs now
        assertThat(new WebAdmin(ports().webAdmin).patch("/mailQueues/spool/mails?delayed=true",
            "{\"delayed\": false}").statusCode()).isEqualTo(204);
        await().atMost(Mailbox.ANSWER_TIMEOUT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
            .until(() -> mailbox.messages().stream()
                .filter(mail -> mail.inReplyTo().filter(retried.messageId::equals).isPresent()).count() == 2);

        assertThat(webAdmin().get("/mailkeys/keys/" + judy).statusCode()).isEqualTo(404);
        assertThat(lastHistoryEntry(judy).get("actorKind").asText()).isEqualTo("operator");
    }

    private void awaitHealth(int status, String state) {
        await().atMost(NODE_TRANSITION).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            HttpResponse<String> response = webAdmin().get(HEALTH_CHECK);
            return response.statusCode() == status && json(response).get("status").asText().equals(state);
        });
    }
}
