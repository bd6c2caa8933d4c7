package org.mailkeys.distribution;

import static java.util.stream.Collectors.toList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mailkeys.distribution.MailKeysServer.DOMAIN;
import static org.mailkeys.distribution.MailKeysServer.REQUESTER_DOMAIN;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.RequestWriter;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.mailkeys.testing.ImapArrival;
import org.mailkeys.testing.KeyFixtures;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.ReceivedMail;
import org.mailkeys.testing.SmtpSession;
import org.mailkeys.testing.TestMessages;

/**
 * KST throughput and latency against a real in-process James, printed as figures, never asserted (the machines are
 * shared and noisy). The baseline, measured in the same run, is what the same server does with ordinary mail:
 * anonymous SMTP delivery of ~1.5 KB mails to 100 local mailboxes. Then as many retrieval requests to keys@, from
 * those 100 mailboxes' owners, for a published key (KEY answers) and for an unknown address (NOT-FOUND answers).
 * A phase ends when its last mail (or answer) is in an INBOX. Phases take turns for {@code ROUNDS} rounds after a
 * warm-up (the baseline first in odd rounds, last in even ones), so that load from elsewhere hits both alike. Then
 * send-to-readable-over-IMAPS latency, one mail at a time.
 *
 * <p>Runs only on demand (see README, "Benchmarks"):
 * {@code mvn -B -o -pl james-distribution -am verify -Dmailkeys.bench=true -Dtest=KstThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * Sizes: {@code -Dmailkeys.bench.mails=1000 -Dmailkeys.bench.senders=4 -Dmailkeys.bench.rounds=4 -Dmailkeys.bench.latencySamples=200}.
 */
@EnabledIfSystemProperty(named = "mailkeys.bench", matches = "true")
class KstThroughputBenchmark {
    private static final int MAILS = Integer.getInteger("mailkeys.bench.mails", 1000);
    private static final int SENDERS = Integer.getInteger("mailkeys.bench.senders", 4);
    private static final int ROUNDS = Integer.getInteger("mailkeys.bench.rounds", 4);
    private static final int LATENCY_SAMPLES = Integer.getInteger("mailkeys.bench.latencySamples", 200);
    private static final int WARM_UP_MAILS = 300;
    /** One mailbox collapses James' memory backend (about 100 mails/s): spread the load. */
    private static final int MAILBOXES = 100;
    private static final int LATENCY_MAILBOXES = 10;
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(2);

    /** Rate limits out of the way: 100 requesters at one domain, from one client IP, 20+ requests each. */
    private static final RuntimeFolder RUNTIME = RuntimeFolder.forTests()
        .withMailetParameter("perSender", "1000000")
        .withMailetParameter("perSenderDomain", "1000000");
    private static final ListenerPorts PORTS = RUNTIME.ports();
    private static final KeyServiceClient CLIENT = new KeyServiceClient(PORTS);
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String NOBODY = "nobody@" + DOMAIN;
    private static final String SERVICE = "keys@" + DOMAIN;
    private static final String PEER = "peer@elsewhere.example";
    private static final List<String> REQUESTERS = IntStream.range(0, MAILBOXES)
        .mapToObj(i -> String.format(Locale.ROOT, "user%02d@%s", i, REQUESTER_DOMAIN))
        .collect(toList());
    private static final String PLAIN_BODY = plainBody();

    @RegisterExtension
    static JamesServerExtension james = MailKeysServer.perClassWithInboxCounts(RUNTIME);

    private InboxCountProbe inboxes;

    @Test
    void printThroughputAndLatencyOfKeyRequestsAgainstPlainMail(GuiceJamesServer server) throws Exception {
        inboxes = server.getProbe(InboxCountProbe.class);
        List<String> users = new ArrayList<>(REQUESTERS);
        users.add(ALICE);
        MailKeysServer.addDomainsAndUsers(server, users.toArray(new String[0]));
        KeyServiceClient.SentRequest publication = CLIENT.publish(ALICE, KeyFixtures.text("alice.asc"));
        assertThat(Mailbox.imaps(PORTS.imaps, ALICE).awaitReplyTo(publication.messageId).answer())
            .isInstanceOf(KeyAnswer.Confirmation.class);

        Map<String, Level> testLogLevels = quietPerMailLogging();
        try {
            measure();
        } finally {
            testLogLevels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
        }
    }

    /**
     * The test log configuration has MailKeys at DEBUG and James' SMTP server at INFO, a few lines per mail written
     * to the Maven console: that would be measured too. WARN during the benchmark; returns the levels to restore.
     */
    private static Map<String, Level> quietPerMailLogging() {
        Map<String, Level> levels = new LinkedHashMap<>();
        for (String name : List.of("org.mailkeys", "org.apache.james.mailetcontainer", "org.apache.james.smtpserver")) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            levels.put(name, logger.getLevel());
            logger.setLevel(Level.WARN);
        }
        return levels;
    }

    private void measure() throws Exception {
        deliver("warm-up plain", prepare(WARM_UP_MAILS, KstThroughputBenchmark::plainMail));
        deliver("warm-up key", prepare(WARM_UP_MAILS, i -> keyRequest(i, ALICE)));
        deliver("warm-up not-found", prepare(WARM_UP_MAILS, i -> keyRequest(i, NOBODY)));

        List<String> table = new ArrayList<>();
        List<Outgoing> keyRequests = new ArrayList<>();
        List<Outgoing> notFoundRequests = new ArrayList<>();
        Totals totals = new Totals();
        for (int round = 1; round <= ROUNDS; round++) {
            List<Outgoing> plain = prepare(MAILS, KstThroughputBenchmark::plainMail);
            List<Outgoing> key = prepare(MAILS, i -> keyRequest(i, ALICE));
            List<Outgoing> notFound = prepare(MAILS, i -> keyRequest(i, NOBODY));
            Phase baseline;
            Phase keyFound;
            Phase absent;
            // odd rounds start with the baseline, even rounds end with it: a server slowing down as its INBOXes grow
            // then weighs on both sides
            if (round % 2 == 1) {
                baseline = deliver("round " + round + " baseline: plain ~1.5 KB mail", plain);
                keyFound = deliver("round " + round + " KST: request -> KEY answer", key);
                absent = deliver("round " + round + " KST: request -> NOT-FOUND answer", notFound);
                table.addAll(List.of(baseline.line(baseline), keyFound.line(baseline), absent.line(baseline)));
            } else {
                absent = deliver("round " + round + " KST: request -> NOT-FOUND answer", notFound);
                keyFound = deliver("round " + round + " KST: request -> KEY answer", key);
                baseline = deliver("round " + round + " baseline: plain ~1.5 KB mail", plain);
                table.addAll(List.of(absent.line(baseline), keyFound.line(baseline), baseline.line(baseline)));
            }
            totals.add(baseline, keyFound, absent);
            keyRequests.addAll(key);
            notFoundRequests.addAll(notFound);
        }
        checkSampleOfAnswers(keyRequests, KeyAnswer.KeyFound.class);
        checkSampleOfAnswers(notFoundRequests, KeyAnswer.NotFound.class);

        Latencies latencies = measureLatencies();

        String report = report(table, totals, latencies);
        System.out.print(report);
        save("kst-throughput.txt", report);
    }

    /** Sends the mails over {@link #SENDERS} parallel STARTTLS connections and waits until all N are in INBOXes. */
    private Phase deliver(String name, List<Outgoing> mails) throws Exception {
        long expected = inboxes.total(REQUESTERS) + mails.size();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            long start = System.nanoTime();
            List<Future<Void>> sending = new ArrayList<>();
            for (int sender = 0; sender < SENDERS; sender++) {
                int first = sender;
                sending.add(senders.submit(() -> {
                    try (SmtpSession session = SmtpSession.startTls(PORTS.smtpMx)) {
                        for (int i = first; i < mails.size(); i += SENDERS) {
                            Outgoing mail = mails.get(i);
                            session.send(mail.sender, mail.recipient, mail.raw);
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> done : sending) {
                done.get();
            }
            long sent = System.nanoTime();
            long deadline = sent + DELIVERY_TIMEOUT.toNanos();
            long delivered;
            while ((delivered = inboxes.total(REQUESTERS)) < expected) {
                assertThat(System.nanoTime()).as("%s: %d of %d mails delivered in time", name, delivered, expected).isLessThan(deadline);
                Thread.sleep(5);
            }
            long end = System.nanoTime();
            assertThat(delivered).as("%s: nothing more than expected was delivered", name).isEqualTo(expected);
            return new Phase(name, mails.size(), sent - start, end - start);
        } finally {
            senders.shutdownNow();
        }
    }

    private static List<Outgoing> prepare(int count, IntFunction<Outgoing> mail) {
        return IntStream.range(0, count).mapToObj(mail).collect(toList());
    }

    private static Outgoing plainMail(int i) {
        String recipient = REQUESTERS.get(i % MAILBOXES);
        TestMessages message = TestMessages.message(PEER, recipient, "Plain mail " + i).withBody(PLAIN_BODY);
        return new Outgoing(PEER, recipient, message, null);
    }

    private static Outgoing keyRequest(int i, String queried) {
        String requester = REQUESTERS.get(i % MAILBOXES);
        KAuth kAuth = KAuth.generate();
        TestMessages message = TestMessages.message(requester, SERVICE, "Key request")
            .withBody(new RequestWriter().retrieval(queried, kAuth));
        return new Outgoing(requester, SERVICE, message, kAuth);
    }

    /** Not timed: reads a few answers back over IMAP and checks that they are the right answers, with a verifying MAC. */
    private static void checkSampleOfAnswers(List<Outgoing> requests, Class<? extends KeyAnswer> expected) throws Exception {
        Random random = new Random(7);
        for (int sample = 0; sample < 5; sample++) {
            Outgoing request = requests.get(random.nextInt(requests.size()));
            KeyAnswer answer = Mailbox.imaps(PORTS.imaps, request.sender).awaitReplyTo(request.messageId).answer();
            assertThat(answer).isInstanceOf(expected);
            if (answer instanceof KeyAnswer.KeyFound) {
                assertThat(((KeyAnswer.KeyFound) answer).verifies(request.kAuth)).isTrue();
            } else {
                assertThat(((KeyAnswer.NotFound) answer).verifies(request.kAuth)).isTrue();
            }
        }
    }

    /**
     * One mail at a time, plain and key request taking turns over {@link #LATENCY_MAILBOXES} mailboxes: from just
     * before MAIL FROM (connection already open) to the mail (or answer) fetched over IMAPS.
     */
    private static Latencies measureLatencies() throws Exception {
        List<ImapArrival> watches = new ArrayList<>();
        try (SmtpSession session = SmtpSession.startTls(PORTS.smtpMx)) {
            for (int i = 0; i < LATENCY_MAILBOXES; i++) {
                watches.add(ImapArrival.connect(PORTS.imaps, REQUESTERS.get(i)));
            }
            double[] plain = new double[LATENCY_SAMPLES];
            double[] key = new double[LATENCY_SAMPLES];
            for (int i = 0; i < LATENCY_SAMPLES; i++) {
                ImapArrival watch = watches.get(i % LATENCY_MAILBOXES);
                Outgoing plainMail = plainMail(i % LATENCY_MAILBOXES);
                plain[i] = sendAndRead(session, watch, plainMail, mail ->
                    assertThat(mail.header("Message-ID")).hasValue(plainMail.messageId));
                Outgoing request = keyRequest(i % LATENCY_MAILBOXES, ALICE);
                key[i] = sendAndRead(session, watch, request, mail -> {
                    assertThat(mail.inReplyTo()).hasValue(request.messageId);
                    assertThat(((KeyAnswer.KeyFound) mail.answer()).verifies(request.kAuth)).isTrue();
                });
            }
            return new Latencies(plain, key);
        } finally {
            for (ImapArrival watch : watches) {
                watch.close();
            }
        }
    }

    private static double sendAndRead(SmtpSession session, ImapArrival watch, Outgoing mail, MailCheck check) throws Exception {
        int next = watch.count() + 1;
        long start = System.nanoTime();
        session.send(mail.sender, mail.recipient, mail.raw);
        byte[] raw = watch.await(next, Mailbox.ANSWER_TIMEOUT);
        double millis = (System.nanoTime() - start) / 1e6;
        check.accept(new ReceivedMail(raw));
        return millis;
    }

    private static String report(List<String> table, Totals totals, Latencies latencies) {
        StringBuilder report = new StringBuilder()
            .append("MailKeys KST benchmark: in-process James 3.8.1 memory server, ")
            .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version")).append(", ")
            .append(Runtime.getRuntime().availableProcessors()).append(" processors\n")
            .append(String.format(Locale.ROOT, "%d mails per phase, %d parallel anonymous SMTP senders (one STARTTLS connection each, MX listener), "
                + "%d recipient mailboxes;%ndelivered = in the INBOXes; warm-up %d mails per kind first; per-mail logging at WARN during the run%n",
                MAILS, SENDERS, MAILBOXES, WARM_UP_MAILS))
            .append(String.format(Locale.ROOT, "%-46s %6s %9s %12s %9s %11s%n", "phase", "mails", "sent s", "delivered s", "mails/s", "x baseline"));
        table.forEach(line -> report.append(line).append('\n'));
        report.append(String.format(Locale.ROOT, "all rounds: baseline %.0f mails/s, KEY answers %.0f/s (x %.2f), NOT-FOUND answers %.0f/s (x %.2f)%n",
            totals.baseline.perSecond(), totals.keyFound.perSecond(), totals.keyFound.perSecond() / totals.baseline.perSecond(),
            totals.notFound.perSecond(), totals.notFound.perSecond() / totals.baseline.perSecond()));
        report.append(String.format(Locale.ROOT, "send-to-readable over IMAPS, one mail at a time, %d samples each, ms: p50 / p90 / p99 / max%n",
            LATENCY_SAMPLES));
        report.append("  plain ~1.5 KB mail (baseline):  ").append(percentiles(latencies.plain)).append('\n');
        report.append("  key request -> KEY answer:      ").append(percentiles(latencies.key)).append('\n');
        report.append(String.format(Locale.ROOT, "  p50 ratio KST/baseline: %.2f%n", percentile(latencies.key, 0.5) / percentile(latencies.plain, 0.5)));
        return report.toString();
    }

    private static String percentiles(double[] millis) {
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f", percentile(millis, 0.5), percentile(millis, 0.9),
            percentile(millis, 0.99), percentile(millis, 1.0));
    }

    /** Nearest-rank percentile. */
    private static double percentile(double[] values, double fraction) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** Also kept under target/benchmark-results/, since Maven's console may be quiet. */
    private static void save(String name, String text) throws IOException {
        Path folder = Paths.get("target", "benchmark-results");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** About 1.5 KB with the headers TestMessages adds: 18 lines of text. */
    private static String plainBody() {
        String line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiu";
        return String.join("\n", java.util.Collections.nCopies(18, line)) + "\n";
    }

    @FunctionalInterface
    private interface MailCheck {
        void accept(ReceivedMail mail) throws Exception;
    }

    private static final class Outgoing {
        final String sender;
        final String recipient;
        final String raw;
        final String messageId;
        final KAuth kAuth;

        Outgoing(String sender, String recipient, TestMessages message, KAuth kAuth) {
            this.sender = sender;
            this.recipient = recipient;
            this.raw = message.raw();
            this.messageId = message.messageId();
            this.kAuth = kAuth;
        }
    }

    private static final class Phase {
        final String name;
        final int mails;
        final long sendNanos;
        final long deliveredNanos;

        Phase(String name, int mails, long sendNanos, long deliveredNanos) {
            this.name = name;
            this.mails = mails;
            this.sendNanos = sendNanos;
            this.deliveredNanos = deliveredNanos;
        }

        Phase plus(Phase other) {
            return new Phase(name, mails + other.mails, sendNanos + other.sendNanos, deliveredNanos + other.deliveredNanos);
        }

        double perSecond() {
            return mails / (deliveredNanos / 1e9);
        }

        String line(Phase baseline) {
            return String.format(Locale.ROOT, "%-46s %6d %9.2f %12.2f %9.0f %11.2f", name, mails, sendNanos / 1e9,
                deliveredNanos / 1e9, perSecond(), perSecond() / baseline.perSecond());
        }
    }

    /** Mails and time summed over the rounds, per kind. */
    private static final class Totals {
        Phase baseline = new Phase("baseline", 0, 0, 0);
        Phase keyFound = new Phase("key found", 0, 0, 0);
        Phase notFound = new Phase("not found", 0, 0, 0);

        void add(Phase plain, Phase key, Phase absent) {
            baseline = baseline.plus(plain);
            keyFound = keyFound.plus(key);
            notFound = notFound.plus(absent);
        }
    }

    private static final class Latencies {
        final double[] plain;
        final double[] key;

        Latencies(double[] plain, double[] key) {
            this.plain = plain;
            this.key = key;
        }
    }
}
