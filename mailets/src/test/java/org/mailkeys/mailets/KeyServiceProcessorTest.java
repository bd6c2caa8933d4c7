package org.mailkeys.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailkeys.mailets.TestRequests.anonymous;
import static org.mailkeys.mailets.TestRequests.authenticated;
import static org.mailkeys.mailets.TestRequests.bodyOf;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.mailetcontainer.AutomaticallySentMailDetectorImpl;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.apache.mailet.Matcher;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailkeys.matchers.FakeDomainList;
import org.mailkeys.matchers.SenderIsAuthenticated;
import org.mailkeys.protocol.AnswerParser;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.RequestWriter;

/**
 * The "mailkeys" processor of conf/mailetcontainer.xml, played in order the way James runs it: each pair runs while
 * the mail's state is still the processor's, the matcher (when any) deciding whether the mailet sees the mail.
 */
class KeyServiceProcessorTest {
    private static final String PROCESSOR = "mailkeys";
    private static final byte[] ALICE_KEY = TestRequests.resource("alice-public.gpg");

    private final RequestWriter requests = new RequestWriter();
    private final AnswerParser answers = new AnswerParser();
    private final List<Matcher> matchers = new ArrayList<>();
    private final List<Mailet> mailets = new ArrayList<>();
    private FakeMailContext context;

    @BeforeEach
    void setUp() throws Exception {
        context = FakeMailContext.defaultContext();
        FakeKeyStore store = new FakeKeyStore();
        FakeDomainList domains = new FakeDomainList("example.net");
        RecordingMetricFactory metrics = new RecordingMetricFactory();
        SenderIsAuthenticated authenticated = new SenderIsAuthenticated();
        authenticated.init(FakeMatcherConfig.builder().matcherName("SenderIsAuthenticated").mailetContext(context).build());

        add(null, new DropUnanswerableRequest(new AutomaticallySentMailDetectorImpl(), metrics));
        add(null, new LimitAnswerRate(metrics, domains));
        add(authenticated, new PublishKey(store, domains, metrics));
        add(null, new AnswerKeyRequest(store, domains, metrics));
    }

    private void add(Matcher matcher, Mailet mailet) throws Exception {
        mailet.init(FakeMailetConfig.builder().mailetName(mailet.getClass().getSimpleName()).mailetContext(context).build());
        matchers.add(matcher);
        mailets.add(mailet);
    }

    private void process(FakeMail mail) throws Exception {
        mail.setState(PROCESSOR);
        for (int i = 0; i < mailets.size() && PROCESSOR.equals(mail.getState()); i++) {
            Matcher matcher = matchers.get(i);
            if (matcher == null || !matcher.match(mail).isEmpty()) {
                mailets.get(i).service(mail);
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
}
