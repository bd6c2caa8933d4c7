package org.mailkeys.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailkeys.mailets.TestRequests.anonymous;
import static org.mailkeys.mailets.TestRequests.authenticated;
import static org.mailkeys.mailets.TestRequests.bodyOf;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.mailetcontainer.AutomaticallySentMailDetectorImpl;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.AutomaticallySentMailDetector;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.extension.MailKeysModule;
import org.mailkeys.matchers.FakeDomainList;
import org.mailkeys.protocol.AnswerParser;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.RequestWriter;
import org.mailkeys.testing.KeyFixtures;

import com.google.inject.Guice;
import com.google.inject.Injector;

/**
 * The "mailkeys" and "mailkeys-retry" processors as shipped in conf/mailetcontainer.xml (read from that file, see
 * {@link ShippedProcessor}), with the extension built by Guice as James builds it.
 */
class KeyServiceProcessorTest {
    private static final byte[] ALICE_KEY = KeyFixtures.keyBytes(KeyFixtures.ALICE);

    @TempDir
    Path workingDirectory;

    private final RequestWriter requests = new RequestWriter();
    private final AnswerParser answers = new AnswerParser();
    private FakeMailContext context;
    private final Map<String, ShippedProcessor> processors = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        context = FakeMailContext.defaultContext();
        Injector injector = Guice.createInjector(JamesConfFolder.in(workingDirectory, "store=memory"), binder -> {
            binder.bind(DomainList.class).toInstance(new FakeDomainList("example.net"));
            binder.bind(MetricFactory.class).toInstance(new RecordingMetricFactory());
            binder.bind(AutomaticallySentMailDetector.class).to(AutomaticallySentMailDetectorImpl.class);
        }, new MailKeysModule());
        for (String state : List.of("mailkeys", "mailkeys-retry")) {
            processors.put(state, ShippedProcessor.load(state, injector, context));
        }
    }

    private void process(FakeMail mail) throws Exception {
        run(mail, "mailkeys");
    }

    /** As James' spool does: the mail goes from processor to processor until none of these has its state. */
    private void run(FakeMail mail, String state) throws Exception {
        mail.setState(state);
        while (processors.containsKey(mail.getState())) {
            String before = mail.getState();
            processors.get(before).process(mail);
            if (before.equals(mail.getState())) {
                throw new IllegalStateException("processor " + before + " ended without a decision");
            }
        }
    }

    private KeyAnswer lastAnswer() throws Exception {
        List<FakeMailContext.SentMail> sent = context.getSentMails();
        return answers.parse(bodyOf(sent.get(sent.size() - 1)));
    }

    @Test
    void aPublicationThenARetrievalShouldEachGetOneAnswer() throws Exception {
        KAuth publishing = KAuth.generate();
        FakeMail publication = authenticated("alice@example.net", "alice@example.net",
            requests.publication(ALICE_KEY, publishing)).build();
        process(publication);

        assertThat(publication.getState()).isEqualTo(Mail.GHOST);
        assertThat(((KeyAnswer.Confirmation) lastAnswer()).verifies(publishing, ALICE_KEY)).isTrue();

        KAuth asking = KAuth.generate();
        FakeMail retrieval = anonymous("bob@acme.test", requests.retrieval("alice@example.net", asking)).build();
        process(retrieval);

        assertThat(retrieval.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).hasSize(2);
        assertThat(((KeyAnswer.KeyFound) lastAnswer()).verifies(asking)).isTrue();
    }

    @Test
    void anAuthenticatedRetrievalShouldGoThroughPublishKeyToAnswerKeyRequest() throws Exception {
        KAuth asking = KAuth.generate();
        FakeMail retrieval = authenticated("alice@example.net", "alice@example.net",
            requests.retrieval("carol@example.net", asking)).build();

        process(retrieval);

        assertThat(context.getSentMails()).hasSize(1);
        assertThat(((KeyAnswer.NotFound) lastAnswer()).verifies(asking)).isTrue();
    }

    @Test
    void aDroppedRequestShouldReachNoLaterMailet() throws Exception {
        FakeMail list = anonymous("bob@acme.test", requests.retrieval("alice@example.net", KAuth.generate())).build();
        list.getMessage().setHeader("List-Id", "<keys.acme.test>");

        process(list);

        assertThat(list.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void theRetryProcessorShouldServeAPublicationAndARetrieval() throws Exception {
        KAuth publishing = KAuth.generate();
        FakeMail publication = authenticated("alice@example.net", "alice@example.net",
            requests.publication(ALICE_KEY, publishing)).build();

        run(publication, "mailkeys-retry");

        assertThat(publication.getState()).isEqualTo(Mail.GHOST);
        assertThat(((KeyAnswer.Confirmation) lastAnswer()).verifies(publishing, ALICE_KEY)).isTrue();

        KAuth asking = KAuth.generate();
        FakeMail retrieval = anonymous("bob@acme.test", requests.retrieval("alice@example.net", asking)).build();
        run(retrieval, "mailkeys-retry");

        assertThat(((KeyAnswer.KeyFound) lastAnswer()).verifies(asking)).isTrue();
    }
}
