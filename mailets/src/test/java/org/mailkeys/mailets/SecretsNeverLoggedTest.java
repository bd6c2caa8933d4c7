package org.mailkeys.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailkeys.mailets.TestRequests.anonymous;
import static org.mailkeys.mailets.TestRequests.authenticated;
import static org.mailkeys.mailets.TestRequests.bodyOf;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailkeys.store.ScriptedKeyStore;
import org.mailkeys.matchers.FakeDomainList;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.RequestWriter;
import org.mailkeys.store.NodeName;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.mailkeys.testing.KeyFixtures;

/** Runs every path of the key service with all logging on and checks no K_auth, MAC or key material is logged. */
class SecretsNeverLoggedTest {
    private static final byte[] ALICE_KEY = KeyFixtures.keyBytes(KeyFixtures.ALICE);
    private static final String ALICE_SECRET_ARMORED = KeyFixtures.text(KeyFixtures.ALICE_SECRET);

    private final RequestWriter requests = new RequestWriter();
    private final KAuth kAuth = KAuth.generate();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Logger root;
    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        previousLevel = root.getLevel();
        root.setLevel(Level.TRACE);
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void stopCapture() {
        root.detachAppender(appender);
        root.setLevel(previousLevel);
    }

    private String everythingLogged() {
        StringBuilder all = new StringBuilder();
        for (ILoggingEvent event : new ArrayList<>(appender.list)) {
            all.append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                all.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
            }
        }
        return all.toString();
    }

    @Test
    void noPathShouldLogKAuthMacsOrKeyMaterial() throws Exception {
        ScriptedKeyStore store = new ScriptedKeyStore();
        FakeDomainList domains = new FakeDomainList("example.net");
        RecordingMetricFactory metrics = new RecordingMetricFactory();
        FakeMailContext context = FakeMailContext.defaultContext();
        PublishKey publish = new PublishKey(store, domains, metrics, new NodeName("node-test"), RequestLimits.DEFAULT);
        publish.init(FakeMailetConfig.builder().mailetName("PublishKey").mailetContext(context).build());
        AnswerKeyRequest answer = new AnswerKeyRequest(store, domains, metrics, RequestLimits.DEFAULT);
        answer.init(FakeMailetConfig.builder().mailetName("AnswerKeyRequest").mailetContext(context).build());
        LimitAnswerRate limit = new LimitAnswerRate(metrics, domains, RequestLimits.DEFAULT);
        limit.init(FakeMailetConfig.builder().mailetName("LimitAnswerRate").mailetContext(context)
            .setProperty("perSender", "1").build());

        publish.service(authenticated("alice@example.net", "alice@example.net", requests.publication(ALICE_KEY, kAuth)).build());
        publish.service(authenticated("alice@example.net", "alice@example.net",
            ALICE_SECRET_ARMORED.trim() + "\r\n" + kAuth.toBase64() + "\r\n").build());
        answer.service(anonymous("bob@acme.test", requests.retrieval("alice@example.net", kAuth)).build());
        answer.service(anonymous("bob@acme.test", requests.retrieval("carol@example.net", kAuth)).build());
        answer.service(anonymous("bob@acme.test", requests.retrieval("carol@elsewhere.test", kAuth)).build());
        answer.service(anonymous("bob@acme.test", "garbage\r\n" + kAuth.toBase64() + "\r\n").build());
        limit.service(anonymous("bob@acme.test", requests.retrieval("alice@example.net", kAuth)).build());
        limit.service(anonymous("bob@acme.test", requests.retrieval("alice@example.net", kAuth)).build());
        publish.service(authenticated("alice@example.net", "alice@example.net", requests.deletion(kAuth)).build());
        store.failFromNowOn();
        assertThatThrownBy(() -> answer.service(anonymous("bob@acme.test", requests.retrieval("alice@example.net", kAuth)).build()))
            .isInstanceOf(KeyStoreUnavailableException.class);
        List<String> macs = new ArrayList<>();
        for (FakeMailContext.SentMail sent : context.getSentMails()) {
            String[] lines = bodyOf(sent).trim().split("\r?\n");
            macs.add(lines[lines.length - 1].trim());
        }

        String logged = everythingLogged();

        assertThat(appender.list).isNotEmpty();
        assertThat(context.getSentMails()).hasSizeGreaterThanOrEqualTo(7);
        assertThat(logged).doesNotContain(kAuth.toBase64());
        for (String mac : macs) {
            assertThat(logged).doesNotContain(mac);
        }
        String keyBase64 = Base64.getEncoder().encodeToString(ALICE_KEY);
        for (int i = 0; i + 24 <= keyBase64.length(); i += 24) {
            assertThat(logged).doesNotContain(keyBase64.substring(i, i + 24));
        }
        assertThat(logged).doesNotContain("PGP PRIVATE KEY").doesNotContain("PGP PUBLIC KEY");
    }
}
