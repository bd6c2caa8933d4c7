package org.mailkeys.mailets;

import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.mailkeys.protocol.AnswerWriter;
import org.mailkeys.protocol.ErrorCode;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.LogProofAnswers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The answers of the key service: picks body and subject, counts each kind, sends it. */
final class Answers {
    private static final Logger LOGGER = LoggerFactory.getLogger(Answers.class);
    static final String METRIC_PREFIX = "mailkeys.answer.";

    private final AnswerWriter writer = new AnswerWriter();
    private final LogProofAnswers version2 = new LogProofAnswers();
    private final AnswerMessage message;
    private final MetricFactory metrics;

    Answers(MailetContext context, MetricFactory metrics) {
        this.message = new AnswerMessage(context);
        this.metrics = metrics;
    }

    void confirmation(Mail request, MailAddress to, byte[] receivedKeyBytes, KAuth kAuth) throws MessagingException {
        send(request, to, "confirmation", "Key publication confirmed", writer.confirmation(receivedKeyBytes, kAuth));
    }

    void deleted(Mail request, MailAddress to, String address, KAuth kAuth) throws MessagingException {
        send(request, to, "deleted", "Key deleted", writer.deleted(address, kAuth));
    }

    void keyFound(Mail request, MailAddress to, byte[] keyBytes, KAuth kAuth) throws MessagingException {
        send(request, to, "key-found", "Key answer", writer.keyFound(keyBytes, kAuth));
    }

    void notFound(Mail request, MailAddress to, String address, KAuth kAuth) throws MessagingException {
        send(request, to, "not-found", "Key answer", writer.notFound(address, kAuth));
    }

    /** A version 2 confirmation: the proof block of the new entry under the MAC (docs/PROTOCOL.md 12). */
    void confirmation(Mail request, MailAddress to, byte[] receivedKeyBytes, String block, KAuth kAuth)
        throws MessagingException {
        send(request, to, "confirmation", "Key publication confirmed",
            version2.confirmation(receivedKeyBytes, block, kAuth), true);
    }

    /** A version 2 key answer, with the proof of the entry that holds the key. */
    void keyFound(Mail request, MailAddress to, byte[] keyBytes, String block, KAuth kAuth)
        throws MessagingException {
        send(request, to, "key-found", "Key answer", version2.keyFound(keyBytes, block, kAuth), true);
    }

    /** A version 2 NOT-FOUND, with the VRF proof of the address and the latest checkpoint. */
    void notFound(Mail request, MailAddress to, String address, String block, KAuth kAuth)
        throws MessagingException {
        send(request, to, "not-found", "Key answer", version2.notFound(address, block, kAuth), true);
    }

    /** With the code's own fixed text. */
    void error(Mail request, MailAddress to, ErrorCode code, Optional<KAuth> kAuth) throws MessagingException {
        error(request, to, code, code.text(), kAuth);
    }

    /** @param text a fixed US-ASCII explanation more precise than the code's own; never request text */
    void error(Mail request, MailAddress to, ErrorCode code, String text, Optional<KAuth> kAuth) throws MessagingException {
        send(request, to, "error." + code.wireName(), "Key service error", writer.error(code, text, kAuth));
    }

    private void send(Mail request, MailAddress to, String kind, String subject, String body) throws MessagingException {
        send(request, to, kind, subject, body, false);
    }

    private void send(Mail request, MailAddress to, String kind, String subject, String body, boolean versionTwo)
        throws MessagingException {
        if (!message.send(request, to, subject, body, versionTwo)) {
            LOGGER.warn("Key service answer {} for mail {} dropped: its address cannot be written in a mail header",
                kind, request.getName());
            metrics.generate(DropReason.UNWRITABLE_ADDRESS.metricName()).increment();
            return;
        }
        metrics.generate(METRIC_PREFIX + kind).increment();
        LOGGER.info("Key service answered {} to {} for mail {}", kind, to.asString(), request.getName());
    }
}
