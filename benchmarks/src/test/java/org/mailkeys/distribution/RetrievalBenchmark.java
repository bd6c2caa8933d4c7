package org.mailkeys.distribution;

import static java.util.stream.Collectors.toList;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import javax.mail.MessagingException;

import org.mailkeys.benchmarks.BenchmarkSettings;
import org.mailkeys.benchmarks.Figure;
import org.mailkeys.benchmarks.Results;
import org.mailkeys.benchmarks.RoundRatios;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.testing.ImapArrival;
import org.mailkeys.testing.KeyFixtures;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.ReceivedMail;
import org.mailkeys.testing.SmtpSession;

/**
 * Key retrieval against plain delivery in the same James: {@code retrieval_vs_plain_c1/_c4/_c16} (requests answered
 * with the key per second, until the last answer is in an INBOX, over mails of about the same size delivered to local
 * mailboxes, both from {@link BenchmarkJames#MAILBOXES} requesters, rounds alternating which goes first), then
 * {@code latency_p50/p99_vs_plain} (send to readable over IMAPS, one mail at a time, plain and request taking turns).
 */
public final class RetrievalBenchmark {
    public static final String ALICE = "alice@" + BenchmarkJames.DOMAIN;
    private static final int[] CONNECTIONS = {1, 4, 16};
    private static final int LATENCY_MAILBOXES = 10;

    private final BenchmarkJames james;
    private final Results results;

    public RetrievalBenchmark(BenchmarkJames james, Results results) {
        this.james = james;
        this.results = results;
    }

    /** Publishes alice's key (the key every request asks for) and waits for its confirmation. */
    public void publishAlice() throws Exception {
        OutgoingMail publication = OutgoingMail.publication(ALICE, KeyFixtures.text(KeyFixtures.ALICE));
        try (SmtpSession session = james.authenticatedSession(ALICE)) {
            session.send(ALICE, BenchmarkJames.SERVICE, publication.raw());
        }
        KeyAnswer answer = Mailbox.imaps(james.imapsPort(), ALICE).awaitReplyTo(publication.messageId()).answer();
        if (!(answer instanceof KeyAnswer.Confirmation)) {
            throw new IllegalStateException("alice's key was not published: " + answer);
        }
    }

    public void measureThroughput() throws Exception {
        List<String> requesters = BenchmarkJames.REQUESTERS;
        james.deliver(prepare(BenchmarkSettings.WARM_UP_MAILS, this::plain), 4, requesters);
        james.deliver(prepare(BenchmarkSettings.WARM_UP_MAILS, this::request), 4, requesters);
        for (int connections : CONNECTIONS) {
            RoundRatios ratios = new RoundRatios();
            List<OutgoingMail> lastRequests = List.of();
            for (int round = 0; round < BenchmarkSettings.THROUGHPUT_ROUNDS; round++) {
                int mails = BenchmarkSettings.THROUGHPUT_MAILS;
                List<OutgoingMail> plain = prepare(mails, this::plain);
                List<OutgoingMail> requests = prepare(mails, this::request);
                double plainSeconds;
                double requestSeconds;
                // even rounds start with the baseline, odd ones end with it: a server slowing as INBOXes grow, or
                // load from elsewhere, weighs on both sides
                if (round % 2 == 0) {
                    plainSeconds = james.deliver(plain, connections, requesters);
                    requestSeconds = james.deliver(requests, connections, requesters);
                } else {
                    requestSeconds = james.deliver(requests, connections, requesters);
                    plainSeconds = james.deliver(plain, connections, requesters);
                }
                ratios.add(mails, requestSeconds, mails, plainSeconds);
                lastRequests = requests;
            }
            checkSampleOfAnswers(lastRequests);
            results.add(Figure.measured("retrieval_vs_plain_c" + connections, ratios.ratio(), ">= 0.9",
                String.format(Locale.ROOT, "%d mails per side and round, %s", BenchmarkSettings.THROUGHPUT_MAILS,
                    ratios.describe("answers/s vs plain mails/s"))));
        }
    }

    /**
     * One mail at a time, plain and key request taking turns over {@link #LATENCY_MAILBOXES} mailboxes: from just
     * before MAIL FROM (connection already open) to the mail (or the verified answer) fetched over IMAPS.
     */
    public void measureLatency() throws Exception {
        int samples = BenchmarkSettings.LATENCY_SAMPLES;
        double[] plain = new double[samples];
        double[] key = new double[samples];
        ImapArrival[] watches = new ImapArrival[LATENCY_MAILBOXES];
        try (SmtpSession session = james.anonymousSession()) {
            for (int i = 0; i < LATENCY_MAILBOXES; i++) {
                watches[i] = ImapArrival.connect(james.imapsPort(), BenchmarkJames.REQUESTERS.get(i));
            }
            for (int i = 0; i < samples; i++) {
                int mailbox = i % LATENCY_MAILBOXES;
                String requester = BenchmarkJames.REQUESTERS.get(mailbox);
                OutgoingMail plainMail = OutgoingMail.plain(requester, i);
                OutgoingMail request = OutgoingMail.retrieval(requester, ALICE);
                if (i % 2 == 0) {
                    plain[i] = roundTrip(session, watches, mailbox, plainMail);
                    key[i] = roundTrip(session, watches, mailbox, request);
                } else {
                    key[i] = roundTrip(session, watches, mailbox, request);
                    plain[i] = roundTrip(session, watches, mailbox, plainMail);
                }
            }
        } finally {
            for (ImapArrival watch : watches) {
                if (watch != null) {
                    watch.close();
                }
            }
        }
        for (double fraction : new double[] {0.5, 0.99}) {
            double ratio = percentile(key, fraction) / percentile(plain, fraction);
            String name = fraction == 0.5 ? "latency_p50_vs_plain" : "latency_p99_vs_plain";
            results.add(Figure.measured(name, ratio, "<= 1.1", String.format(Locale.ROOT,
                "%d round trips each, %.1f vs %.1f ms; halves %.2f / %.2f", samples, percentile(key, fraction),
                percentile(plain, fraction), halfRatio(key, plain, fraction, 0), halfRatio(key, plain, fraction, 1))));
        }
    }

    /**
     * One mail and its arrival. An IMAP connection that fails while waiting (a read timing out on a loaded machine)
     * is opened again and the wait goes on: the sample then counts the reconnection too, on either side.
     */
    private double roundTrip(SmtpSession session, ImapArrival[] watches, int mailbox, OutgoingMail mail) throws Exception {
        int next = watches[mailbox].count() + 1;
        long start = System.nanoTime();
        session.send(mail.sender(), mail.recipient(), mail.raw());
        byte[] raw = null;
        for (int attempt = 1; raw == null; attempt++) {
            try {
                raw = watches[mailbox].await(next, Mailbox.ANSWER_TIMEOUT);
            } catch (MessagingException | IOException e) {
                if (attempt == 3) {
                    throw e;
                }
                closeQuietly(watches[mailbox]);
                watches[mailbox] = ImapArrival.connect(james.imapsPort(), mail.kAuth() == null ? mail.recipient() : mail.sender());
            }
        }
        double millis = (System.nanoTime() - start) / 1e6;
        ReceivedMail received = new ReceivedMail(raw);
        if (mail.kAuth() == null) {
            check(received.header("Message-ID").orElse("").equals(mail.messageId()), "plain mail arrived");
        } else {
            check(received.inReplyTo().orElse("").equals(mail.messageId()), "answer to this request");
            check(((KeyAnswer.KeyFound) received.answer()).verifies(mail.kAuth()), "answer's MAC verifies");
        }
        return millis;
    }

    private static void closeQuietly(ImapArrival broken) {
        try {
            broken.close();
        } catch (IOException ignored) {
            // the connection failed already; a new one replaces it
        }
    }

    /** Not timed: a few answers read back over IMAP, each the key with a MAC that verifies under its request's K_auth. */
    private void checkSampleOfAnswers(List<OutgoingMail> requests) throws Exception {
        Random random = new Random(7);
        checkAnswersAreKeys(james, IntStream.range(0, 3).mapToObj(i -> requests.get(random.nextInt(requests.size()))).collect(toList()));
    }

    static void checkAnswersAreKeys(BenchmarkJames james, List<OutgoingMail> requests) throws Exception {
        for (OutgoingMail request : requests) {
            KeyAnswer answer = Mailbox.imaps(james.imapsPort(), request.sender()).awaitReplyTo(request.messageId()).answer();
            check(answer instanceof KeyAnswer.KeyFound && ((KeyAnswer.KeyFound) answer).verifies(request.kAuth()),
                "answer is the key with a MAC that verifies");
        }
    }

    private OutgoingMail plain(int i) {
        return OutgoingMail.plain(BenchmarkJames.REQUESTERS.get(i % BenchmarkJames.MAILBOXES), i);
    }

    private OutgoingMail request(int i) {
        return OutgoingMail.retrieval(BenchmarkJames.REQUESTERS.get(i % BenchmarkJames.MAILBOXES), ALICE);
    }

    private static List<OutgoingMail> prepare(int count, IntFunction<OutgoingMail> mail) {
        return IntStream.range(0, count).mapToObj(mail).collect(toList());
    }

    /** The ratio within the first or second half of the samples: how much it moved during the run. */
    private static double halfRatio(double[] subject, double[] baseline, double fraction, int half) {
        int from = half * subject.length / 2;
        int to = (half + 1) * subject.length / 2;
        return percentile(Arrays.copyOfRange(subject, from, to), fraction) / percentile(Arrays.copyOfRange(baseline, from, to), fraction);
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] values, double fraction) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("wrong result: " + what);
        }
    }
}
