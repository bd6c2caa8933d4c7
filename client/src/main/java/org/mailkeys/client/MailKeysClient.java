package org.mailkeys.client;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import jakarta.mail.MessagingException;

import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.ProtocolException;
import org.mailkeys.protocol.PublicKeyPolicy;
import org.mailkeys.protocol.RequestWriter;

/**
 * The mail program's side of MailKeys (docs/PROTOCOL.md): publish or delete the account's key through its own
 * submission server, look up other addresses' keys at their providers, and collect and verify the answers from
 * the account's INBOX.
 *
 * <p>Each request gets a fresh K_auth and Message-ID, kept as a {@link PendingRequest} in the state folder until
 * its answer arrives. An answer counts only when its MAC verifies; a verified answer (or a bounce of the service
 * address) is consumed: removed from the INBOX and from the pending requests. An answer that fails verification
 * is no answer at all (docs/PROTOCOL.md 3.2): it is left in the INBOX for the user to inspect, the request keeps
 * waiting for the genuine answer, and only if none comes in time is the request reported as
 * {@link Outcome.Tampered} (it stays pending, so a later {@code collectPending} can still find the genuine one).
 *
 * <pre>{@code
 * MailKeysClient client = new MailKeysClient(ClientSettings.builder("bob@acme.net")
 *         .credentials(() -> new Credentials("bob@acme.net", password)).build());
 * for (Outcome outcome : client.lookup(List.of("alice@example.net"))) {
 *     if (outcome instanceof Outcome.KeyFound) { ... ((Outcome.KeyFound) outcome).keyBytes() ... }
 * }
 * }</pre>
 */
public final class MailKeysClient {
    public static final String PUBLICATION_SUBJECT = "Key publication";
    public static final String REQUEST_SUBJECT = "Key request";

    private final ClientSettings settings;
    private final PendingRequestStore store;
    private final ServiceLocator locator;
    private final MailSessions sessions;
    private final RequestSender sender;
    private final RequestWriter writer = new RequestWriter();
    private final Clock clock = Clock.systemUTC();
    private final AnswerEvaluator evaluator;
    private Credentials credentials;

    public MailKeysClient(ClientSettings settings) {
        this.settings = settings;
        this.store = new PendingRequestStore(settings.stateFolder());
        this.locator = new ServiceLocator(settings.dns());
        this.sessions = new MailSessions(settings.dns(), settings.tls(), settings.networkTimeout());
        MtaStsPolicies policies = new MtaStsPolicies(settings.dns(), settings.tls(), settings.stateFolder().resolve("mta-sts"),
                settings.mtaStsPort(), settings.networkTimeout(), clock);
        MxRoutes routes = new MxRoutes(settings.dns(), policies, settings.mxPort(), settings.requirement(), settings.progress());
        this.sender = new RequestSender(settings.dns(), sessions, settings.mxPort(), settings.mxOverride(), routes,
                settings.progress());
        LogDirectory logs = new HttpsLogDirectory(settings.dns(),
                new WellKnownHttps(settings.dns(), settings.tls(), settings.logPort(), settings.networkTimeout()));
        LogState logState = logState(settings);
        this.evaluator = new AnswerEvaluator(new LogProofChecker(new LogKeyPins(logs, logState, settings.logKeys()),
                logState, logs), settings.requireTransparency());
    }

    /** Where the client keeps what it saw of each domain's key log. */
    public static LogState logState(ClientSettings settings) {
        return new LogState(settings.stateFolder().resolve("log"), Clock.systemUTC());
    }

    public PendingRequestStore pendingRequests() {
        return store;
    }

    /** Publishes the account's public key and waits for the confirmation. */
    public Outcome publish(byte[] keyBytes) throws MailKeysException {
        Outcome sent = sendPublication(keyBytes);
        return sent instanceof Outcome.Pending ? collectOne((Outcome.Pending) sent) : sent;
    }

    /** Deletes the account's published key and waits for the confirmation. */
    public Outcome delete() throws MailKeysException {
        Outcome sent = sendDeletion();
        return sent instanceof Outcome.Pending ? collectOne((Outcome.Pending) sent) : sent;
    }

    /** Looks up each address (one request each) and waits for the answers; one outcome per address, in order. */
    public List<Outcome> lookup(List<String> addresses) throws MailKeysException {
        List<Outcome> sent = sendLookups(addresses);
        return collectFor(sent, settings.answerTimeout());
    }

    /**
     * @throws IllegalArgumentException when the key is not one public key self-signed for the account's address
     *         (the KST would refuse it): nothing is sent
     */
    public Outcome sendPublication(byte[] keyBytes) throws MailKeysException {
        try {
            new PublicKeyPolicy().accept(keyBytes, settings.account());
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("this key cannot be published for " + settings.account() + ": "
                    + e.code().wireName() + " (" + e.getMessage() + ")");
        }
        KAuth kAuth = KAuth.generate();
        String body = writer.publication(keyBytes, kAuth);
        return submitOwn(RequestKind.PUBLISH, PUBLICATION_SUBJECT, body, kAuth, Optional.of(keyBytes));
    }

    public Outcome sendDeletion() throws MailKeysException {
        evaluator.ownDeletionRequested(settings.account());
        KAuth kAuth = KAuth.generate();
        return submitOwn(RequestKind.DELETE, PUBLICATION_SUBJECT, writer.deletion(kAuth), kAuth, Optional.empty());
    }

    public List<Outcome> sendLookups(List<String> addresses) throws MailKeysException {
        List<Outcome> sent = new ArrayList<>();
        for (String address : addresses) {
            sent.add(sendLookup(address));
        }
        return sent;
    }

    /** {@link Outcome.Pending} when sent; {@link Outcome.NotSupported} or {@link Outcome.Failed} when not. */
    public Outcome sendLookup(String address) throws MailKeysException {
        String queried = address.trim();
        String domain = RequestMessages.domainOf(queried);
        KAuth kAuth = KAuth.generate();
        String body = writer.retrieval(queried, kAuth);
        String messageId = RequestMessages.newMessageId(settings.account());
        PendingRequest direct = pending(messageId, RequestKind.LOOKUP, queried, kAuth, false, Optional.empty());
        save(direct);
        RequestSender.MessageFactory mail = session -> RequestMessages.build(session, settings.account(), domain,
                REQUEST_SUBJECT, messageId, body);
        try {
            RequestSender.Delivery delivery = sender.toMailExchanger(domain, settings.account(), mail);
            save(direct.sentWith(delivery.protection));
            settings.progress().update("request for " + queried + " taken by " + delivery.host + " ("
                    + delivery.protection.description() + ")");
            return new Outcome.Pending(queried, messageId, false).sentWith(Optional.of(delivery.protection));
        } catch (DnsLookup.NoMailDomainException e) {
            forget(messageId);
            return new Outcome.NotSupported(queried, e.getMessage(), false);
        } catch (RequestSender.RecipientRefused e) {
            forget(messageId);
            return new Outcome.NotSupported(queried, e.getMessage(), false).sentWith(Optional.of(e.protection));
        } catch (RequestSender.NoMxReachable e) {
            if (!settings.relay()) {
                forget(messageId);
                return new Outcome.Failed(queried, e.getMessage(), Outcome.Failed.Obstacle.MAIL_EXCHANGERS_UNREACHABLE);
            }
            if (settings.requirement().isPresent()) {
                forget(messageId);
                return new Outcome.Failed(queried, e.getMessage(), Outcome.Failed.Obstacle.RELAYED_MODE_RULED_OUT);
            }
            save(pending(messageId, RequestKind.LOOKUP, queried, kAuth, true, Optional.empty()));
            try {
                sender.submit(submissionServer(), credentials(), settings.account(), mail);
            } catch (MailKeysException relayFailure) {
                forget(messageId);
                return new Outcome.Failed(queried, relayFailure.getMessage());
            }
            settings.progress().update("request for " + queried + " sent in relayed mode");
            return new Outcome.Pending(queried, messageId, true).sentWith(Optional.of(Protection.RELAYED));
        } catch (MailKeysException e) {
            forget(messageId);
            return new Outcome.Failed(queried, e.getMessage());
        }
    }

    /**
     * Collects the answers of the given sent requests (other outcomes pass through unchanged), waiting up to
     * {@code timeout}; one outcome per input, in order.
     */
    public List<Outcome> collectFor(List<Outcome> sent, Duration timeout) throws MailKeysException {
        List<PendingRequest> waiting = new ArrayList<>();
        for (Outcome outcome : sent) {
            if (outcome instanceof Outcome.Pending) {
                storedRequest(((Outcome.Pending) outcome).messageId()).ifPresent(waiting::add);
            }
        }
        Map<String, Outcome> answered = waiting.isEmpty() ? Map.of() : collect(waiting, timeout);
        List<Outcome> results = new ArrayList<>();
        for (Outcome outcome : sent) {
            if (outcome instanceof Outcome.Pending) {
                Outcome.Pending pending = (Outcome.Pending) outcome;
                results.add(answered.getOrDefault(pending.messageId(), Outcome.NoAnswer.of(pending)));
            } else {
                results.add(outcome);
            }
        }
        return results;
    }

    /** Collects answers for every pending request of the state folder, waiting up to {@code timeout} (zero: look once). */
    public List<Outcome> collectPending(Duration timeout) throws MailKeysException {
        List<PendingRequest> waiting = pendingOfAccount();
        Map<String, Outcome> answered = waiting.isEmpty() ? Map.of() : collect(waiting, timeout);
        List<Outcome> results = new ArrayList<>();
        for (PendingRequest request : waiting) {
            results.add(answered.getOrDefault(request.messageId(),
                    new Outcome.NoAnswer(request.address(), request.messageId(), request.relayed()).sentWith(request.protection())));
        }
        return results;
    }

    /** The pending requests of this client's account (the state folder may be shared by several accounts). */
    public List<PendingRequest> pendingOfAccount() throws MailKeysException {
        try {
            List<PendingRequest> mine = new ArrayList<>();
            for (PendingRequest request : store.pending()) {
                if (request.account().equalsIgnoreCase(settings.account())) {
                    mine.add(request);
                }
            }
            return mine;
        } catch (IOException e) {
            throw new MailKeysException("cannot read the pending requests in " + store.folder() + ": " + e.getMessage(), e);
        }
    }

    /** Told of every mail in the INBOX that concerns a pending request, with what it says. */
    public interface AnswerListener {
        void answered(AnswerEvaluator.Evaluation evaluation);
    }

    /**
     * Keeps one IMAP connection open and hands every answer to a pending request of the account to the listener
     * as it arrives, until {@code keepWatching} says stop (checked at least every {@code slice}): what
     * {@link #collectPending} does once, for a long-running agent. The pending requests are read again for every
     * batch of new mails, so requests sent meanwhile (their files are saved before they are sent) are matched.
     * Verified answers are consumed as in {@link #collectPending}; what is no answer at all is left in the INBOX.
     *
     * @throws MailKeysException when the connection fails (the caller reconnects)
     */
    public void watchAnswers(AnswerListener listener, Duration slice, BooleanSupplier keepWatching) throws MailKeysException {
        MailServer server = imapServer();
        Instant since = pendingOfAccount().stream().map(PendingRequest::sentAt).min(Instant::compareTo).orElse(clock.instant());
        try (AnswerMailbox inbox = new AnswerMailbox(sessions.imap(server), server, credentials())) {
            while (keepWatching.getAsBoolean()) {
                List<AnswerMailbox.Candidate> arrived = inbox.newMails(since);
                List<PendingRequest> open = arrived.isEmpty() ? List.of() : pendingOfAccount();
                for (AnswerMailbox.Candidate mail : arrived) {
                    if (open.isEmpty() || !AnswerEvaluator.mayConcern(mail.inReplyTo, mail.references, mail.contentType, open)) {
                        continue;
                    }
                    Optional<AnswerEvaluator.Evaluation> evaluation = evaluator.evaluate(mail.raw(), open);
                    if (evaluation.isEmpty()) {
                        continue;
                    }
                    if (evaluation.get().countsAsAnswer()) {
                        if (evaluation.get().settlesRequest()) {
                            forget(evaluation.get().request().messageId());
                        }
                        inbox.consume(mail);
                    }
                    listener.answered(evaluation.get());
                }
                inbox.expungeConsumed();
                inbox.waitForMail(slice);
            }
        } catch (MessagingException | IOException e) {
            throw new MailKeysException("watching " + server + " for answers failed: " + RequestSender.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The addresses the account wrote to: To, Cc and Bcc of the newest {@code maxMessages} mails of its Sent folder
     * over IMAP (a connection of its own, read-only), at most {@code maxAddresses}, the account itself left out.
     */
    public List<String> sentRecipients(int maxMessages, int maxAddresses) throws MailKeysException {
        MailServer server = imapServer();
        try {
            return SentRecipients.read(sessions.imap(server), server, credentials(), settings.account(), maxMessages, maxAddresses);
        } catch (MessagingException | IOException e) {
            throw new MailKeysException("reading the Sent folder at " + server + " failed: " + RequestSender.describe(e), e);
        }
    }

    private Outcome collectOne(Outcome.Pending sent) throws MailKeysException {
        return collectFor(List.of(sent), settings.answerTimeout()).get(0);
    }

    private Map<String, Outcome> collect(List<PendingRequest> requests, Duration timeout) throws MailKeysException {
        Map<String, PendingRequest> waiting = new LinkedHashMap<>();
        requests.forEach(request -> waiting.put(request.messageId(), request));
        Map<String, Outcome> answered = new LinkedHashMap<>();
        MailServer server = imapServer();
        Instant deadline = clock.instant().plus(timeout);
        Instant oldestSent = requests.stream().map(PendingRequest::sentAt).min(Instant::compareTo).orElse(clock.instant());
        settings.progress().update("checking " + server + " for answers");
        try (AnswerMailbox inbox = new AnswerMailbox(sessions.imap(server), server, credentials())) {
            while (true) {
                for (AnswerMailbox.Candidate mail : inbox.newMails(oldestSent)) {
                    List<PendingRequest> open = new ArrayList<>(waiting.values());
                    if (open.isEmpty() || !AnswerEvaluator.mayConcern(mail.inReplyTo, mail.references, mail.contentType, open)) {
                        continue;
                    }
                    Optional<AnswerEvaluator.Evaluation> evaluation = evaluator.evaluate(mail.raw(), open);
                    if (evaluation.isPresent()) {
                        settle(evaluation.get(), mail, inbox, waiting, answered);
                    }
                }
                Duration left = Duration.between(clock.instant(), deadline);
                if (waiting.isEmpty() || left.isNegative() || left.isZero()) {
                    break;
                }
                settings.progress().update("waiting for " + waiting.size() + " answer" + (waiting.size() == 1 ? "" : "s")
                        + (inbox.usesIdle() ? " (IMAP IDLE)" : " (polling)"));
                inbox.waitForMail(left);
            }
        } catch (MessagingException | IOException e) {
            throw new MailKeysException("collecting answers from " + server + " failed: " + RequestSender.describe(e)
                    + stillPending(waiting.size()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailKeysException("interrupted while waiting for answers" + stillPending(waiting.size()), e);
        }
        return answered;
    }

    /** The requests were sent and are kept in the state folder: a failed collection loses none of them. */
    static String stillPending(int requests) {
        if (requests == 0) {
            return "";
        }
        return requests == 1
                ? "; the request was sent and stays pending: `mailkeys answers` collects its answer later"
                : "; the " + requests + " requests were sent and stay pending: `mailkeys answers` collects their answers later";
    }

    private void settle(AnswerEvaluator.Evaluation evaluation, AnswerMailbox.Candidate mail, AnswerMailbox inbox,
                        Map<String, PendingRequest> waiting, Map<String, Outcome> answered)
            throws MessagingException, MailKeysException {
        String messageId = evaluation.request().messageId();
        // reported if nothing better comes; a verified answer arriving before the deadline replaces it
        answered.put(messageId, evaluation.outcome().sentWith(evaluation.request().protection()));
        settings.progress().update(evaluation.outcome().describe());
        if (!evaluation.countsAsAnswer()) {
            return; // no answer at all (docs/PROTOCOL.md 3.2): keep waiting for the genuine one
        }
        waiting.remove(messageId);
        if (evaluation.settlesRequest()) {
            forget(messageId);
        }
        inbox.consume(mail);
    }

    private Outcome submitOwn(RequestKind kind, String subject, String body, KAuth kAuth, Optional<byte[]> keyBytes)
            throws MailKeysException {
        String account = settings.account();
        String domain = RequestMessages.domainOf(account);
        String messageId = RequestMessages.newMessageId(account);
        PendingRequest request = pending(messageId, kind, account, kAuth, false, keyBytes);
        save(request);
        Protection protection;
        try {
            MailServer server = submissionServer();
            protection = server.protection();
            save(request.sentWith(protection));
            sender.submit(server, credentials(), account,
                    session -> RequestMessages.build(session, account, domain, subject, messageId, body));
        } catch (MailKeysException e) {
            forget(messageId);
            return new Outcome.Failed(account, e.getMessage());
        }
        return new Outcome.Pending(account, messageId, false).sentWith(Optional.of(protection));
    }

    private PendingRequest pending(String messageId, RequestKind kind, String address, KAuth kAuth, boolean relayed,
                                   Optional<byte[]> keyBytes) {
        return new PendingRequest(messageId, kind, address, settings.account(), kAuth, clock.instant(), relayed, keyBytes);
    }

    private MailServer submissionServer() throws MailKeysException {
        try {
            return locator.submission(RequestMessages.domainOf(settings.account()), settings.submission());
        } catch (IOException e) {
            throw new MailKeysException("cannot find the submission server of " + settings.account() + ": " + e.getMessage(), e);
        }
    }

    private MailServer imapServer() throws MailKeysException {
        try {
            return locator.imap(RequestMessages.domainOf(settings.account()), settings.imap());
        } catch (IOException e) {
            throw new MailKeysException("cannot find the IMAP server of " + settings.account() + ": " + e.getMessage(), e);
        }
    }

    private Credentials credentials() {
        if (credentials == null) {
            credentials = settings.credentials().get();
        }
        return credentials;
    }

    private Optional<PendingRequest> storedRequest(String messageId) throws MailKeysException {
        try {
            return store.find(messageId);
        } catch (IOException e) {
            throw new MailKeysException("cannot read pending request: " + e.getMessage(), e);
        }
    }

    private void save(PendingRequest request) throws MailKeysException {
        try {
            store.save(request);
        } catch (IOException e) {
            throw new MailKeysException("cannot keep the pending request in " + store.folder() + ": " + e.getMessage(), e);
        }
    }

    private void forget(String messageId) throws MailKeysException {
        try {
            store.remove(messageId);
        } catch (IOException e) {
            throw new MailKeysException("cannot remove the pending request from " + store.folder() + ": " + e.getMessage(), e);
        }
    }
}
