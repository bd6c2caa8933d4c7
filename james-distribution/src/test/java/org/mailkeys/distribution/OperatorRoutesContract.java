package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailkeys.distribution.testjames.TestJames.DOMAIN;
import static org.mailkeys.distribution.testjames.TestJames.REQUESTER_DOMAIN;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.GuiceJamesServer;
import org.apache.james.utils.DataProbeImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.testing.GnuPG;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.WebAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * The MailKeys WebAdmin routes and health check through a real James, as an operator calls them, whatever the key
 * store: each store's test class boots James with it and runs these.
 */
abstract class OperatorRoutesContract {
    static final String NODE_NAME = "node-under-test";
    static final String LIST_DOMAIN = "list.example";
    static final String BOB = "bob@" + REQUESTER_DOMAIN;
    static final List<String> USERS = List.of(user("alice"), user("carol"), user("dave"), user("grace"),
        user("heidi"), user("ivan"), "ann@" + LIST_DOMAIN, "ben@" + LIST_DOMAIN, "cid@" + LIST_DOMAIN, BOB);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path scratch;
    private static GnuPG gnupg;

    /** The listeners of the James the test class started (its JamesServerExtension). */
    abstract ListenerPorts ports();

    @BeforeAll
    static void addUsersAndStartGnuPG(GuiceJamesServer server) throws Exception {
        server.getProbe(DataProbeImpl.class).addDomain(LIST_DOMAIN);
        TestJames.addDomainsAndUsers(server, USERS.toArray(new String[0]));
        gnupg = new GnuPG(scratch.resolve("users"));
    }

    @AfterAll
    static void stopGnuPG() throws Exception {
        gnupg.close();
    }

    GnuPG gnupg() {
        return gnupg;
    }

    /** The mailkeys.properties lines of a store, with this test's node name. */
    static String[] mailKeysProperties(String... storeLines) {
        List<String> lines = new ArrayList<>(List.of(storeLines));
        lines.add("node.name=" + NODE_NAME);
        return lines.toArray(new String[0]);
    }

    static String user(String name) {
        return name + "@" + DOMAIN;
    }

    WebAdmin webAdmin() {
        return new WebAdmin(ports().webAdmin);
    }

    KeyServiceClient keyService() {
        return new KeyServiceClient(ports());
    }

    /** Publishes a new GnuPG key for the account and waits for the confirmation; returns its fingerprint. */
    String publishNewKey(String account, String name) throws Exception {
        String fingerprint = gnupg().generateEd25519(name + " <" + account + ">");
        KeyServiceClient.SentRequest publication = keyService().publish(account, gnupg().exportArmored(fingerprint));
        KeyAnswer answer = Mailbox.imaps(ports().imaps, account).awaitReplyTo(publication.messageId).answer();
        assertThat(answer).isInstanceOf(KeyAnswer.Confirmation.class);
        return fingerprint;
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void aPublishedKeyShouldBeShownWithWhatTheStoreKeeps() throws Exception {
        String alice = user("alice");
        String fingerprint = publishNewKey(alice, "Alice");

        HttpResponse<String> response = webAdmin().get("/mailkeys/keys/" + alice);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
            type -> assertThat(type).startsWith("application/json"));
        JsonNode key = json(response);
        assertThat(key.get("address").asText()).isEqualTo(alice);
        assertThat(key.get("fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(key.get("algorithm").asText()).matches("(EdDSA|Ed25519) 25[56]");
        assertThat(key.get("userIds")).extracting(JsonNode::asText).containsExactly("Alice <" + alice + ">");
        assertThat(key.get("version").asLong()).isPositive();
        assertThat(key.get("publishedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(key.get("node").asText()).isEqualTo(NODE_NAME);
        assertThat(key.get("publishedBy").asText()).isEqualTo(alice);
    }

    @Test
    void acceptPgpKeysShouldGiveTheArmoredKeyAsServed() throws Exception {
        String carol = user("carol");
        String fingerprint = publishNewKey(carol, "Carol");

        HttpResponse<String> response = webAdmin().get("/mailkeys/keys/" + carol, "application/pgp-keys");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
            type -> assertThat(type).startsWith("application/pgp-keys"));
        assertThat(response.body()).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
        try (GnuPG reader = new GnuPG(Files.createTempDirectory(scratch, "reader"))) {
            reader.importKey(response.body());
            assertThat(reader.fingerprints()).containsExactly(fingerprint);
        }
        assertThat(PublicKeyArmor.keyBytes(response.body())).isNotEmpty();
    }

    @Test
    void historyShouldListPublicationReplacementAndDeletionOldestFirst() throws Exception {
        String dave = user("dave");
        String first = publishNewKey(dave, "Dave");
        String second = publishNewKey(dave, "Dave (new)");
        KeyServiceClient.SentRequest deletion = keyService().delete(dave);
        assertThat(Mailbox.imaps(ports().imaps, dave).awaitReplyTo(deletion.messageId).answer())
            .isInstanceOf(KeyAnswer.Deleted.class);

        HttpResponse<String> response = webAdmin().get("/mailkeys/keys/" + dave + "/history");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode history = json(response);
        assertThat(history).extracting(entry -> entry.get("change").asText())
            .containsExactly("published", "replaced", "deleted");
        assertThat(history.get(0).get("newFingerprint").asText()).isEqualTo(first);
        assertThat(history.get(1).get("oldFingerprint").asText()).isEqualTo(first);
        assertThat(history.get(1).get("newFingerprint").asText()).isEqualTo(second);
        assertThat(history.get(2).get("oldFingerprint").asText()).isEqualTo(second);
        assertThat(history.get(2).get("newFingerprint").isNull()).isTrue();
        assertThat(history).allSatisfy(entry -> {
            assertThat(entry.get("actorKind").asText()).isEqualTo("account");
            assertThat(entry.get("actor").asText()).isEqualTo(dave);
            assertThat(entry.get("node").asText()).isEqualTo(NODE_NAME);
            assertThat(entry.get("leafHash").asText()).matches("[0-9a-f]{64}");
            assertThat(entry.get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        });
        assertThat(history.get(0).get("version").asLong()).isLessThan(history.get(1).get("version").asLong());
        assertThat(history.get(1).get("version").asLong()).isLessThan(history.get(2).get("version").asLong());
        assertThat(webAdmin().get("/mailkeys/keys/" + dave).statusCode()).isEqualTo(404);
    }

    @Test
    void anOperatorDeletionShouldRemoveTheKeyAndBeTracedWithItsReason() throws Exception {
        String grace = user("grace");
        String fingerprint = publishNewKey(grace, "Grace");

        HttpResponse<String> deleted = webAdmin().delete("/mailkeys/keys/" + grace + "?reason="
            + encode("account compromised, ticket 42"));

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(webAdmin().get("/mailkeys/keys/" + grace).statusCode()).isEqualTo(404);
        JsonNode last = lastHistoryEntry(grace);
        assertThat(last.get("change").asText()).isEqualTo("deleted");
        assertThat(last.get("oldFingerprint").asText()).isEqualTo(fingerprint);
        assertThat(last.get("actorKind").asText()).isEqualTo("operator");
        assertThat(last.get("actor").asText()).isEqualTo("webadmin from 127.0.0.1");
        assertThat(last.get("reason").asText()).isEqualTo("account compromised, ticket 42");
        KeyServiceClient.SentRequest retrieval = keyService().requestKey(BOB, grace);
        assertThat(Mailbox.imaps(ports().imaps, BOB).awaitReplyTo(retrieval.messageId).answer())
            .isInstanceOf(KeyAnswer.NotFound.class);
    }

    @Test
    void anOperatorDeletionShouldNeedAReasonOfOnePrintableLine() throws Exception {
        String heidi = user("heidi");
        publishNewKey(heidi, "Heidi");

        for (String query : List.of("", "?reason=", "?reason=%20%20", "?reason=" + encode("two\nlines"),
            "?reason=" + "x".repeat(501), "?reason=" + encode("bidi \u202e text"), "?reason=" + encode("a\u2028fake line"),
            "?reason=" + encode("a\u2029fake paragraph"), "?reason=" + encode("a\u0085next line"))) {
            HttpResponse<String> refused = webAdmin().delete("/mailkeys/keys/" + heidi + query);
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            assertThat(json(refused).get("type").asText()).isEqualTo("InvalidArgument");
        }
        assertThat(webAdmin().get("/mailkeys/keys/" + heidi).statusCode()).isEqualTo(200);
        assertThat(json(webAdmin().get("/mailkeys/keys/" + heidi + "/history"))).hasSize(1);
    }

    @Test
    void aDomainsKeysShouldBeListedByPage() throws Exception {
        for (String name : List.of("cid", "ann", "ben")) {
            publishNewKey(name + "@" + LIST_DOMAIN, name);
        }

        assertThat(json(webAdmin().get("/mailkeys/domains/" + LIST_DOMAIN + "/keys")))
            .extracting(JsonNode::asText).containsExactly("ann@list.example", "ben@list.example", "cid@list.example");
        assertThat(json(webAdmin().get("/mailkeys/domains/" + LIST_DOMAIN + "/keys?limit=2")))
            .extracting(JsonNode::asText).containsExactly("ann@list.example", "ben@list.example");
        assertThat(json(webAdmin().get("/mailkeys/domains/" + LIST_DOMAIN + "/keys?limit=2&after=ben@list.example")))
            .extracting(JsonNode::asText).containsExactly("cid@list.example");
        assertThat(json(webAdmin().get("/mailkeys/domains/" + REQUESTER_DOMAIN + "/keys"))).isEmpty();
    }

    @Test
    void badInputShouldGetJamesErrorAnswers() throws Exception {
        assertError(webAdmin().get("/mailkeys/keys/not-an-address"), 400, "InvalidArgument");
        assertError(webAdmin().get("/mailkeys/keys/not-an-address/history"), 400, "InvalidArgument");
        assertError(webAdmin().delete("/mailkeys/keys/not-an-address?reason=x"), 400, "InvalidArgument");
        assertError(webAdmin().get("/mailkeys/keys/alice@unknown.example"), 404, "notFound");
        assertError(webAdmin().get("/mailkeys/keys/alice@unknown.example/history"), 404, "notFound");
        assertError(webAdmin().delete("/mailkeys/keys/alice@unknown.example?reason=x"), 404, "notFound");
        assertError(webAdmin().get("/mailkeys/keys/nobody@" + DOMAIN), 404, "notFound");
        assertError(webAdmin().delete("/mailkeys/keys/nobody@" + DOMAIN + "?reason=x"), 404, "notFound");
        assertError(webAdmin().get("/mailkeys/domains/unknown.example/keys"), 404, "notFound");
        assertError(webAdmin().get("/mailkeys/domains/bad..domain/keys"), 400, "InvalidArgument");
        for (String paging : List.of("limit=-1", "limit=0", "limit=abc", "limit=1001", "after=not-an-address")) {
            assertError(webAdmin().get("/mailkeys/domains/" + DOMAIN + "/keys?" + paging), 400, "InvalidArgument");
        }
        assertThat(json(webAdmin().get("/mailkeys/keys/nobody@" + DOMAIN + "/history"))).isEmpty();
    }

    @Test
    void theKeyStoreShouldBeInJamesHealthChecks() throws Exception {
        HttpResponse<String> response = webAdmin().get("/healthcheck/checks/" + encode("MailKeys key store")
            .replace("+", "%20"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).isEqualTo("healthy");
        assertThat(json(webAdmin().get("/healthcheck")).get("checks"))
            .extracting(check -> check.get("componentName").asText()).contains("MailKeys key store");
    }

    JsonNode lastHistoryEntry(String address) throws Exception {
        JsonNode history = json(webAdmin().get("/mailkeys/keys/" + address + "/history"));
        return history.get(history.size() - 1);
    }

    static void assertError(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).as(response.request().uri().toString()).isEqualTo(status);
        JsonNode error = json(response);
        assertThat(error.get("statusCode").asInt()).isEqualTo(status);
        assertThat(error.get("type").asText()).isEqualTo(type);
        assertThat(error.get("message").asText()).isNotBlank();
    }
}
