package org.mailkeys.mailets;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailkeys.mailets.log.LogProofs;
import org.mailkeys.protocol.ErrorCode;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KAuthFinder;
import org.mailkeys.protocol.KeyRequest;
import org.mailkeys.protocol.MailAddresses;
import org.mailkeys.protocol.ProtocolException;
import org.mailkeys.protocol.PublicKeyPolicy;
import org.mailkeys.protocol.RequestParser;
import org.mailkeys.protocol.SanitisedKey;
import org.mailkeys.store.ChangeOrigin;
import org.mailkeys.store.NodeName;
import org.mailkeys.store.KeyStore;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.VersionRule;
import org.mailkeys.store.WriteOutcome;
import org.mailkeys.store.WriteTicket;
import org.mailkeys.transparency.KeyLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key publication and deletion (docs/PROTOCOL.md section 2) for mail James received with SMTP AUTH. The account is the
 * SMTP AUTH user ({@link Mail#SMTP_AUTH_USER}), never a header. A body shaped as a retrieval request is answered
 * as {@link AnswerKeyRequest} answers one ({@link KeyRetrieval}), from the body parsed here; everything else is
 * answered to the account's address. Consumes the mail (GHOST). A key store failure answers {@code ERROR unavailable} once per request
 * ({@link UnavailableAnswer}) and throws, so James keeps and retries the mail (see {@code onMailetException}).
 * Each request keeps the place in its account's order that it got at its first attempt ({@link PublicationOrder}):
 * one that a newer request overtook meanwhile changes nothing and is answered {@code ERROR superseded}; only a
 * change the store holds as this request's own (its request id, never an equal version) is confirmed. A protocol text over mailkeys.properties' {@code limit.publication.bytes}
 * ({@link RequestLimits}) is answered {@code ERROR too-large}.
 *
 * <pre>{@code
 * <mailet match="org.mailkeys.matchers.SenderIsAuthenticated" class="org.mailkeys.mailets.PublishKey">
 *     <storeTimeoutSeconds>10</storeTimeoutSeconds>  <!-- default 10 -->
 *     <onMailetException>mailkeys-error</onMailetException>
 * </mailet>
 * }</pre>
 */
public class PublishKey extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(PublishKey.class);

    private final KeyStore keyStore;
    private final DomainList domainList;
    private final MetricFactory metrics;
    private final NodeName node;
    private final Clock clock;
    private final PublicationOrder order;
    private final RequestParser parser = new RequestParser();
    private final PublicKeyPolicy policy = new PublicKeyPolicy();
    private final RequestLimits limits;
    private final DropGate gate;
    private final KeyServiceMails requests;
    private KeyPublications publications;
    private Answers answers;
    private UnavailableAnswer unavailable;
    private Optional<LogProofs> proofs;
    private KeyRetrieval retrieval;

    private Optional<KeyLog> log = Optional.empty();

    /** With the node's one {@link VersionRule}, shared with every other writer of this node, and its key log. */
    @Inject
    public PublishKey(KeyStore keyStore, DomainList domainList, MetricFactory metrics, NodeName node,
                      RequestLimits limits, VersionRule versions, Optional<KeyLog> keyLog) {
        this(keyStore, domainList, metrics, node, limits, Clock.systemUTC(), versions);
        this.log = keyLog;
    }

    public PublishKey(KeyStore keyStore, DomainList domainList, MetricFactory metrics, NodeName node,
                      RequestLimits limits) {
        this(keyStore, domainList, metrics, node, limits, Clock.systemUTC());
    }

    PublishKey(KeyStore keyStore, DomainList domainList, MetricFactory metrics, NodeName node, RequestLimits limits,
               Clock clock) {
        this(keyStore, domainList, metrics, node, limits, clock, new VersionRule(clock, node));
    }

    private PublishKey(KeyStore keyStore, DomainList domainList, MetricFactory metrics, NodeName node,
                       RequestLimits limits, Clock clock, VersionRule versions) {
        this.keyStore = keyStore;
        this.limits = limits;
        this.domainList = domainList;
        this.metrics = metrics;
        this.node = node;
        this.clock = clock;
        this.order = new PublicationOrder(versions);
        this.gate = new DropGate(metrics);
        this.requests = new KeyServiceMails(domainList, limits, gate);
    }

    @Override
    public void init() throws MessagingException {
        AnsweringStore service = AnsweringStore.configured(getMailetConfig(), keyStore, metrics, log);
        publications = new KeyPublications(service.store(), order, clock);
        answers = service.answers();
        unavailable = service.unavailable();
        proofs = service.proofs();
        retrieval = new KeyRetrieval(service, domainList);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<KeyServiceMail> request = requests.of(mail);
        if (request.isEmpty() || !request.get().authenticated()) {
            return; // dropped (null sender), or not ours: only the SenderIsAuthenticated matcher should lead here
        }
        Optional<MailAddress> account = request.get().account();
        if (account.isEmpty()) {
            LOGGER.warn("Key publication {} dropped: the SMTP AUTH user name is no mail address", mail.getName());
            mail.setState(Mail.GHOST);
            return;
        }
        String text;
        try {
            // bounded: MessageBodies reads at most MAX_TEXT_BYTES of text, whatever the mail's size
            text = RequestText.of(mail);
        } catch (ProtocolException e) {
            refuse(mail, account.get(), e.code(), e.code().text(), e.kAuth());
            return;
        }
        if (!MailAddresses.isPlausible(account.get().asString())) {
            // James takes quoted local parts a status line cannot name (docs/PROTOCOL.md): refuse before any change
            refuse(mail, account.get(), ErrorCode.ADDRESS_MISMATCH, ErrorCode.ACCOUNT_NOT_SERVED_TEXT,
                KAuthFinder.find(text));
            return;
        }
        if (text.length() > limits.publicationBytes()) {
            // docs/PROTOCOL.md 4.1: the answer carries the MAC whenever the K_auth can be found
            refuse(mail, account.get(), ErrorCode.TOO_LARGE, ErrorCode.TOO_LARGE.text(), KAuthFinder.find(text));
            return;
        }
        KeyRequest parsed;
        try {
            parsed = parser.parse(text);
        } catch (ProtocolException e) {
            refuse(mail, account.get(), e.code(), e.code().text(), e.kAuth());
            return;
        }
        if (parsed instanceof KeyRequest.Retrieval) {
            answerRetrieval(mail, request.get(), (KeyRequest.Retrieval) parsed);
            return;
        }
        if (parsed instanceof KeyRequest.Deletion) {
            delete(mail, account.get(), parsed.kAuth());
        } else {
            publish(mail, account.get(), (KeyRequest.Publication) parsed);
        }
        mail.setState(Mail.GHOST);
    }

    /**
     * docs/PROTOCOL.md 2.2: a user may ask its own provider. Answered as {@link AnswerKeyRequest} answers any
     * retrieval (to the envelope sender, section 3.2; dropped over the retrieval limit, section 5), from the body
     * parsed here.
     */
    private void answerRetrieval(Mail mail, KeyServiceMail request, KeyRequest.Retrieval parsed)
        throws MessagingException {
        if (request.overRetrievalLimit()) {
            gate.drop(mail, DropReason.OVERSIZED_RETRIEVAL);
            return;
        }
        retrieval.answer(mail, request.sender(), parsed);
        mail.setState(Mail.GHOST);
    }

    private void publish(Mail mail, MailAddress account, KeyRequest.Publication publication) throws MessagingException {
        byte[] receivedKeyBytes = publication.keyBytes();
        SanitisedKey key;
        try {
            key = policy.accept(receivedKeyBytes, account.asString());
        } catch (ProtocolException e) {
            // the policy's texts are fixed and name the reason (an algorithm off the list, say), never key material
            refuse(mail, account, e.code(), e.getMessage(), e.kAuth().or(() -> Optional.of(publication.kAuth())));
            return;
        }
        OptionalLong version;
        try {
            version = publications.publish(mail, account.asString(), key,
                now -> ChangeOrigin.account(account.asString(), node.value(), now));
        } catch (KeyStoreUnavailableException e) {
            throw unavailable.answerOnce(mail, account, publication.kAuth(), e);
        }
        if (version.isEmpty()) {
            refuse(mail, account, ErrorCode.SUPERSEDED, ErrorCode.SUPERSEDED.text(), Optional.of(publication.kAuth()));
            return;
        }
        LOGGER.info("Key {} published for {}", key.fingerprint(), account.asString());
        if (proofs.isPresent() && LogProofs.asksForVersion2(mail)) {
            // docs/PROTOCOL.md 12: confirmed once the entry is in a checkpoint, with its proof (the owner's label)
            String block;
            try {
                block = proofs.get().entry(account.asString(), version.getAsLong());
            } catch (KeyStoreUnavailableException e) {
                throw unavailable.answerOnce(mail, account, publication.kAuth(), e);
            }
            answers.confirmation(mail, account, receivedKeyBytes, block, publication.kAuth());
            return;
        }
        answers.confirmation(mail, account, receivedKeyBytes, publication.kAuth());
    }

    private void delete(Mail mail, MailAddress account, KAuth kAuth) throws MessagingException {
        boolean applied;
        try {
            applied = publications.delete(mail, account.asString(),
                now -> ChangeOrigin.account(account.asString(), node.value(), now));
        } catch (KeyStoreUnavailableException e) {
            throw unavailable.answerOnce(mail, account, kAuth, e);
        }
        if (!applied) {
            refuse(mail, account, ErrorCode.SUPERSEDED, ErrorCode.SUPERSEDED.text(), Optional.of(kAuth));
            return;
        }
        LOGGER.info("Key of {} deleted", account.asString());
        answers.deleted(mail, account, StoredKey.normalise(account.asString()), kAuth);
    }

    private void refuse(Mail mail, MailAddress account, ErrorCode code, String text, Optional<KAuth> kAuth) throws MessagingException {
        LOGGER.info("Key publication {} from {} refused: {}", mail.getName(), account.asString(), code.wireName());
        answers.error(mail, account, code, text, kAuth);
        mail.setState(Mail.GHOST);
    }

    @Override
    public String getMailetInfo() {
        return "MailKeys: publishes or deletes the key of an SMTP AUTH account";
    }
}
