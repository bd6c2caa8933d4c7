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

/**
 * The collecting half of {@link MailKeysClient}: reads the account's INBOX over IMAP, hands each mail that may
 * concern a pending request to the {@link AnswerEvaluator}, and settles what it says. A verified answer (or a
 * bounce of the service address) is consumed: removed from the INBOX and, once it settles its request, from the
 * pending requests. An answer that fails verification is no answer at all (docs/PROTOCOL.md 3.2): it is left in
 * the INBOX and the request keeps waiting for the genuine one.
 */
final class AnswerCollector {
    private final ClientSettings settings;
    private final AccountRequests requests;
    private final AccountServers servers;
    private final MailSessions sessions;
    private final AnswerEvaluator evaluator;
    private final Clock clock;

    AnswerCollector(ClientSettings settings, AccountRequests requests, AccountServers servers, MailSessions sessions,
                    AnswerEvaluator evaluator, Clock clock) {
        this.settings = settings;
        this.requests = requests;
        this.servers = servers;
        this.sessions = sessions;
        this.evaluator = evaluator;
        this.clock = clock;
    }

    /**
     * Collects the answers of the given sent requests (other outcomes pass through unchanged), waiting up to
     * {@code timeout}; one outcome per input, in order.
     */
    List<Outcome> collectFor(List<Outcome> sent, Duration timeout) throws MailKeysException {
        List<PendingRequest> waiting = new ArrayList<>();
        for (Outcome outcome : sent) {
            if (outcome instanceof Outcome.Pending) {
                requests.find(((Outcome.Pending) outcome).messageId()).ifPresent(waiting::add);
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

    /** Collects answers for every pending request of the account, waiting up to {@code timeout} (zero: look once). */
    List<Outcome> collectPending(Duration timeout) throws MailKeysException {
        List<PendingRequest> waiting = requests.ofAccount();
        Map<String, Outcome> answered = waiting.isEmpty() ? Map.of() : collect(waiting, timeout);
        List<Outcome> results = new ArrayList<>();
        for (PendingRequest request : waiting) {
            results.add(answered.getOrDefault(request.messageId(),
                    new Outcome.NoAnswer(request.address(), request.messageId(), request.relayed()).sentWith(request.protection())));
        }
        return results;
    }

    /** See {@link MailKeysClient#watchAnswers}. */
    void watchAnswers(MailKeysClient.AnswerListener listener, Duration slice, BooleanSupplier keepWatching)
            throws MailKeysException {
        MailServer server = servers.imap();
        Instant since = requests.ofAccount().stream().map(PendingRequest::sentAt).min(Instant::compareTo)
                .orElse(clock.instant());
        try (AnswerMailbox inbox = new AnswerMailbox(sessions.imap(server), server, servers.credentials())) {
            while (keepWatching.getAsBoolean()) {
                List<AnswerMailbox.Candidate> arrived = inbox.newMails(since);
                List<PendingRequest> open = arrived.isEmpty() ? List.of() : requests.ofAccount();
                for (AnswerMailbox.Candidate mail : arrived) {
                    Optional<AnswerEvaluator.Evaluation> evaluation = evaluate(mail, open);
                    if (evaluation.isEmpty()) {
                        continue;
                    }
                    if (evaluation.get().countsAsAnswer()) {
                        if (evaluation.get().settlesRequest()) {
                            requests.forget(evaluation.get().request().messageId());
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

    /** See {@link MailKeysClient#sentRecipients}. */
    List<String> sentRecipients(int maxMessages, int maxAddresses) throws MailKeysException {
        MailServer server = servers.imap();
        try {
            return SentRecipients.read(sessions.imap(server), server, servers.credentials(), settings.account(), maxMessages,
                    maxAddresses);
        } catch (MessagingException | IOException e) {
            throw new MailKeysException("reading the Sent folder at " + server + " failed: " + RequestSender.describe(e), e);
        }
    }

    /** The evaluation of a mail that may answer one of the open requests; empty for any other mail. */
    private Optional<AnswerEvaluator.Evaluation> evaluate(AnswerMailbox.Candidate mail, List<PendingRequest> open)
            throws MessagingException, IOException {
        if (open.isEmpty() || !AnswerEvaluator.mayConcern(mail.inReplyTo, mail.references, mail.contentType, open)) {
            return Optional.empty();
        }
        return evaluator.evaluate(mail.raw(), open);
    }

    private Map<String, Outcome> collect(List<PendingRequest> pending, Duration timeout) throws MailKeysException {
        Map<String, PendingRequest> waiting = new LinkedHashMap<>();
        pending.forEach(request -> waiting.put(request.messageId(), request));
        Map<String, Outcome> answered = new LinkedHashMap<>();
        MailServer server = servers.imap();
        Instant deadline = clock.instant().plus(timeout);
        Instant oldestSent = pending.stream().map(PendingRequest::sentAt).min(Instant::compareTo).orElse(clock.instant());
        settings.progress().update("checking " + server + " for answers");
        try (AnswerMailbox inbox = new AnswerMailbox(sessions.imap(server), server, servers.credentials())) {
            while (true) {
                for (AnswerMailbox.Candidate mail : inbox.newMails(oldestSent)) {
                    Optional<AnswerEvaluator.Evaluation> evaluation = evaluate(mail, new ArrayList<>(waiting.values()));
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
            requests.forget(messageId);
        }
        inbox.consume(mail);
    }
}
