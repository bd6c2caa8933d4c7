package org.mailkeys.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.cassandra.node.CassandraNodeExtension;
import org.mailkeys.distribution.testjames.JamesNode;
import org.mailkeys.distribution.testjames.TestJames;
import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.protocol.PublicKeys;
import org.mailkeys.protocol.RequestWriter;
import org.mailkeys.testing.GnuPG;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.ReceivedMail;
import org.mailkeys.testing.SmtpSession;
import org.mailkeys.testing.TestMessages;

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
    private static final String SERVICE = "keys@example.net";
    /** One requester per account after the restart: the shipped answer rate per sender is 10 an hour. */
    private static final List<String> REQUESTERS = IntStream.range(0, USERS)
        .mapToObj(i -> String.format(Locale.ROOT, "requester%02d@example.net", i)).collect(Collectors.toList());
    private static final String LOOPBACK = "127.0.0.1";
    private static final List<String> ACCOUNTS = IntStream.range(0, USERS)
        .mapToObj(i -> String.format(Locale.ROOT, "user%02d@example.net", i)).collect(Collectors.toList());

    /** A node of the class's own: killed after the class, so that it does not outlive the test beside the cluster test's. */
    @RegisterExtension
    static CassandraNodeExtension cassandra = CassandraNodeExtension.perClass();

    @Test
    void killedDuringPublicationsShouldServeEveryConfirmedKeyAndNoHalfKey(@TempDir Path folder) throws Exception {
        Map<String, byte[]> keys = gnupgKeys(folder.resolve("gnupg"));
        Map<String, KAuth> sent = new ConcurrentHashMap<>();
        Map<String, Boolean> confirmed = new ConcurrentHashMap<>();
        JamesNode first = TestJames.clusterNode("k", folder.resolve("james"), cassandra.contactPoints(), Duration.ofSeconds(1));
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
                            try (SmtpSession session = SmtpSession.startTls(LOOPBACK, first.submissionPort(), JamesNode.trust())) {
                                session.authenticate(account, PASSWORD).send(account, SERVICE,
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
        System.out.printf("faults (Cassandra): killed with publications sent for %d accounts, %d of them confirmed%n", sent.size(), confirmed.size());

        JamesNode second = TestJames.clusterNode("k", folder.resolve("james"), cassandra.contactPoints(), Duration.ofSeconds(1));
        try {
            addUsers(second);
            for (String account : ACCOUNTS) {
                String requester = REQUESTERS.get(ACCOUNTS.indexOf(account));
                KAuth retrieval = KAuth.generate();
                try (SmtpSession session = SmtpSession.startTls(LOOPBACK, second.mxPort(), JamesNode.trust())) {
                    session.send(requester, SERVICE, message(requester, "Key request", new RequestWriter().retrieval(account, retrieval)));
                }
                KeyAnswer answer = Mailbox.imapStartTls(second.imapPort(), requester, PASSWORD).takeNext().answer();
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
    }

    /** Reads the confirmations that have arrived, each INBOX once, without waiting: an INBOX not there yet holds none. */
    private static int collectConfirmations(JamesNode node, Map<String, byte[]> keys, Map<String, KAuth> sent, Map<String, Boolean> confirmed) {
        for (Map.Entry<String, KAuth> publication : sent.entrySet()) {
            String account = publication.getKey();
            if (confirmed.containsKey(account)) {
                continue;
            }
            try {
                for (ReceivedMail mail : Mailbox.imapStartTls(node.imapPort(), account, PASSWORD).messages()) {
                    KeyAnswer answer = mail.answer();
                    if (answer instanceof KeyAnswer.Confirmation
                        && ((KeyAnswer.Confirmation) answer).verifies(publication.getValue(), keys.get(account))) {
                        confirmed.put(account, true);
                    }
                }
            } catch (Exception notYet) {
                // read again at the next poll
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

    /** One ed25519 key per account, made by GnuPG in a throw-away home, as key bytes. */
    private static Map<String, byte[]> gnupgKeys(Path home) throws Exception {
        Map<String, byte[]> keys = new ConcurrentHashMap<>();
        try (GnuPG gnupg = new GnuPG(home)) {
            for (String account : ACCOUNTS) {
                keys.put(account, PublicKeyArmor.keyBytes(gnupg.exportArmored(gnupg.generateEd25519("User <" + account + ">"))));
            }
        }
        return keys;
    }

    private static String message(String from, String subject, String body) {
        return TestMessages.message(from, SERVICE, subject).withBody(body).raw();
    }
}
