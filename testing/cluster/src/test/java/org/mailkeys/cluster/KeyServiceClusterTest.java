package org.mailkeys.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailkeys.cassandra.node.CassandraCluster;
import org.mailkeys.cassandra.node.CassandraClusterExtension;
import org.mailkeys.distribution.testjames.JamesNode;
import org.mailkeys.distribution.testjames.TestJames;
import org.mailkeys.protocol.ErrorCode;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.protocol.PublicKeys;
import org.mailkeys.protocol.RequestWriter;
import org.mailkeys.testing.KeyFixtures;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.SmtpSession;
import org.mailkeys.testing.TestMessages;
import org.mailkeys.testing.WebAdmin;

/**
 * Issue 4: every James node of a cluster serves the same keys. Two James memory servers (A and B, separate
 * processes), each with the extension jar in its extensions-jars/ and the Cassandra key store on a session of its
 * own, share a real two-node
 * Cassandra cluster (127.0.0.1 and 127.0.0.2, replication factor 2, reads at ONE). The tests run in order on the
 * same servers: publish through A, retrieve through B; kill a Cassandra node; publish while it is down, then restart
 * it and see those publications answered "ERROR unavailable" once, then confirmed (retried by James, or replayed
 * from the error repository through WebAdmin).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyServiceClusterTest {
    private static final String ALICE = "alice@example.net";
    private static final String BOB = "bob@example.net";
    private static final String CAROL = "carol@example.net";
    private static final String DAVE = "dave@example.net";
    private static final String SERVICE = "keys@example.net";
    private static final String PASSWORD = "cluster-test-password";
    private static final String LOOPBACK = "127.0.0.1";
    private static final int KILLED_NODE = 1;

    /** Kept after the run (logs of every James and Cassandra node); emptied when the next run starts. */
    private static final Path FOLDER = Paths.get("target", "cluster-test");

    @RegisterExtension
    static CassandraClusterExtension cassandraNodes = CassandraClusterExtension.ofNodes(2).keepingLogsIn(FOLDER);

    private CassandraCluster cassandra;
    private JamesNode nodeA;
    private JamesNode nodeB;
    private byte[] aliceKey;
    private byte[] carolKey;

    @BeforeAll
    void startTheCluster() throws Exception {
        aliceKey = KeyFixtures.keyBytes(KeyFixtures.ALICE);
        carolKey = KeyFixtures.keyBytes(KeyFixtures.CAROL);
        deleteRecursively(FOLDER);
        cassandra = cassandraNodes.cluster();
        // one after the other: two sessions creating the same table at once could disagree on its schema
        nodeA = TestJames.clusterNode("a", FOLDER.resolve("james-a"), cassandra.contactPoints(), Duration.ofSeconds(1));
        nodeB = TestJames.clusterNode("b", FOLDER.resolve("james-b"), cassandra.contactPoints(), Duration.ofSeconds(15));
        for (JamesNode node : new JamesNode[] {nodeA, nodeB}) {
            for (String user : new String[] {ALICE, BOB, CAROL, DAVE}) {
                node.webAdmin().addUser(user, PASSWORD);
            }
        }
    }

    @AfterAll
    void stopTheCluster() {
        for (JamesNode node : new JamesNode[] {nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    @Order(0)
    void theExtensionAndTheCassandraDriverComeOnlyFromTheExtensionJar() throws Exception {
        assertThat(JamesNode.jamesClassPath())
            .contains("james-server-memory-app")
            .doesNotContain("java-driver-core", "apache-james-backends-cassandra", "mailkeys");
        assertThat(nodeA.log()).contains("MailKeys key store: Cassandra, own session", "extensions-jars");
        assertThat(nodeB.log()).contains("MailKeys key store: Cassandra, own session", "extensions-jars");
    }

    @Test
    @Order(1)
    void aKeyPublishedThroughNodeAIsAnsweredByNodeB() throws Exception {
        KAuth publication = KAuth.generate();
        submitPublication(nodeA, ALICE, aliceKey, publication);
        assertConfirmed(takeAnswer(nodeA, ALICE), publication, aliceKey);

        assertRetrievalAnsweredWithAlicesKey(nodeB);
    }

    @Test
    @Order(1)
    void aKeyPublishedThroughNodeAIsInNodeBsWebKeyDirectoryAndADeletionOnBRemovesItFromA() throws Exception {
        byte[] daveKey = KeyFixtures.keyBytes("dave-two-uids-photo-certified.asc");
        // what "gpg-wks-client --print-wkd-hash dave@example.net" prints
        String hash = "z9g983skpuzwkib59q4zknqjfmsjwqx5";
        KAuth publication = KAuth.generate();
        submitPublication(nodeA, DAVE, daveKey, publication);
        assertConfirmed(takeAnswer(nodeA, DAVE), publication, daveKey);

        WebKeyDirectoryClient.Answer byIndex = WebKeyDirectoryClient.get(nodeB.wkdPort(), "example.net", hash, null);
        WebKeyDirectoryClient.Answer byLocalPart = WebKeyDirectoryClient.get(nodeB.wkdPort(), "example.net", hash,
            "dave");
        assertThat(byIndex.status).isEqualTo(200);
        assertThat(PublicKeys.userIds(byIndex.body)).containsExactly("Dave <dave@example.net>");
        assertThat(byLocalPart.body).isEqualTo(byIndex.body);

        KAuth deletion = KAuth.generate();
        try (SmtpSession session = SmtpSession.startTls(LOOPBACK, nodeB.submissionPort(), JamesNode.trust())) {
            session.authenticate(DAVE, PASSWORD)
                .send(DAVE, SERVICE, message(DAVE, "Key deletion", new RequestWriter().deletion(deletion)));
        }
        assertThat(takeAnswer(nodeB, DAVE)).isInstanceOf(KeyAnswer.Deleted.class);

        assertThat(WebKeyDirectoryClient.get(nodeA.wkdPort(), "example.net", hash, null).status).isEqualTo(404);
        assertThat(WebKeyDirectoryClient.get(nodeA.wkdPort(), "example.net", hash, "dave").status).isEqualTo(404);
    }

    @Test
    @Order(2)
    void bothNodesKeepAnsweringRetrievalsWithOneCassandraNodeKilled() throws Exception {
        cassandra.node(KILLED_NODE).kill();
        cassandra.awaitGossipSeesNodeDown(KILLED_NODE);

        assertRetrievalAnsweredWithAlicesKey(nodeA);
        assertRetrievalAnsweredWithAlicesKey(nodeB);
        // keys are served, but no publication can reach its Paxos quorum: each node's health check says so
        for (JamesNode node : new JamesNode[] {nodeA, nodeB}) {
            Awaitility.await().atMost(Mailbox.ANSWER_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> keyStoreHealth(node).contains("\"status\":\"degraded\""));
        }
    }

    /**
     * While a replica is down, a publication's lightweight transaction cannot run (SERIAL needs both replicas). The
     * first failure answers "ERROR unavailable" (MAC verified) and nothing more while the retries fail. The
     * request is never lost: the shipped mailetcontainer.xml retries it through "mailkeys-retry", then keeps it in
     * the mailkeys-error repository. Node A retries at once (1 s apart), so its request lands in the repository and
     * the operator replays it; node B retries 15 s apart, long enough to see the Cassandra node come back.
     */
    @Test
    @Order(3)
    void publicationsTheStoreCannotWriteAreRetriedOrKeptThenConfirmedOnceTheNodeIsBack() throws Exception {
        assertThat(cassandra.node(KILLED_NODE).isRunning()).as("the node killed by the previous test").isFalse();
        KAuth aliceOnA = KAuth.generate();
        KAuth carolOnB = KAuth.generate();

        submitPublication(nodeA, ALICE, aliceKey, aliceOnA);
        submitPublication(nodeB, CAROL, carolKey, carolOnB);
        assertUnavailable(takeAnswer(nodeA, ALICE), aliceOnA);
        assertUnavailable(takeAnswer(nodeB, CAROL), carolOnB);

        Awaitility.await().atMost(Mailbox.ANSWER_TIMEOUT).pollInterval(Duration.ofMillis(250))
            .until(() -> nodeA.webAdmin().repositorySize(WebAdmin.MAILKEYS_ERROR_REPOSITORY) == 1);
        assertThat(nodeA.log()).contains("Key store unavailable (put failed");
        Awaitility.await().atMost(Mailbox.ANSWER_TIMEOUT).pollInterval(Duration.ofMillis(250))
            .until(() -> nodeB.log().contains("Key store unavailable (put failed"));
        assertThat(nodeB.webAdmin().repositorySize(WebAdmin.MAILKEYS_ERROR_REPOSITORY)).as("still being retried")
            .isZero();

        cassandra.restart(KILLED_NODE);
        cassandra.awaitGossipSeesEveryNodeUp();

        // the next mail in each inbox is the confirmation: the failed retries sent no second "unavailable"
        assertConfirmed(takeAnswer(nodeB, CAROL), carolOnB, carolKey);
        nodeA.webAdmin().reprocessAll(WebAdmin.MAILKEYS_ERROR_REPOSITORY, "mailkeys-retry");
        assertConfirmed(takeAnswer(nodeA, ALICE), aliceOnA, aliceKey);
        assertThat(nodeA.webAdmin().repositorySize(WebAdmin.MAILKEYS_ERROR_REPOSITORY)).isZero();
        assertThat(nodeB.webAdmin().repositorySize(WebAdmin.MAILKEYS_ERROR_REPOSITORY)).isZero();
    }

    /**
     * An operator's view through WebAdmin on either node: the key, where it was published, the domain's keys, the
     * history; a deletion through one node is seen by the other.
     */
    @Test
    @Order(4)
    void theOperatorRoutesAnswerTheSameOnBothNodes() throws Exception {
        for (JamesNode node : new JamesNode[] {nodeA, nodeB}) {
            Awaitility.await().atMost(Mailbox.ANSWER_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> keyStoreHealth(node).contains("\"status\":\"healthy\""));
            HttpResponse<String> carol = node.webAdmin().get("/mailkeys/keys/" + CAROL);
            assertThat(carol.statusCode()).as("GET carol's key on " + node).isEqualTo(200);
            assertThat(carol.body()).contains("\"node\":\"b\"", "\"publishedBy\":\"" + CAROL + "\"");
            assertThat(node.webAdmin().get("/mailkeys/keys/" + ALICE).body()).contains("\"node\":\"a\"");
            // keys@example.net: the Web Key Service's submission key, published in the store (docs/PROTOCOL.md 11)
            assertThat(node.webAdmin().get("/mailkeys/domains/example.net/keys").body())
                .isEqualTo("[\"" + ALICE + "\",\"" + CAROL + "\",\"keys@example.net\"]");
        }

        HttpResponse<String> deleted = nodeA.webAdmin().delete("/mailkeys/keys/" + CAROL + "?reason=cluster%20test");

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(nodeB.webAdmin().get("/mailkeys/keys/" + CAROL).statusCode()).isEqualTo(404);
        String history = nodeB.webAdmin().get("/mailkeys/keys/" + CAROL + "/history").body();
        assertThat(history).containsSubsequence("\"change\":\"published\"", "\"node\":\"b\"",
            "\"change\":\"deleted\"", "\"actorKind\":\"operator\"", "\"node\":\"a\"",
            "\"reason\":\"cluster test\"");
    }

    private static String keyStoreHealth(JamesNode node) throws Exception {
        return node.webAdmin().get("/healthcheck/checks/MailKeys%20key%20store").body();
    }

    private void submitPublication(JamesNode node, String account, byte[] key, KAuth kAuth) throws Exception {
        try (SmtpSession session = SmtpSession.startTls(LOOPBACK, node.submissionPort(), JamesNode.trust())) {
            session.authenticate(account, PASSWORD)
                .send(account, SERVICE, message(account, "Key publication", new RequestWriter().publication(key, kAuth)));
        }
    }

    private void assertRetrievalAnsweredWithAlicesKey(JamesNode node) throws Exception {
        KAuth retrieval = KAuth.generate();
        try (SmtpSession session = SmtpSession.startTls(LOOPBACK, node.mxPort(), JamesNode.trust())) {
            session.send(BOB, SERVICE, message(BOB, "Key request", new RequestWriter().retrieval(ALICE, retrieval)));
        }

        KeyAnswer answer = takeAnswer(node, BOB);

        assertThat(answer).as("answer of " + node + ": " + describe(answer)).isInstanceOf(KeyAnswer.KeyFound.class);
        KeyAnswer.KeyFound found = (KeyAnswer.KeyFound) answer;
        assertThat(found.verifies(retrieval)).as("MAC of the answer of " + node).isTrue();
        assertThat(PublicKeyArmor.armor(found.keyBytes())).contains("BEGIN PGP PUBLIC KEY BLOCK");
    }

    /** The status line of an ERROR (it says why), else the kind of answer. */
    private static String describe(KeyAnswer answer) {
        return answer instanceof KeyAnswer.Error ? ((KeyAnswer.Error) answer).statusLine() : answer.getClass().getSimpleName();
    }

    private static void assertUnavailable(KeyAnswer answer, KAuth kAuth) {
        assertThat(answer).as(describe(answer)).isInstanceOf(KeyAnswer.Error.class);
        assertThat(((KeyAnswer.Error) answer).code()).contains(ErrorCode.UNAVAILABLE);
        assertThat(((KeyAnswer.Error) answer).verifies(kAuth)).as("MAC of the unavailable answer").isTrue();
    }

    private static void assertConfirmed(KeyAnswer answer, KAuth kAuth, byte[] publishedKey) {
        assertThat(answer).as(describe(answer)).isInstanceOf(KeyAnswer.Confirmation.class);
        assertThat(((KeyAnswer.Confirmation) answer).verifies(kAuth, publishedKey)).as("confirmation MAC").isTrue();
    }

    private static KeyAnswer takeAnswer(JamesNode node, String user) throws Exception {
        return Mailbox.imapStartTls(node.imapPort(), user, PASSWORD).takeNext().answer();
    }

    private static String message(String from, String subject, String body) {
        return TestMessages.message(from, SERVICE, subject).withBody(body).raw();
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

}
