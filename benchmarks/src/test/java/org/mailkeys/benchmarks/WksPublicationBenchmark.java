package org.mailkeys.benchmarks;

import static java.util.stream.Collectors.toList;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.mailkeys.store.WebKeyHash;
import org.mailkeys.testing.Command;
import org.mailkeys.testing.GnuPG;
import org.mailkeys.testing.GpgWksClient;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.ReceivedMail;
import org.mailkeys.testing.SmtpSession;

/**
 * {@code wks_publication_vs_wks_server}: whole Web Key Service publications (draft-koch-openpgp-webkey-service:
 * submission, confirmation request, confirmation response, published) through our James against the same through
 * GnuPG's {@code gpg-wks-server}, over the same James mail paths, in alternating rounds. Each publication is one
 * user's whole exchange, run by GnuPG's own {@code gpg-wks-client} in the user's home: {@code --create} of the
 * submission mail, sent over a submission connection of its own (STARTTLS, AUTH); the confirmation request read over
 * IMAPS from the user's INBOX; {@code --receive} writing the response, sent over a submission connection of its own;
 * the end when the "published" notice is read over IMAPS from the INBOX. Through our James the service is James
 * itself. Through gpg-wks-server, James carries every mail as it carries a user's: the user's mails to a mailbox of the
 * server's host (one per user, as a mail filter reads them), read over IMAPS and handed to
 * {@code gpg-wks-server --receive} (one process per mail, as a filter runs it), whose mail (the request, then the
 * notice) goes back over a submission connection of the server's account. {@link #PARALLEL} publications run at a
 * time on both sides; GnuPG's key generation is harness, not timed.
 */
public final class WksPublicationBenchmark {
    public static final String FIGURE = "wks_publication_vs_wks_server";
    public static final int PARALLEL = 4;
    private static final String DOMAIN = BenchmarkJames.DOMAIN;
    /** Our James' submission address (docs/PROTOCOL.md: the key service's own address). */
    private static final String OUR_SUBMISSION = BenchmarkJames.SERVICE;
    /** gpg-wks-server's submission address, and the account its host sends from. */
    private static final String SERVER_ADDRESS = "wks-server@" + DOMAIN;
    private static final String CONFIRM_SUBJECT_OURS = "Confirm your key publication";
    private static final String DONE_SUBJECT_OURS = "Your key has been published";
    private static final Duration MAIL_TIMEOUT = Duration.ofMinutes(3);

    private final Results results;
    private final Path folder;
    private final int publications = BenchmarkSettings.WKS_PUBLICATIONS;
    private final List<String> ourUsers = accounts("wksuser");
    private final List<String> serverUsers = accounts("wksgpguser");
    /** The server host's mailbox for each user's mails: a filter on the MTA would be handed them one by one. */
    private final List<String> serverInboxes = accounts("wksfilter");
    /** Mails read so far from each INBOX, by account: each INBOX is read by one worker at a time. */
    private final Map<String, Integer> read = new java.util.concurrent.ConcurrentHashMap<>();
    private BenchmarkJames james;
    /** Seconds spent in each kind of step over the measured rounds, summed over the publications: where the time goes. */
    private final Steps oursSteps = new Steps();
    private final Steps theirsSteps = new Steps();
    private Steps steps = new Steps();

    /** Time per kind of step, summed over publications (they overlap: {@link #PARALLEL} run at a time). */
    private static final class Steps {
        final java.util.concurrent.atomic.DoubleAdder client = new java.util.concurrent.atomic.DoubleAdder();
        final java.util.concurrent.atomic.DoubleAdder server = new java.util.concurrent.atomic.DoubleAdder();
        final java.util.concurrent.atomic.DoubleAdder mail = new java.util.concurrent.atomic.DoubleAdder();

        String describe(int count) {
            return String.format(Locale.ROOT, "gpg-wks-client %.0f ms, gpg-wks-server %.0f ms, mail (SMTP sends, waits, IMAPS reads) %.0f ms",
                client.sum() * 1000 / count, server.sum() * 1000 / count, mail.sum() * 1000 / count);
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws Exception;
    }

    private static <T> T timed(java.util.concurrent.atomic.DoubleAdder total, Step<T> step) throws Exception {
        long start = System.nanoTime();
        try {
            return step.run();
        } finally {
            total.add((System.nanoTime() - start) / 1e9);
        }
    }

    private WksPublicationBenchmark(Results results, Path folder) {
        this.results = results;
        this.folder = folder;
    }

    public static void run(Results results, Path folder) throws Exception {
        new WksPublicationBenchmark(results, folder).measure();
    }

    private List<String> accounts(String prefix) {
        return IntStream.range(0, publications).mapToObj(i -> prefix + i + "@" + DOMAIN).collect(toList());
    }

    private void measure() throws Exception {
        List<String> accounts = new ArrayList<>(ourUsers);
        accounts.addAll(serverUsers);
        accounts.addAll(serverInboxes);
        accounts.add(SERVER_ADDRESS);
        int wkdPort = WkdVsNginx.freePort("127.0.0.1");
        Map<String, String> properties = Map.of("wkd.enabled", "true", "wkd.host", "127.0.0.1",
            "wkd.port", Integer.toString(wkdPort), "wkd.tls", "false");
        List<GnuPG> homes = java.util.Collections.synchronizedList(new ArrayList<>());
        long setUp = System.nanoTime();
        // GnuPG makes the keys while James starts (harness: the quick run must stay short)
        java.util.concurrent.ExecutorService keyMaker = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.Future<List<List<User>>> keys = keyMaker.submit(() -> {
            GnuPG server = new GnuPG(folder.resolve("wks-server-home"));
            homes.add(server);
            String fingerprint = server.generateEd25519("Web Key Service <" + SERVER_ADDRESS + ">");
            return List.of(List.of(new User(SERVER_ADDRESS, server, fingerprint)), users(ourUsers, "ours", homes),
                users(serverUsers, "gpg", homes));
        });
        try (BenchmarkJames started = BenchmarkJames.start(Files.createDirectories(folder.resolve("james")), properties, accounts)) {
            james = started;
            try {
                List<List<User>> made = keys.get();
                GnuPG server = made.get(0).get(0).home;
                String serverKey = server.exportArmored(made.get(0).get(0).fingerprint);
                Path wks = GnuPGPeers.wksDirectory(Files.createDirectories(folder.resolve("wks")), DOMAIN, SERVER_ADDRESS);
                // our submission key, as a WKS client finds it: over the Web Key Directory
                byte[] ourKey = wkdKey(wkdPort, OUR_SUBMISSION);
                List<User> ours = made.get(1);
                List<User> theirs = made.get(2);
                for (User user : ours) {
                    user.home.importBinary(ourKey);
                }
                for (User user : theirs) {
                    user.home.importKey(serverKey);
                }
                results.note(String.format(Locale.ROOT, "WKS publications: James, keys and users set up in %.0f s (harness, not measured)",
                    (System.nanoTime() - setUp) / 1e9));

                // one pass of each before the rounds: James' code paths and GnuPG's caches warm on both sides
                publishThroughJames(ours);
                publishThroughWksServer(theirs, server, wks);
                RoundRatios ratios = new RoundRatios();
                int measured = publications * BenchmarkSettings.WKS_ROUNDS;
                for (int round = 0; round < BenchmarkSettings.WKS_ROUNDS; round++) {
                    double oursSeconds;
                    double theirsSeconds;
                    if (round % 2 == 0) {
                        steps = oursSteps;
                        oursSeconds = publishThroughJames(ours);
                        steps = theirsSteps;
                        theirsSeconds = publishThroughWksServer(theirs, server, wks);
                    } else {
                        steps = theirsSteps;
                        theirsSeconds = publishThroughWksServer(theirs, server, wks);
                        steps = oursSteps;
                        oursSeconds = publishThroughJames(ours);
                    }
                    ratios.add(publications, oursSeconds, publications, theirsSeconds);
                }
                results.add(Figure.measured(FIGURE, ratios.ratio(), ">= 1.0", String.format(Locale.ROOT,
                    "%d ed25519 publications per side and round, %d at a time, each a whole exchange driven by gpg-wks-client "
                        + "(--create, submission over SMTP AUTH, request read over IMAPS, --receive, response over SMTP AUTH, "
                        + "notice read over IMAPS); gpg-wks-server's mails carried by the same James, ", publications, PARALLEL)
                    + ratios.describe("publications/s") + "; per publication, ours: " + oursSteps.describe(measured)
                    + "; through gpg-wks-server: " + theirsSteps.describe(measured)));
            } finally {
                stopHomes(keys, keyMaker, homes);
            }
        } catch (Exception | Error failure) {
            stopHomes(keys, keyMaker, homes);
            throw failure;
        }
    }

    /** Waits for the key maker (whatever it ended with), then stops every agent its homes started; idempotent. */
    private static void stopHomes(java.util.concurrent.Future<?> keys, java.util.concurrent.ExecutorService keyMaker,
                                  List<GnuPG> homes) throws IOException, InterruptedException {
        try {
            keys.get();
        } catch (java.util.concurrent.ExecutionException failed) {
            // reported by the caller's keys.get(), or the failure that brought us here
        } finally {
            keyMaker.shutdown();
        }
        List<GnuPG> all;
        synchronized (homes) {
            all = new ArrayList<>(homes);
            homes.clear();
        }
        for (GnuPG home : all) {
            home.close();
        }
    }

    /** A user of one side: the account, its GnuPG home (the key for its address) and gpg-wks-client on it. */
    private static final class User {
        final String address;
        final GnuPG home;
        final String fingerprint;

        User(String address, GnuPG home, String fingerprint) {
            this.address = address;
            this.home = home;
            this.fingerprint = fingerprint;
        }
    }

    private List<User> users(List<String> addresses, String side, List<GnuPG> homes) throws Exception {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            GnuPG home = new GnuPG(folder.resolve("home-" + side + "-" + i));
            homes.add(home);
            String address = addresses.get(i);
            users.add(new User(address, home, home.generateEd25519("User " + i + " <" + address + ">")));
        }
        return users;
    }

    /** Every user publishes through our James, {@link #PARALLEL} at a time; returns the seconds. */
    private double publishThroughJames(List<User> users) throws Exception {
        return Workers.run(users.size(), PARALLEL, worker -> new Workers.Nothing(), (nothing, i) -> {
            User user = users.get(i);
            GpgWksClient client = new GpgWksClient(user.home);
            Steps in = steps;
            String submission = timed(in.client, () -> client.createSubmission(OUR_SUBMISSION, user.fingerprint, user.address));
            ReceivedMail request = timed(in.mail, () -> {
                submit(user.address, OUR_SUBMISSION, submission);
                return nextMail(user.address);
            });
            RetrievalBenchmark.check(request.header("Subject").filter(CONFIRM_SUBJECT_OURS::equals).isPresent(),
                "confirmation request from our James: " + request.header("Subject"));
            String response = timed(in.client, () -> response(client, request));
            ReceivedMail done = timed(in.mail, () -> {
                submit(user.address, OUR_SUBMISSION, response);
                return nextMail(user.address);
            });
            RetrievalBenchmark.check(done.header("Subject").filter(DONE_SUBJECT_OURS::equals).isPresent(),
                "publication notice from our James: " + done.header("Subject"));
        });
    }

    /**
     * Every user publishes through gpg-wks-server, {@link #PARALLEL} at a time; returns the seconds. Checks that each
     * key is then in the server's folder (not timed).
     */
    private double publishThroughWksServer(List<User> users, GnuPG server, Path wks) throws Exception {
        double seconds = Workers.run(users.size(), PARALLEL, worker -> new Workers.Nothing(), (nothing, i) -> {
            User user = users.get(i);
            String filterInbox = serverInboxes.get(i);
            GpgWksClient client = new GpgWksClient(user.home);
            Steps in = steps;
            String submission = timed(in.client, () -> client.createSubmission(SERVER_ADDRESS, user.fingerprint, user.address));
            ReceivedMail submitted = timed(in.mail, () -> {
                submit(user.address, filterInbox, submission);
                return nextMail(filterInbox);
            });
            String request = timed(in.server, () -> wksServerReceive(server, wks, submitted));
            ReceivedMail requested = timed(in.mail, () -> {
                submit(SERVER_ADDRESS, user.address, request);
                return nextMail(user.address);
            });
            String response = timed(in.client, () -> response(client, requested));
            ReceivedMail responded = timed(in.mail, () -> {
                submit(user.address, filterInbox, response);
                return nextMail(filterInbox);
            });
            String notice = timed(in.server, () -> wksServerReceive(server, wks, responded));
            ReceivedMail done = timed(in.mail, () -> {
                submit(SERVER_ADDRESS, user.address, notice);
                return nextMail(user.address);
            });
            RetrievalBenchmark.check(done.header("Wks-Phase").filter("done"::equals).isPresent(),
                "publication notice from gpg-wks-server: " + done.header("Subject"));
        });
        Path hu = wks.resolve(DOMAIN).resolve("hu");
        for (User user : users) {
            Path published = hu.resolve(WebKeyHash.ofAddress(user.address));
            RetrievalBenchmark.check(Files.isRegularFile(published), "gpg-wks-server published " + user.address);
        }
        return seconds;
    }

    /** gpg-wks-client --receive of a confirmation request: the response mail it writes. */
    private static String response(GpgWksClient client, ReceivedMail request) throws IOException {
        GpgWksClient.Result response = client.receive(request.rawText());
        if (!response.output.contains("Subject: Key publication confirmation")) {
            throw new IOException("gpg-wks-client wrote no response (" + response.exitCode + "): " + response.errors);
        }
        return response.output;
    }

    /** {@code gpg-wks-server --receive} of one mail, as a mail filter runs it: the mail it writes, CRLF line ends. */
    private static String wksServerReceive(GnuPG server, Path wks, ReceivedMail mail) throws Exception {
        Command.Finished finished = server.program("gpg-wks-server", "--directory", wks.toString(), "--from", SERVER_ADDRESS,
            "--receive").input(mail.rawText().getBytes(java.nio.charset.StandardCharsets.UTF_8)).run(Duration.ofSeconds(60));
        if (finished.exitCode() != 0 || finished.output().isEmpty()) {
            throw new IOException("gpg-wks-server --receive failed: " + finished);
        }
        return finished.output().replace("\r\n", "\n").replace("\n", "\r\n");
    }

    /** One mail over a submission connection of its own (STARTTLS, AUTH as the sender), as a mail program sends. */
    private void submit(String sender, String recipient, String raw) throws IOException {
        try (SmtpSession session = james.authenticatedSession(sender)) {
            session.send(sender, recipient, raw);
        }
    }

    /**
     * The next mail in the account's INBOX: waited for inside the server (no IMAP polling), then read over IMAPS as
     * the mail's reader does.
     */
    private ReceivedMail nextMail(String account) throws Exception {
        int index = read.getOrDefault(account, 0);
        List<String> only = List.of(account);
        Awaitility.await().atMost(MAIL_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
            .pollInSameThread().until(() -> james.inboxTotal(only) > index);
        ReceivedMail mail = Awaitility.await().atMost(Mailbox.ANSWER_TIMEOUT).pollInterval(Duration.ofMillis(100))
            .ignoreExceptions().until(() -> Mailbox.imaps(james.imapsPort(), account).messages(), all -> all.size() > index)
            .get(index);
        read.put(account, index + 1);
        return mail;
    }

    private static byte[] wkdKey(int port, String address) throws Exception {
        String[] parts = address.split("@");
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + port + "/.well-known/openpgpkey/" + parts[1] + "/hu/" + WebKeyHash.ofLocalPart(parts[0]) + "?l=" + parts[0]))
            .build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("the Web Key Directory has no key for " + address + ": " + response.statusCode());
        }
        return response.body();
    }
}
