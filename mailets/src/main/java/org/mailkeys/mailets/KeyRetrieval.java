package org.mailkeys.mailets;

import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetException;
import org.mailkeys.mailets.log.LogProofs;
import org.mailkeys.protocol.ErrorCode;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyRequest;
import org.mailkeys.store.StoredKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a parsed retrieval request (docs/PROTOCOL.md section 3) to the requester: the stored key, NOT-FOUND, or
 * {@code ERROR not-local} / {@code malformed} for a queried address James does not host or cannot read; with the key
 * log's proof when the request asks for version 2 (section 12). Used by {@link AnswerKeyRequest} and, for a retrieval
 * sent with SMTP AUTH, by {@link PublishKey}, so that its body is parsed once.
 */
final class KeyRetrieval {
    private static final Logger LOGGER = LoggerFactory.getLogger(KeyRetrieval.class);

    private final AnsweringStore service;
    private final DomainList domainList;

    KeyRetrieval(AnsweringStore service, DomainList domainList) {
        this.service = service;
        this.domainList = domainList;
    }

    void answer(Mail mail, MailAddress requester, KeyRequest.Retrieval retrieval) throws MessagingException {
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
            key = service.store().find(StoredKey.normalise(queried));
        } catch (KeyStoreUnavailableException e) {
            throw service.unavailable().answerOnce(mail, requester, kAuth, e);
        }
        if (service.proofs().isPresent() && LogProofs.asksForVersion2(mail)) {
            answerWithProof(mail, requester, queried, key, kAuth, service.proofs().get());
        } else if (key.isPresent()) {
            service.answers().keyFound(mail, requester, key.get().keyBytes(), kAuth);
        } else {
            service.answers().notFound(mail, requester, queried, kAuth);
        }
    }

    /** docs/PROTOCOL.md 12: the version 1 answer with the key log's proof block under its MAC. */
    private void answerWithProof(Mail mail, MailAddress requester, String queried, Optional<StoredKey> key, KAuth kAuth,
                                 LogProofs proofs) throws MessagingException {
        try {
            if (key.isPresent()) {
                service.answers().keyFound(mail, requester, key.get().keyBytes(),
                    proofs.entry(key.get().address(), key.get().version()), kAuth);
            } else {
                service.answers().notFound(mail, requester, queried, proofs.absent(queried), kAuth);
            }
        } catch (KeyStoreUnavailableException e) {
            throw service.unavailable().answerOnce(mail, requester, kAuth, e);
        }
    }

    /** An ERROR answer to a retrieval request (or to what was sent as one). */
    void refuse(Mail mail, MailAddress requester, ErrorCode code, String text, Optional<KAuth> kAuth)
        throws MessagingException {
        LOGGER.info("Key request {} from {} refused: {}", mail.getName(), requester.asString(), code.wireName());
        service.answers().error(mail, requester, code, text, kAuth);
    }

    private boolean isHosted(MailAddress address) throws MessagingException {
        try {
            return domainList.containsDomain(address.getDomain());
        } catch (DomainListException e) {
            throw new MailetException("MailKeys: cannot read the domain list", e);
        }
    }

    private static Optional<MailAddress> parse(String address) {
        try {
            return Optional.of(new MailAddress(address));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }
}
