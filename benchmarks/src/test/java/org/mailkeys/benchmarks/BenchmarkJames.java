package org.mailkeys.benchmarks;

import static java.util.stream.Collectors.toList;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.james.mailbox.store.mail.NaiveThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.google.inject.Module;
import org.mailkeys.testing.SmtpSession;
import org.mailkeys.distribution.InboxCountProbe;
import org.mailkeys.distribution.RuntimeFolder;
import org.mailkeys.distribution.testjames.InProcessJames;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * The James the benchmarks measure: the distribution's real in-process memory server with the shipped configuration
 * ({@link RuntimeFolder}; rate limits raised out of the way, since every request comes from one address), and the
 * load it is given: mails sent over N parallel STARTTLS connections, a phase ending when the last of them (or of
 * their answers) is in an INBOX. It starts James as the distribution's tests do, through the public
 * {@link TestJames} and {@link RuntimeFolder} of the distribution's test-jar.
 */
public final class BenchmarkJames implements AutoCloseable {
    public static final String DOMAIN = TestJames.DOMAIN;
    public static final String SERVICE = "keys@" + DOMAIN;
    /** One mailbox collapses James' memory backend (about 100 mails/s): load is spread over this many. */
    public static final int MAILBOXES = 100;
    public static final List<String> REQUESTERS = IntStream.range(0, MAILBOXES)
        .mapToObj(i -> String.format(Locale.ROOT, "user%02d@%s", i, TestJames.REQUESTER_DOMAIN))
        .collect(toList());
    /**
     * Plain mail from this sender takes James' own two-pass path, the baseline that shows by how much James bounds the
     * retrieval figures: a key answer is a new mail sent through the spool after the request's own pass. In the root
     * processor, at the point where a request leaves it for the KST, James' stock Resend mailet sends the mail again
     * as a NEW mail (MailetContext.sendMail: enqueued, dequeued, root, transport, local delivery), unaltered (same
     * Message-ID), to the same recipients, from {@link OutgoingMail#PEER}, and ghosts the original. Not the
     * RecipientRewriteTable mailet with a local alias or forward: James 3.8.1's RecipientRewriteTableProcessor rewrites
     * a local mapping's recipients in place (Mail.setRecipients) and only sends a new mail for remote addresses.
     */
    public static final String TWO_PASS_SENDER = "twopass@elsewhere.example";
    private static final String KEY_SERVICE_ROUTE = "<mailet match=\"org.mailkeys.matchers.KeyServiceRecipient\"";
    private static final String TWO_PASS_MAILET = "<mailet match=\"SenderIs=" + TWO_PASS_SENDER + "\" class=\"Resend\">"
        + "<reversePath>" + OutgoingMail.PEER + "</reversePath><inline>unaltered</inline></mailet>\n            ";
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(3);
    /**
     * For showing what bounds the retrieval figures (BENCHMARKS.md), not for the recorded figures: the memory James
     * as shipped guesses each delivered mail's JMAP thread by searching the recipient's whole mailbox
     * (SearchThreadIdGuessingAlgorithm), a cost that grows with the INBOX and doubles for a reply such as a key
     * answer (its In-Reply-To is searched too). {@code -Dmailkeys.bench.naiveThreadIds=true} binds James' own
     * NaiveThreadIdGuessingAlgorithm instead, on both sides of every comparison.
     */
    private static final boolean NAIVE_THREAD_IDS = Boolean.getBoolean("mailkeys.bench.naiveThreadIds");

    private final InProcessJames james;
    private final InboxCountProbe inboxes;
    private final Map<String, Level> logLevels;

    private BenchmarkJames(InProcessJames james) {
        this.james = james;
        this.inboxes = james.probe(InboxCountProbe.class);
        this.logLevels = quietPerMailLogging();
    }

    /**
     * Starts James on a runtime folder under {@code root}; {@code mailKeysProperties} are added to the shipped
     * conf/mailkeys.properties (for instance the Cassandra store). Adds the requesters and the given accounts.
     */
    public static BenchmarkJames start(Path root, Map<String, String> mailKeysProperties, Collection<String> accounts) throws Exception {
        return start(runtime(mailKeysProperties), root, accounts);
    }

    /**
     * As {@link #start(Path, Map, Collection)}, for a James that runs beside another in this JVM (two compared in the
     * same rounds): its listeners' JMX names carry its port and its mailet container registers no JMX beans, as
     * KstLoopTest's two servers do. Start every James of such a pair this way, so both sides are alike.
     */
    public static BenchmarkJames startBesideAnother(Path root, Map<String, String> mailKeysProperties, Collection<String> accounts)
        throws Exception {
        return start(runtime(mailKeysProperties).besideAnotherInThisJvm(), root, accounts);
    }

    /** The shipped configuration, rate limits out of the way, the two-pass path added, these settings. */
    private static RuntimeFolder runtime(Map<String, String> mailKeysProperties) {
        return RuntimeFolder.forTests()
            .withMailetParameter("perSender", "100000000")
            .withMailetParameter("perSenderDomain", "100000000")
            .withMailetParameter("perClientIp", "100000000")
            .withMailKeysSettings(mailKeysProperties)
            .withConfEdit("mailetcontainer.xml", BenchmarkJames::addTwoPassPath);
    }

    private static BenchmarkJames start(RuntimeFolder runtime, Path root, Collection<String> accounts) throws Exception {
        List<String> users = new ArrayList<>(REQUESTERS);
        users.addAll(accounts);
        List<Module> overrides = new ArrayList<>(List.of(TestJames.inboxCounts()));
        if (NAIVE_THREAD_IDS) {
            overrides.add(binder -> binder.bind(ThreadIdGuessingAlgorithm.class).to(NaiveThreadIdGuessingAlgorithm.class));
        }
        return new BenchmarkJames(TestJames.startInThisJvm(runtime, root, users, overrides.toArray(new Module[0])));
    }

    private static String addTwoPassPath(String xml) {
        if (xml.indexOf(KEY_SERVICE_ROUTE) < 0 || xml.indexOf(KEY_SERVICE_ROUTE) != xml.lastIndexOf(KEY_SERVICE_ROUTE)) {
            throw new IllegalStateException("mailetcontainer.xml must route keys@ out of the root processor exactly once");
        }
        return xml.replace(KEY_SERVICE_ROUTE, TWO_PASS_MAILET + KEY_SERVICE_ROUTE);
    }

    public int smtpMxPort() {
        return james.mxPort();
    }

    public int submissionPort() {
        return james.submissionPort();
    }

    public int imapsPort() {
        return james.ports().imaps;
    }

    public static String password() {
        return TestJames.PASSWORD;
    }

    /** Mails in the INBOXes of these users, counted inside the server (no IMAP traffic while measuring). */
    public long inboxTotal(List<String> users) throws Exception {
        return inboxes.total(users);
    }

    /**
     * Sends the mails anonymously over {@code connections} parallel STARTTLS connections to the MX listener, then
     * waits until {@code mails.size()} more mails are in the INBOXes of {@code readers}; returns the seconds from the
     * first send to the last delivery.
     */
    public double deliver(List<OutgoingMail> mails, int connections, List<String> readers) throws Exception {
        return deliver(mails, connections, readers, sender -> anonymousSession());
    }

    /** As {@link #deliver(List, int, List)}, each connection opened by {@code opener} (submission with AUTH, say). */
    public double deliver(List<OutgoingMail> mails, int connections, List<String> readers, SessionOpener opener) throws Exception {
        long expected = inboxes.total(readers) + mails.size();
        long start = System.nanoTime();
        Workers.run(mails.size(), connections, opener::open, (session, i) -> {
            OutgoingMail mail = mails.get(i);
            session.send(mail.sender(), mail.recipient(), mail.raw());
        });
        return awaitDeliveries(readers, expected, start);
    }

    /**
     * Each mail over a submission connection of its own, authenticated as its sender (as a MUA publishes: connect,
     * STARTTLS, AUTH, send), {@code connections} at a time; then waits for an answer to each in the senders' INBOXes.
     */
    public double submitEach(List<OutgoingMail> mails, int connections, List<String> readers) throws Exception {
        long expected = inboxes.total(readers) + mails.size();
        long start = System.nanoTime();
        Workers.run(mails.size(), connections, worker -> new Workers.Nothing(), (nothing, i) -> {
            OutgoingMail mail = mails.get(i);
            try (SmtpSession session = authenticatedSession(mail.sender())) {
                session.send(mail.sender(), mail.recipient(), mail.raw());
            }
        });
        return awaitDeliveries(readers, expected, start);
    }

    private double awaitDeliveries(List<String> readers, long expected, long start) throws Exception {
        try {
            org.awaitility.Awaitility.await().atMost(DELIVERY_TIMEOUT).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(10)).pollInSameThread()
                .until(() -> inboxes.total(readers) >= expected);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException(inboxes.total(readers) + " of " + expected + " mails delivered in time", e);
        }
        long delivered = inboxes.total(readers);
        if (delivered != expected) {
            throw new IllegalStateException(delivered + " mails delivered, " + expected + " expected");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The connection a sender thread uses; the default is an anonymous STARTTLS session to the MX listener. */
    @FunctionalInterface
    public interface SessionOpener {
        SmtpSession open(int sender) throws IOException;
    }

    public SmtpSession anonymousSession() throws IOException {
        return SmtpSession.startTls(james.mxPort());
    }

    public SmtpSession authenticatedSession(String account) throws IOException {
        return SmtpSession.startTls(james.submissionPort()).authenticate(account, TestJames.PASSWORD);
    }

    @Override
    public void close() {
        try {
            james.close();
        } finally {
            logLevels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
        }
    }

    /**
     * The test log configuration has MailKeys at DEBUG and James' SMTP server at INFO, a few lines per mail written
     * to the console: that would be measured too. WARN while the benchmarks run; returns the levels to restore.
     */
    private static Map<String, Level> quietPerMailLogging() {
        Map<String, Level> levels = new LinkedHashMap<>();
        for (String name : List.of("org.mailkeys", "org.apache.james.mailetcontainer", "org.apache.james.smtpserver",
            "org.apache.james.imapserver", "org.apache.james.transport")) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            levels.put(name, logger.getLevel());
            logger.setLevel(Level.WARN);
        }
        return levels;
    }
}
