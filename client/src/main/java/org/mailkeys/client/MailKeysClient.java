package org.mailkeys.client;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

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
 * <p>This class puts the two halves together: {@link RequestDispatcher} sends, {@link AnswerCollector} collects.
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
    private final AccountRequests requests;
    private final RequestDispatcher dispatcher;
    private final AnswerCollector collector;

    public MailKeysClient(ClientSettings settings) {
        this.settings = settings;
        Clock clock = Clock.systemUTC();
        this.requests = new AccountRequests(new PendingRequestStore(settings.stateFolder()), settings.account());
        AccountServers servers = new AccountServers(settings, new ServiceLocator(settings.dns()));
        MailSessions sessions = new MailSessions(settings.dns(), settings.tls(), settings.networkTimeout());
        MtaStsPolicies policies = new MtaStsPolicies(settings.dns(), settings.tls(), settings.stateFolder().resolve("mta-sts"),
                settings.mtaStsPort(), settings.networkTimeout(), clock);
        MxRoutes routes = new MxRoutes(settings.dns(), policies, settings.mxPort(), settings.requirement(), settings.progress());
        RequestSender sender = new RequestSender(settings.dns(), sessions, settings.mxPort(), settings.mxOverride(), routes,
                settings.progress());
        LogDirectory logs = new HttpsLogDirectory(settings.dns(),
                new WellKnownHttps(settings.dns(), settings.tls(), settings.logPort(), settings.networkTimeout()));
        LogState logState = logState(settings);
        AnswerEvaluator evaluator = new AnswerEvaluator(new LogProofChecker(new LogKeyPins(logs, logState, settings.logKeys()),
                logState, logs), settings.requireTransparency());
        this.dispatcher = new RequestDispatcher(settings, requests, servers, sender, evaluator, clock);
        this.collector = new AnswerCollector(settings, requests, servers, sessions, evaluator, clock);
    }

    /** Where the client keeps what it saw of each domain's key log. */
    public static LogState logState(ClientSettings settings) {
        return new LogState(settings.stateFolder().resolve("log"), Clock.systemUTC());
    }

    public PendingRequestStore pendingRequests() {
        return requests.store();
    }

    /** Publishes the account's public key and waits for the confirmation. */
    public Outcome publish(byte[] keyBytes) throws MailKeysException {
        return collectOne(sendPublication(keyBytes));
    }

    /** Deletes the account's published key and waits for the confirmation. */
    public Outcome delete() throws MailKeysException {
        return collectOne(sendDeletion());
    }

    /** Looks up each address (one request each) and waits for the answers; one outcome per address, in order. */
    public List<Outcome> lookup(List<String> addresses) throws MailKeysException {
        return collectFor(sendLookups(addresses), settings.answerTimeout());
    }

    /**
     * @throws IllegalArgumentException when the key is not one public key self-signed for the account's address
     *         (the KST would refuse it): nothing is sent
     */
    public Outcome sendPublication(byte[] keyBytes) throws MailKeysException {
        return dispatcher.sendPublication(keyBytes);
    }

    public Outcome sendDeletion() throws MailKeysException {
        return dispatcher.sendDeletion();
    }

    public List<Outcome> sendLookups(List<String> addresses) throws MailKeysException {
        return dispatcher.sendLookups(addresses);
    }

    /** {@link Outcome.Pending} when sent; {@link Outcome.NotSupported} or {@link Outcome.Failed} when not. */
    public Outcome sendLookup(String address) throws MailKeysException {
        return dispatcher.sendLookup(address);
    }

    /**
     * Collects the answers of the given sent requests (other outcomes pass through unchanged), waiting up to
     * {@code timeout}; one outcome per input, in order.
     */
    public List<Outcome> collectFor(List<Outcome> sent, Duration timeout) throws MailKeysException {
        return collector.collectFor(sent, timeout);
    }

    /** Collects answers for every pending request of the state folder, waiting up to {@code timeout} (zero: look once). */
    public List<Outcome> collectPending(Duration timeout) throws MailKeysException {
        return collector.collectPending(timeout);
    }

    /** The pending requests of this client's account (the state folder may be shared by several accounts). */
    public List<PendingRequest> pendingOfAccount() throws MailKeysException {
        return requests.ofAccount();
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
        collector.watchAnswers(listener, slice, keepWatching);
    }

    /**
     * The addresses the account wrote to: To, Cc and Bcc of the newest {@code maxMessages} mails of its Sent folder
     * over IMAP (a connection of its own, read-only), at most {@code maxAddresses}, the account itself left out.
     */
    public List<String> sentRecipients(int maxMessages, int maxAddresses) throws MailKeysException {
        return collector.sentRecipients(maxMessages, maxAddresses);
    }

    /** A sent request's answer, awaited; what was not sent passes through. */
    private Outcome collectOne(Outcome sent) throws MailKeysException {
        return sent instanceof Outcome.Pending ? collectFor(List.of(sent), settings.answerTimeout()).get(0) : sent;
    }
}
