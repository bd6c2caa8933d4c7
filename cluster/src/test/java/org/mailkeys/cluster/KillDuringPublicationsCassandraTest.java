package org.mailkeys.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.cassandra.node.CassandraCluster;
import org.mailkeys.protocol.AnswerParser;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.MessageBodies;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.protocol.PublicKeys;
import org.mailkeys.protocol.RequestWriter;

/**
 * Faults with the Cassandra store: a James process (one node, on a real one-node Cassandra) is killed with SIGKILL
 * while users publish keys. After a restart on the same keyspace, every key a user sent and got confirmed before the
 * kill is served, and no address is served anything but a whole key that its user sent, or NOT-FOUND when the
 * publication never got through: nothing half-written.
 */
class KillDuringPublicationsCassandraTest {
    private static final int USERS = 12;
    private static final int PUBLISHERS = 4;
    /** Each user publishes its key this many times, so that the kill always finds work going on. */
    private static final int ROUNDS = 4;
    private static final int CONFIRMED_BEFORE_THE_KILL = 3;
    private static final String PASSWORD = "fault-test-password";
    /** One requester per account after the restart: the shipped answer rate per sender is 10 an hour. */
    private static final List<String> REQUESTERS = IntStream.range(0, USERS)
        .mapToObj(i -> String.format(Locale.ROOT, "requester%02d@example.net", i)).collect(Collectors.toList());
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> ACCOUNTS = IntStream.range(0, USERS)
        .mapToObj(i -> String.format(Locale.ROOT, "user%02d@example.net", i)).collect(Collectors.toList());

    @Test
    void killedDuringPublicationsShouldServeEveryConfirmedKeyAndNoHalfKey(@TempDir Path folder) throws Exception {
        Map<String, byte[]> keys = gnupgKeys(folder.resolve("gnupg"));
        Map<String, KAuth> sent = new ConcurrentHashMap<>();
        Map<String, Boolean> confirmed = new ConcurrentHashMap<>();
        CassandraCluster cassandra = CassandraCluster.start(folder.resolve("cassandra"), 1);
        try {
            JamesNode first = JamesNode.start("k", folder.resolve("james"), cassandra.contactPoints(), Duration.ofSeconds(1));
            try {
                addUsers(first);
                AtomicBoolean killed = new AtomicBoolean();
                ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS);
                List<Future<?>> done = new ArrayList<>();
                for (int p = 0; p < PUBLISHERS; p++) {
                    int firstAccount = p;
                    done.add(publishers.submit(() -> {
                        for (int round = 0; round < ROUNDS; round++) {
                            for (int a = firstAccount; a < USERS; a += PUBLISHERS) {
                                String account = ACCOUNTS.get(a);
                                KAuth kAuth = KAuth.generate();
                                if (killed.get() || sent.containsKey(account) && !confirmed.containsKey(account)) {
                                    continue; // one publication per account in flight: its confirmation is the next mail
                                }
                                try {
                                    SmtpClient.submit(first.submissionPort(), account, PASSWORD, account, "keys@example.net",
                                        message(account, "Key publication", new RequestWriter().publication(keys.get(account), kAuth)));
                                    sent.put(account, kAuth);
                                } catch (IOException refusedOrKilled) {
                                    if (!killed.get()) {
                                        throw refusedOrKilled;
                                    }
                                    return null;
                                }
                            }
                        }
                        return null;
                    }));
                }
                // kill as soon as a few publications are confirmed, with the rest still on their way
                Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        for (Future<?> publisher : done) {
                            if (publisher.isDone()) {
                                publisher.get(); // a publisher that failed before the kill fails the test with its cause
                            }
                        }
                        return collectConfirmations(first, keys, sent, confirmed) >= CONFIRMED_BEFORE_THE_KILL;
                    });
                killed.set(true);
                first.kill();
                for (Future<?> publisher : done) {
                    publisher.get(60, TimeUnit.SECONDS);
                }
                publishers.shutdownNow();
            } finally {
                first.close();
            }
            System.out.printf("faults (Cassandra): killed with %d publications sent, %d confirmed%n", sent.size(), confirmed.size());

            JamesNode second = JamesNode.start("k", folder.resolve("james"), cassandra.contactPoints(), Duration.ofSeconds(1));
            try {
                addUsers(second);
                for (String account : ACCOUNTS) {
                    String requester = REQUESTERS.get(ACCOUNTS.indexOf(account));
                    KAuth retrieval = KAuth.generate();
                    SmtpClient.sendAnonymously(second.mxPort(), requester, "keys@example.net",
                        message(requester, "Key request", new RequestWriter().retrieval(account, retrieval)));
                    KeyAnswer answer = parse(ImapInbox.takeNext(second.imapPort(), requester, PASSWORD, ANSWER_TIMEOUT));
                    if (confirmed.containsKey(account)) {
                        assertThat(answer).as("the confirmed key of %s after the restart", account).isInstanceOf(KeyAnswer.KeyFound.class);
                    }
                    if (answer instanceof KeyAnswer.KeyFound) {
                        assertThat(((KeyAnswer.KeyFound) answer).verifies(retrieval)).isTrue();
                        assertThat(PublicKeys.fingerprint(((KeyAnswer.KeyFound) answer).keyBytes()))
                            .as("the whole key %s sent", account).isEqualTo(PublicKeys.fingerprint(keys.get(account)));
                    } else {
                        assertThat(answer).as("answer for %s, whose publication did not get through", account)
                            .isInstanceOf(KeyAnswer.NotFound.class);
                    }
                }
            } finally {
                second.close();
            }
        } finally {
            cassandra.kill();
        }
    }

    private static int collectConfirmations(JamesNode node, Map<String, byte[]> keys, Map<String, KAuth> sent, Map<String, Boolean> confirmed) {
        for (Map.Entry<String, KAuth> publication : sent.entrySet()) {
            String account = publication.getKey();
            if (confirmed.containsKey(account)) {
                continue;
            }
            try {
                KeyAnswer answer = parse(ImapInbox.takeNext(node.imapPort(), account, PASSWORD, Duration.ofMillis(300)));
                if (answer instanceof KeyAnswer.Confirmation
                    && ((KeyAnswer.Confirmation) answer).verifies(publication.getValue(), keys.get(account))) {
                    confirmed.put(account, true);
                }
            } catch (ConditionTimeoutException | IOException notYet) {
                // read again at the next poll
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return confirmed.size();
    }

    private static void addUsers(JamesNode node) throws Exception {
        for (String user : ACCOUNTS) {
            node.webAdmin().addUser(user, PASSWORD);
        }
        for (String requester : REQUESTERS) {
            node.webAdmin().addUser(requester, PASSWORD);
        }
    }

    private static KeyAnswer parse(String mail) throws Exception {
        return new AnswerParser().parse(new MessageBodies().protocolText(new ByteArrayInputStream(mail.getBytes(StandardCharsets.US_ASCII))));
    }

    /** One ed25519 key per account, made by GnuPG in a throw-away home, as key bytes. */
    private static Map<String, byte[]> gnupgKeys(Path home) throws Exception {
        Files.createDirectories(home);
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Map<String, byte[]> keys = new ConcurrentHashMap<>();
        try {
            for (String account : ACCOUNTS) {
                gpg(home, "--quick-gen-key", "User <" + account + ">", "ed25519", "cert", "0");
                keys.put(account, PublicKeyArmor.keyBytes(gpg(home, "--armor", "--export", "<" + account + ">")));
            }
        } finally {
            new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent").start().waitFor(10, TimeUnit.SECONDS);
        }
        return keys;
    }

    private static String gpg(Path home, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--pinentry-mode", "loopback",
            "--passphrase", ""));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("gpg " + String.join(" ", arguments) + " failed");
        }
        return out;
    }

    private static String message(String from, String subject, String body) {
        return "From: " + from + "\r\n"
            + "To: keys@example.net\r\n"
            + "Subject: " + subject + "\r\n"
            + "Message-ID: <" + UUID.randomUUID() + "@client.example.net>\r\n"
            + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()) + "\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n"
            + "Content-Transfer-Encoding: 7bit\r\n"
            + "\r\n"
            + body;
    }
}
