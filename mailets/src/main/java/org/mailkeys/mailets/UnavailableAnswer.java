package org.mailkeys.mailets;

import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.mailkeys.protocol.ErrorCode;
import org.mailkeys.protocol.KAuth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the requester once that its request waits for the key store (docs/PROTOCOL.md section 4, {@code unavailable}),
 * then hands the failure back so that James keeps and retries the mail. The mail is marked with a Boolean
 * attribute: James copies attributes when it requeues a mail (Requeue, the mail queues), stores it in a mail
 * repository and reprocesses it from there, so the retries of the same request answer nothing until the store
 * works again and the real answer goes out.
 */
final class UnavailableAnswer {
    private static final Logger LOGGER = LoggerFactory.getLogger(UnavailableAnswer.class);

    static final AttributeName ANSWERED = AttributeName.of("org.mailkeys.unavailableAnswered");

    private final Answers answers;

    UnavailableAnswer(Answers answers) {
        this.answers = answers;
    }

    /**
     * Answers {@code ERROR unavailable} (with the MAC under {@code kAuth}) unless this mail already got it.
     *
     * @return {@code failure}, for the caller to throw: the mail must reach James' error handling either way
     */
    KeyStoreUnavailableException answerOnce(Mail request, MailAddress to, KAuth kAuth, KeyStoreUnavailableException failure) {
        if (alreadyAnswered(request)) {
            LOGGER.info("Key request {} still waits for the key store; already answered unavailable", request.getName());
            return failure;
        }
        try {
            answers.error(request, to, ErrorCode.UNAVAILABLE, Optional.of(kAuth));
            request.setAttribute(new Attribute(ANSWERED, AttributeValue.of(true)));
        } catch (MessagingException | RuntimeException e) {
            // the request is kept all the same; a later attempt tries this answer again
            LOGGER.warn("Key request {}: the unavailable answer could not be sent ({})", request.getName(),
                e.getClass().getSimpleName());
            failure.addSuppressed(e);
        }
        return failure;
    }

    static boolean alreadyAnswered(Mail request) {
        return request.getAttribute(ANSWERED)
            .map(attribute -> Boolean.TRUE.equals(attribute.getValue().value()))
            .orElse(false);
    }
}
