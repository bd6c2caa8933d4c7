package org.mailkeys.mailets;

import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * The facts of one key service request that every mailet of the {@code mailkeys} processor needs, worked out once by
 * {@link KeyServiceMails} and kept as mail attributes: James copies attributes through a requeue, a mail repository
 * and a replay from there, so a retry reads the facts of its first attempt. Only simple values are stored (James'
 * queues serialise attributes), never request text.
 */
final class KeyServiceMail {
    static final AttributeName AUTHENTICATED = AttributeName.of("org.mailkeys.request.authenticated");
    static final AttributeName ACCOUNT = AttributeName.of("org.mailkeys.request.account");
    static final AttributeName OVER_RETRIEVAL_LIMIT = AttributeName.of("org.mailkeys.request.overRetrievalLimit");
    /** Set by {@link RetryKeyRequest} on every attempt after the first. */
    static final AttributeName RETRY = AttributeName.of("org.mailkeys.retry");

    private final MailAddress sender;
    private final boolean authenticated;
    private final Optional<MailAddress> account;
    private final boolean overRetrievalLimit;
    private final boolean retry;

    KeyServiceMail(MailAddress sender, boolean authenticated, Optional<MailAddress> account,
                   boolean overRetrievalLimit, boolean retry) {
        this.sender = sender;
        this.authenticated = authenticated;
        this.account = account;
        this.overRetrievalLimit = overRetrievalLimit;
        this.retry = retry;
    }

    /** The envelope sender, never the null sender: a retrieval's answer goes here (docs/PROTOCOL.md 3.2). */
    MailAddress sender() {
        return sender;
    }

    /** Whether James received the mail with SMTP AUTH ({@link Mail#SMTP_AUTH_USER}), never told by a header. */
    boolean authenticated() {
        return authenticated;
    }

    /** The SMTP AUTH account's address; empty without SMTP AUTH or when the user name is no mail address. */
    Optional<MailAddress> account() {
        return account;
    }

    /** Where answers other than a retrieval's go: the account with SMTP AUTH (docs/PROTOCOL.md 2.4, 5), else the
     * sender. */
    MailAddress answerTo() {
        return account.orElse(sender);
    }

    /** The mail is larger than {@code limit.retrieval.bytes}: as a retrieval request it gets no answer (section 5). */
    boolean overRetrievalLimit() {
        return overRetrievalLimit;
    }

    /** A later attempt of a request that passed the drop rules and rate limits at its first attempt. */
    boolean retry() {
        return retry;
    }

    void recordIn(Mail mail) {
        mail.setAttribute(new Attribute(AUTHENTICATED, AttributeValue.of(authenticated)));
        account.ifPresent(address -> mail.setAttribute(new Attribute(ACCOUNT, AttributeValue.of(address.asString()))));
        mail.setAttribute(new Attribute(OVER_RETRIEVAL_LIMIT, AttributeValue.of(overRetrievalLimit)));
    }

    /** The facts recorded in the mail, if any were (and its envelope sender is still one that can be answered). */
    static Optional<KeyServiceMail> recordedIn(Mail mail) {
        Optional<Boolean> authenticated = flag(mail, AUTHENTICATED);
        Optional<Boolean> overLimit = flag(mail, OVER_RETRIEVAL_LIMIT);
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        if (authenticated.isEmpty() || overLimit.isEmpty() || sender.isEmpty()) {
            return Optional.empty();
        }
        Optional<MailAddress> account = mail.getAttribute(ACCOUNT)
            .map(attribute -> attribute.getValue().value())
            .filter(String.class::isInstance)
            .flatMap(address -> parse((String) address));
        return Optional.of(new KeyServiceMail(sender.get(), authenticated.get(), account, overLimit.get(),
            isRetry(mail)));
    }

    static boolean isRetry(Mail mail) {
        return flag(mail, RETRY).orElse(false);
    }

    private static Optional<Boolean> flag(Mail mail, AttributeName name) {
        return mail.getAttribute(name)
            .map(attribute -> attribute.getValue().value())
            .filter(Boolean.class::isInstance)
            .map(Boolean.class::cast);
    }

    private static Optional<MailAddress> parse(String address) {
        try {
            return Optional.of(new MailAddress(address));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }
}
