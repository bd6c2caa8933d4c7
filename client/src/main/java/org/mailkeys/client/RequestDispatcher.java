package org.mailkeys.client;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.ProtocolException;
import org.mailkeys.protocol.PublicKeyPolicy;
import org.mailkeys.protocol.RequestWriter;

/**
 * The sending half of {@link MailKeysClient}: writes each request with a fresh K_auth and Message-ID, keeps it as a
 * {@link PendingRequest} before it leaves (so an answer can always be matched), and sends it: the account's own
 * requests through its submission server, lookups straight to the queried domain's mail exchangers, or in relayed
 * mode through the submission server when asked and allowed (docs/PROTOCOL.md 6).
 */
final class RequestDispatcher {
    private final ClientSettings settings;
    private final AccountRequests requests;
    private final AccountServers servers;
    private final RequestSender sender;
    private final AnswerEvaluator evaluator;
    private final RequestWriter writer = new RequestWriter();
    private final Clock clock;

    RequestDispatcher(ClientSettings settings, AccountRequests requests, AccountServers servers, RequestSender sender,
                      AnswerEvaluator evaluator, Clock clock) {
        this.settings = settings;
        this.requests = requests;
        this.servers = servers;
        this.sender = sender;
        this.evaluator = evaluator;
        this.clock = clock;
    }

    /**
     * @throws IllegalArgumentException when the key is not one public key self-signed for the account's address
     *         (the KST would refuse it): nothing is sent
     */
    Outcome sendPublication(byte[] keyBytes) throws MailKeysException {
        try {
            new PublicKeyPolicy().accept(keyBytes, settings.account());
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("this key cannot be published for " + settings.account() + ": "
                    + e.code().wireName() + " (" + e.getMessage() + ")");
        }
        KAuth kAuth = KAuth.generate();
        String body = writer.publication(keyBytes, kAuth);
        return submitOwn(RequestKind.PUBLISH, MailKeysClient.PUBLICATION_SUBJECT, body, kAuth, Optional.of(keyBytes));
    }

    Outcome sendDeletion() throws MailKeysException {
        evaluator.ownDeletionRequested(settings.account());
        KAuth kAuth = KAuth.generate();
        return submitOwn(RequestKind.DELETE, MailKeysClient.PUBLICATION_SUBJECT, writer.deletion(kAuth), kAuth,
                Optional.empty());
    }

    List<Outcome> sendLookups(List<String> addresses) throws MailKeysException {
        List<Outcome> sent = new ArrayList<>();
        for (String address : addresses) {
            sent.add(sendLookup(address));
        }
        return sent;
    }

    /** {@link Outcome.Pending} when sent; {@link Outcome.NotSupported} or {@link Outcome.Failed} when not. */
    Outcome sendLookup(String address) throws MailKeysException {
        String queried = address.trim();
        String domain = RequestMessages.domainOf(queried);
        KAuth kAuth = KAuth.generate();
        String body = writer.retrieval(queried, kAuth);
        String messageId = RequestMessages.newMessageId(settings.account());
        PendingRequest direct = pending(messageId, RequestKind.LOOKUP, queried, kAuth, false, Optional.empty());
        requests.save(direct);
        RequestSender.MessageFactory mail = session -> RequestMessages.build(session, settings.account(), domain,
                MailKeysClient.REQUEST_SUBJECT, messageId, body);
        try {
            RequestSender.Delivery delivery = sender.toMailExchanger(domain, settings.account(), mail);
            requests.save(direct.sentWith(delivery.protection));
            settings.progress().update("request for " + queried + " taken by " + delivery.host + " ("
                    + delivery.protection.description() + ")");
            return new Outcome.Pending(queried, messageId, false).sentWith(Optional.of(delivery.protection));
        } catch (DnsLookup.NoMailDomainException e) {
            requests.forget(messageId);
            return new Outcome.NotSupported(queried, e.getMessage(), false);
        } catch (RequestSender.RecipientRefused e) {
            requests.forget(messageId);
            return new Outcome.NotSupported(queried, e.getMessage(), false).sentWith(Optional.of(e.protection));
        } catch (RequestSender.NoMxReachable e) {
            return relayed(queried, messageId, kAuth, mail, e);
        } catch (MailKeysException e) {
            requests.forget(messageId);
            return new Outcome.Failed(queried, e.getMessage());
        }
    }

    /** No mail exchanger took the lookup: through the account's own provider, if the user asked and may. */
    private Outcome relayed(String queried, String messageId, KAuth kAuth, RequestSender.MessageFactory mail,
                            RequestSender.NoMxReachable unreachable) throws MailKeysException {
        if (!settings.relay()) {
            requests.forget(messageId);
            return new Outcome.Failed(queried, unreachable.getMessage(), Outcome.Failed.Obstacle.MAIL_EXCHANGERS_UNREACHABLE);
        }
        if (settings.requirement().isPresent()) {
            requests.forget(messageId);
            return new Outcome.Failed(queried, unreachable.getMessage(), Outcome.Failed.Obstacle.RELAYED_MODE_RULED_OUT);
        }
        requests.save(pending(messageId, RequestKind.LOOKUP, queried, kAuth, true, Optional.empty()));
        try {
            sender.submit(servers.submission(), servers.credentials(), settings.account(), mail);
        } catch (MailKeysException relayFailure) {
            requests.forget(messageId);
            return new Outcome.Failed(queried, relayFailure.getMessage());
        }
        settings.progress().update("request for " + queried + " sent in relayed mode");
        return new Outcome.Pending(queried, messageId, true).sentWith(Optional.of(Protection.RELAYED));
    }

    private Outcome submitOwn(RequestKind kind, String subject, String body, KAuth kAuth, Optional<byte[]> keyBytes)
            throws MailKeysException {
        String account = settings.account();
        String domain = RequestMessages.domainOf(account);
        String messageId = RequestMessages.newMessageId(account);
        PendingRequest request = pending(messageId, kind, account, kAuth, false, keyBytes);
        requests.save(request);
        Protection protection;
        try {
            MailServer server = servers.submission();
            protection = server.protection();
            requests.save(request.sentWith(protection));
            sender.submit(server, servers.credentials(), account,
                    session -> RequestMessages.build(session, account, domain, subject, messageId, body));
        } catch (MailKeysException e) {
            requests.forget(messageId);
            return new Outcome.Failed(account, e.getMessage());
        }
        return new Outcome.Pending(account, messageId, false).sentWith(Optional.of(protection));
    }

    private PendingRequest pending(String messageId, RequestKind kind, String address, KAuth kAuth, boolean relayed,
                                   Optional<byte[]> keyBytes) {
        return new PendingRequest(messageId, kind, address, settings.account(), kAuth, clock.instant(), relayed, keyBytes);
    }
}
