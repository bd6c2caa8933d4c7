package org.mailkeys.mailets;

import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetException;
import org.mailkeys.matchers.AuthenticatedUser;

/**
 * Works out the {@link KeyServiceMail} facts of a request once: the first mailet of the key service that sees the
 * mail records them, the later ones (and every retry) read them. A request with the null sender is dropped here, the
 * one place that recognises it (docs/PROTOCOL.md 5), and gives no facts.
 */
final class KeyServiceMails {
    private final DomainList domainList;
    private final RequestLimits limits;
    private final DropGate gate;

    KeyServiceMails(DomainList domainList, RequestLimits limits, DropGate gate) {
        this.domainList = domainList;
        this.limits = limits;
        this.gate = gate;
    }

    /** The request's facts; empty when it was dropped for its null sender (state GHOST). */
    Optional<KeyServiceMail> of(Mail mail) throws MailetException {
        Optional<KeyServiceMail> recorded = KeyServiceMail.recordedIn(mail);
        if (recorded.isPresent()) {
            return recorded;
        }
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        if (sender.isEmpty()) {
            gate.drop(mail, DropReason.NULL_SENDER);
            return Optional.empty();
        }
        Optional<String> authUser = AuthenticatedUser.of(mail);
        KeyServiceMail facts = new KeyServiceMail(sender.get(), authUser.isPresent(),
            authUser.isPresent() ? account(authUser.get()) : Optional.empty(), overRetrievalLimit(mail),
            KeyServiceMail.isRetry(mail));
        facts.recordIn(mail);
        return Optional.of(facts);
    }

    private boolean overRetrievalLimit(Mail mail) throws MailetException {
        try {
            return mail.getMessageSize() > limits.retrievalBytes();
        } catch (MessagingException e) {
            throw new MailetException("MailKeys: cannot read the size of key service request " + mail.getName(), e);
        }
    }

    private Optional<MailAddress> account(String authUser) throws MailetException {
        try {
            return AccountAddress.of(authUser, domainList);
        } catch (DomainListException e) {
            throw new MailetException("MailKeys: cannot read the default domain for the SMTP AUTH account", e);
        }
    }
}
