package org.mailkeys.distribution;

import static org.mailkeys.distribution.testjames.TestJames.PASSWORD;

import java.io.IOException;

import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.RequestWriter;
import org.mailkeys.testing.SmtpSession;
import org.mailkeys.testing.TestMessages;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * What a MUA does (docs/PROTOCOL.md sections 2 and 3), over real SMTP with TLS: publications and deletions over the
 * submission listeners with SMTP AUTH, retrieval requests anonymously over the MX listener. Every request has a fresh
 * K_auth and Message-ID, kept in the returned {@link SentRequest} to check the answer.
 */
final class KeyServiceClient {
    private final ListenerPorts ports;

    KeyServiceClient(ListenerPorts ports) {
        this.ports = ports;
    }

    static String serviceAddress(String domain) {
        return "keys@" + domain;
    }

    /** Publishes the armored key as the user's MUA would: the armored text as is, then the K_auth line. */
    SentRequest publish(String account, String armoredKey) throws IOException {
        KAuth kAuth = KAuth.generate();
        return submit(account, armoredKey.stripTrailing() + "\n" + kAuth.toBase64() + "\n", kAuth, "Key publication");
    }

    /** Publishes over the implicit-TLS submission listener. */
    SentRequest publishOverImplicitTls(String account, String armoredKey) throws IOException {
        KAuth kAuth = KAuth.generate();
        TestMessages message = TestMessages.message(account, serviceAddress(domainOf(account)), "Key publication")
            .withBody(armoredKey.stripTrailing() + "\n" + kAuth.toBase64() + "\n");
        try (SmtpSession session = SmtpSession.implicitTls(ports.submissions).authenticate(account, PASSWORD)) {
            session.send(account, serviceAddress(domainOf(account)), message.raw());
        }
        return new SentRequest(message.messageId(), kAuth);
    }

    SentRequest delete(String account) throws IOException {
        KAuth kAuth = KAuth.generate();
        return submit(account, new RequestWriter().deletion(kAuth), kAuth, "Key deletion");
    }

    /** Any body, sent with SMTP AUTH as the account, with the K_auth the caller put in it (or none). */
    SentRequest submit(String account, String body, KAuth kAuth, String subject) throws IOException {
        TestMessages message = TestMessages.message(account, serviceAddress(domainOf(account)), subject).withBody(body);
        try (SmtpSession session = SmtpSession.startTls(ports.submission).authenticate(account, PASSWORD)) {
            session.send(account, serviceAddress(domainOf(account)), message.raw());
        }
        return new SentRequest(message.messageId(), kAuth);
    }

    /** Asks keys@<queried domain> for the queried address's key, anonymously over the MX listener. */
    SentRequest requestKey(String requester, String queriedAddress) throws IOException {
        KAuth kAuth = KAuth.generate();
        TestMessages message = TestMessages.message(requester, serviceAddress(domainOf(queriedAddress)), "Key request")
            .withBody(new RequestWriter().retrieval(queriedAddress, kAuth));
        sendAnonymously(requester, serviceAddress(domainOf(queriedAddress)), message);
        return new SentRequest(message.messageId(), kAuth);
    }

    /** Sends a prepared message anonymously over the MX listener (STARTTLS, no AUTH); empty sender is {@code <>}. */
    void sendAnonymously(String envelopeSender, String recipient, TestMessages message) throws IOException {
        try (SmtpSession session = SmtpSession.startTls(ports.smtpMx)) {
            session.send(envelopeSender, recipient, message.raw());
        }
    }

    static String domainOf(String address) {
        return address.substring(address.indexOf('@') + 1);
    }

    /** A request on its way: the answer names {@link #messageId} in In-Reply-To, its MAC is keyed with {@link #kAuth}. */
    static final class SentRequest {
        final String messageId;
        final KAuth kAuth;

        SentRequest(String messageId, KAuth kAuth) {
            this.messageId = messageId;
            this.kAuth = kAuth;
        }
    }
}
