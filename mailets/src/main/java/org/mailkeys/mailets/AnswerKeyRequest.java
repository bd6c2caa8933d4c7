package org.mailkeys.mailets;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailkeys.protocol.ErrorCode;
import org.mailkeys.protocol.KeyRequest;
import org.mailkeys.protocol.ProtocolException;
import org.mailkeys.protocol.RequestParser;
import org.mailkeys.store.KeyStore;
import org.mailkeys.transparency.KeyLog;

/**
 * Key retrieval (docs/PROTOCOL.md section 3): answers the request's envelope sender ({@link KeyRetrieval}) with the
 * stored key of the queried address, NOT-FOUND, or an ERROR (not-local for an address in a domain James does not
 * host; malformed for anything that is not a retrieval request, publications without SMTP AUTH included). Consumes
 * the mail (GHOST). A request larger than mailkeys.properties' {@code limit.retrieval.bytes} ({@link RequestLimits})
 * is dropped unanswered (docs/PROTOCOL.md 5). A retrieval sent with SMTP AUTH is answered the same way by
 * {@link PublishKey}, which has parsed it already.
 * A key store failure answers {@code ERROR unavailable} once per request ({@link UnavailableAnswer}) and throws, so
 * James keeps and retries the mail (see {@code onMailetException}).
 *
 * <pre>{@code
 * <mailet match="All" class="org.mailkeys.mailets.AnswerKeyRequest">
 *     <storeTimeoutSeconds>10</storeTimeoutSeconds>  <!-- default 10 -->
 *     <onMailetException>mailkeys-error</onMailetException>
 * </mailet>
 * }</pre>
 */
public class AnswerKeyRequest extends GenericMailet {
    private final KeyStore keyStore;
    private final DomainList domainList;
    private final MetricFactory metrics;
    private final DropGate gate;
    private final KeyServiceMails requests;
    private final RequestParser parser = new RequestParser();
    private KeyRetrieval retrieval;

    private Optional<KeyLog> log = Optional.empty();

    @Inject
    public AnswerKeyRequest(KeyStore keyStore, DomainList domainList, MetricFactory metrics, RequestLimits limits,
                            Optional<KeyLog> keyLog) {
        this(keyStore, domainList, metrics, limits);
        this.log = keyLog;
    }

    public AnswerKeyRequest(KeyStore keyStore, DomainList domainList, MetricFactory metrics, RequestLimits limits) {
        this.keyStore = keyStore;
        this.domainList = domainList;
        this.metrics = metrics;
        this.gate = new DropGate(metrics);
        this.requests = new KeyServiceMails(domainList, limits, gate);
    }

    @Override
    public void init() throws MessagingException {
        retrieval = new KeyRetrieval(AnsweringStore.configured(getMailetConfig(), keyStore, metrics, log), domainList);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<KeyServiceMail> request = requests.of(mail);
        if (request.isEmpty()) {
            return;
        }
        if (request.get().overRetrievalLimit()) {
            // docs/PROTOCOL.md 5; without SMTP AUTH, DropUnanswerableRequest has dropped it already
            gate.drop(mail, DropReason.OVERSIZED_RETRIEVAL);
            return;
        }
        MailAddress requester = request.get().sender();
        try {
            KeyRequest parsed = parser.parse(RequestText.of(mail));
            if (parsed instanceof KeyRequest.Retrieval) {
                retrieval.answer(mail, requester, (KeyRequest.Retrieval) parsed);
            } else {
                retrieval.refuse(mail, requester, ErrorCode.MALFORMED, ErrorCode.NOT_A_RETRIEVAL_TEXT,
                    Optional.of(parsed.kAuth()));
            }
        } catch (ProtocolException e) {
            retrieval.refuse(mail, requester, e.code(), e.code().text(), e.kAuth());
        }
        mail.setState(Mail.GHOST);
    }

    @Override
    public String getMailetInfo() {
        return "MailKeys: answers key retrieval requests";
    }
}
