package org.mailkeys.mailets;

import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetException;
import org.apache.mailet.base.GenericMailet;
import org.mailkeys.mailets.log.LogProofs;
import org.mailkeys.protocol.ErrorCode;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyRequest;
import org.mailkeys.protocol.ProtocolException;
import org.mailkeys.protocol.RequestParser;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.StoredKey;
import org.mailkeys.transparency.KeyLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key retrieval (docs/PROTOCOL.md section 3): answers the request's envelope sender with the stored key of the queried
 * address, NOT-FOUND, or an ERROR (not-local for an address in a domain James does not host; malformed for
 * anything that is not a retrieval request, publications without SMTP AUTH included). Consumes the mail (GHOST).
 * A request larger than mailkeys.properties' {@code limit.retrieval.bytes} ({@link RequestLimits}) is dropped
 * unanswered, with SMTP AUTH too (docs/PROTOCOL.md 5).
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
    private static final Logger LOGGER = LoggerFactory.getLogger(AnswerKeyRequest.class);

    private final KeyStore keyStore;
    private final DomainList domainList;
    private final MetricFactory metrics;
    private final DropGate gate;
    private final RequestParser parser = new RequestParser();
    private final RequestLimits limits;
    private StoreCalls store;
    private Answers answers;
    private UnavailableAnswer unavailable;

    private Optional<KeyLog> log = Optional.empty();
    private Optional<LogProofs> proofs = Optional.empty();

    @Inject
    public AnswerKeyRequest(KeyStore keyStore, DomainList domainList, MetricFactory metrics, RequestLimits limits,
                            Optional<KeyLog> keyLog) {
        this(keyStore, domainList, metrics, limits);
        this.log = keyLog;
    }

    public AnswerKeyRequest(KeyStore keyStore, DomainList domainList, MetricFactory metrics, RequestLimits limits) {
        this.keyStore = keyStore;
        this.limits = limits;
        this.domainList = domainList;
        this.metrics = metrics;
        this.gate = new DropGate(metrics);
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = MailetParameters.of(getMailetConfig(), Set.of(StoreCalls.TIMEOUT_PARAMETER));
        store = StoreCalls.configured(keyStore, parameters, metrics);
        answers = new Answers(getMailetContext(), metrics);
        unavailable = new UnavailableAnswer(answers);
        proofs = log.map(keyLog -> new LogProofs(keyLog, store.timeout()));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<MailAddress> sender = gate.answerableSender(mail);
        if (sender.isEmpty()) {
            return;
        }
        if (mail.getMessageSize() > limits.retrievalBytes()) {
            // docs/PROTOCOL.md 5, for every retrieval request: mail with SMTP AUTH reaches this mailet unchecked
            gate.drop(mail, DropReason.OVERSIZED_RETRIEVAL);
            return;
        }
        MailAddress requester = sender.get();
        try {
            KeyRequest request = parser.parse(RequestText.of(mail));
            if (request instanceof KeyRequest.Retrieval) {
                answer(mail, requester, (KeyRequest.Retrieval) request);
            } else {
                refuse(mail, requester, ErrorCode.MALFORMED, ErrorCode.NOT_A_RETRIEVAL_TEXT,
                    Optional.of(request.kAuth()));
            }
        } catch (ProtocolException e) {
            refuse(mail, requester, e.code(), e.code().text(), e.kAuth());
        }
        mail.setState(Mail.GHOST);
    }

    private void answer(Mail mail, MailAddress requester, KeyRequest.Retrieval retrieval) throws MessagingException {
        String queried = retrieval.queriedAddress();
        KAuth kAuth = retrieval.kAuth();
        Optional<MailAddress> queriedAddress = parse(queried);
        if (queriedAddress.isEmpty()) {
            refuse(mail, requester, ErrorCode.MALFORMED, ErrorCode.BAD_QUERIED_ADDRESS_TEXT, Optional.of(kAuth));
            return;
        }
        if (!isHosted(queriedAddress.get())) {
            refuse(mail, requester, ErrorCode.NOT_LOCAL, ErrorCode.NOT_LOCAL.text(), Optional.of(kAuth));
            return;
        }
        Optional<StoredKey> key;
        try {
            key = store.find(StoredKey.normalise(queried));
        } catch (KeyStoreUnavailableException e) {
            throw unavailable.answerOnce(mail, requester, kAuth, e);
        }
        if (proofs.isPresent() && LogProofs.asksForVersion2(mail)) {
            answerWithProof(mail, requester, queried, key, kAuth);
        } else if (key.isPresent()) {
            answers.keyFound(mail, requester, key.get().keyBytes(), kAuth);
        } else {
            answers.notFound(mail, requester, queried, kAuth);
        }
    }

    /** docs/PROTOCOL.md 12: the version 1 answer with the key log's proof block under its MAC. */
    private void answerWithProof(Mail mail, MailAddress requester, String queried, Optional<StoredKey> key, KAuth kAuth)
        throws MessagingException {
        try {
            if (key.isPresent()) {
                answers.keyFound(mail, requester, key.get().keyBytes(),
                    proofs.get().entry(key.get().address(), key.get().version()), kAuth);
            } else {
                answers.notFound(mail, requester, queried, proofs.get().absent(queried), kAuth);
            }
        } catch (KeyStoreUnavailableException e) {
            throw unavailable.answerOnce(mail, requester, kAuth, e);
        }
    }

    private void refuse(Mail mail, MailAddress requester, ErrorCode code, String text, Optional<KAuth> kAuth) throws MessagingException {
        LOGGER.info("Key request {} from {} refused: {}", mail.getName(), requester.asString(), code.wireName());
        answers.error(mail, requester, code, text, kAuth);
    }

    private boolean isHosted(MailAddress address) throws MessagingException {
        try {
            return domainList.containsDomain(address.getDomain());
        } catch (DomainListException e) {
            throw new MailetException("AnswerKeyRequest: cannot read the domain list", e);
        }
    }

    private static Optional<MailAddress> parse(String address) {
        try {
            return Optional.of(new MailAddress(address));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    @Override
    public String getMailetInfo() {
        return "MailKeys: answers key retrieval requests";
    }
}
