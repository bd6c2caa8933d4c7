package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailkeys.distribution.testjames.TestJames.DOMAIN;
import static org.mailkeys.distribution.testjames.TestJames.REQUESTER_DOMAIN;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.distribution.KeyServiceClient.SentRequest;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.protocol.PublicKeys;
import org.mailkeys.store.WebKeyHash;
import org.mailkeys.testing.KeyFixtures;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.TestTrust;
import org.mailkeys.testing.WebAdmin;
import org.mailkeys.distribution.testjames.ScriptJames;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * The distribution as an operator runs it: bin/mailkeys-server, twice on the same runtime folder. The extension is
 * loaded from extensions-jars/ with James' parent-first class loading; keys, domains and users outlive the restart
 * (the retrieval after it is answered, not refused as relaying, and bob logs in to IMAP with his password).
 */
class PackagedServerTest {
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String BOB = "bob@" + REQUESTER_DOMAIN;

    @Test
    void keysDomainsAndUsersCreatedBeforeARestartOfTheScriptShouldServeAfterIt(@TempDir Path folder) throws Exception {
        Path runtime = folder.resolve("runtime");
        String armored = KeyFixtures.text("alice.asc");
        ScriptJames server = TestJames.script(runtime);
        KeyServiceClient client = new KeyServiceClient(server.ports());

        try (ScriptJames first = server.start()) {
            first.addDomainAndUsers(DOMAIN, ALICE);
            first.addDomainAndUsers(REQUESTER_DOMAIN, BOB);
            SentRequest publication = client.publish(ALICE, armored);
            KeyAnswer confirmation = Mailbox.imaps(first.ports().imaps, ALICE).awaitReplyTo(publication.messageId).answer();
            assertThat(confirmation).as(statusLine(confirmation)).isInstanceOf(KeyAnswer.Confirmation.class);
            assertThat(((KeyAnswer.Confirmation) confirmation).verifies(publication.kAuth, PublicKeyArmor.keyBytes(armored))).isTrue();

            assertThat(first.stop()).isZero();
            assertThat(first.stderrText()).contains("James stopped");
        }
        assertThat(runtime.resolve("extensions-jars/mailkeys-extension.jar")).isRegularFile();
        assertThat(runtime.resolve("var/keystore.p12")).isRegularFile();

        try (ScriptJames second = server.start()) {
            // nothing added again: domains and users (with their passwords) outlive the restart, as the keys do
            WebAdmin webAdmin = new WebAdmin(second.ports().webAdmin);
            assertThat(webAdmin.get("/domains").body()).contains("\"" + DOMAIN + "\"", "\"" + REQUESTER_DOMAIN + "\"");
            assertThat(webAdmin.get("/users").body()).contains(ALICE, BOB);
            SentRequest retrieval = client.requestKey(BOB, ALICE);
            KeyAnswer served = Mailbox.imaps(second.ports().imaps, BOB).awaitReplyTo(retrieval.messageId).answer();

            assertThat(served).as(statusLine(served)).isInstanceOf(KeyAnswer.KeyFound.class);
            assertThat(((KeyAnswer.KeyFound) served).verifies(retrieval.kAuth)).isTrue();
            assertThat(PublicKeys.fingerprint(((KeyAnswer.KeyFound) served).keyBytes())).hasValue(KeyFixtures.ALICE_FINGERPRINT);
            // the script's Web Key Directory serves the same bytes, over TLS with the runtime's own certificate
            assertThat(webKeyDirectoryGet(second, runtime)).isEqualTo(((KeyAnswer.KeyFound) served).keyBytes());
            assertThat(second.stop()).isZero();
        }
    }

    private static byte[] webKeyDirectoryGet(ScriptJames server, Path runtime) throws Exception {
        SSLContext tls = TestTrust.context(TestTrust.pem(RuntimeKeystore.certificatePem(runtime)));
        HttpResponse<byte[]> response = HttpClient.newBuilder().sslContext(tls).build().send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + server.webKeyDirectoryPort() + "/.well-known/openpgpkey/" + DOMAIN
                    + "/hu/" + WebKeyHash.ofLocalPart("alice") + "?l=alice")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/octet-stream");
        return response.body();
    }

    private static String statusLine(KeyAnswer answer) {
        return answer instanceof KeyAnswer.Error ? ((KeyAnswer.Error) answer).statusLine() : answer.getClass().getSimpleName();
    }
}
