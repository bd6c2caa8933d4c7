package org.mailkeys.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mailkeys.distribution.testjames.TestJames.DOMAIN;
import static org.mailkeys.distribution.testjames.TestJames.REQUESTER_DOMAIN;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailkeys.distribution.KeyServiceClient.SentRequest;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.protocol.PublicKeys;
import org.mailkeys.store.StoredKey;
import org.mailkeys.store.file.FileKeyStore;
import org.mailkeys.testing.GnuPG;
import org.mailkeys.testing.Mailbox;
import org.mailkeys.testing.ReceivedMail;
import org.mailkeys.transparency.Checkpoint;
import org.mailkeys.distribution.testjames.ScriptJames;
import org.mailkeys.distribution.testjames.TestJames;

/**
 * Faults: James (bin/mailkeys-server, a separate JVM) is killed with SIGKILL while users publish keys. Afterwards the
 * file store holds no half-written key (every stored key parses and is one its user sent, its fingerprint intact),
 * and after a restart every publication that was confirmed before the kill is served: its key, or a key the same user
 * sent after it. The key log, whose sequencer runs every second during the publications, is killed with it: after
 * the restart it extends the checkpoint it had at the kill (consistency proof, every tile recomputed) and proves an
 * entry for every stored key.
 */
class KillDuringPublicationsTest {
    private static final String LOG_FOLDER = "var/mailkeys/log";
    private static final int USERS = 12;
    private static final int KEYS_PER_USER = 2;
    /** Each user publishes its keys in turn this many times: A, B, A, B... so that the kill always finds work going on. */
    private static final int ROUNDS = 4;
    private static final int PUBLICATIONS = USERS * KEYS_PER_USER * ROUNDS;
    private static final int PUBLISHERS = 4;
    private static final int CONFIRMED_BEFORE_THE_KILL = 3;
    /**
     * The kill comes once this many publications are sent, counted, not timed: the first round and two more per
     * publisher, while the publishers keep sending.
     */
    private static final int SENT_BEFORE_THE_KILL = USERS + 2 * PUBLISHERS;
    /** The last round is held back until the kill, so that it always comes during publications, however slow the machine. */
    private static final int HELD_BACK_FROM = PUBLICATIONS - USERS;
    /** One requester per account after the restart: the shipped answer rate per sender is 10 an hour. */
    private static final List<String> REQUESTERS = IntStream.range(0, USERS)
        .mapToObj(i -> String.format(Locale.ROOT, "requester%02d@%s", i, REQUESTER_DOMAIN)).collect(Collectors.toList());
    private static final List<String> ACCOUNTS = IntStream.range(0, USERS)
        .mapToObj(i -> String.format(Locale.ROOT, "user%02d@%s", i, DOMAIN)).collect(Collectors.toList());

    /** One publication sent: the account, the key's fingerprint, its place in the account's sequence. */
    private static final class Publication {
        final String account;
        final String fingerprint;
        final int order;
        final SentRequest request;
        final byte[] keyBytes;

        Publication(String account, String fingerprint, int order, SentRequest request, byte[] keyBytes) {
            this.account = account;
            this.fingerprint = fingerprint;
            this.order = order;
            this.request = request;
            this.keyBytes = keyBytes;
        }
    }

    @Test
    void killedDuringPublicationsShouldLeaveNoHalfKeyAndServeEveryConfirmedOne(@TempDir Path folder) throws Exception {
        Map<String, List<String>> armoredKeys = keysFor(folder.resolve("gnupg"));
        Path runtime = folder.resolve("runtime");
        ScriptJames server = TestJames.script(runtime);
        KeyServiceClient client = new KeyServiceClient(server.ports());
        List<Publication> sent = new ArrayList<>();
        /**
         * Every publication begun, sent or not: the kill may cut a connection after James took the mail, so that the
         * client sees a failure for a key the store holds.
         */
        List<Publication> begun = new ArrayList<>();
        Map<String, Publication> confirmed = new ConcurrentHashMap<>();

        try (ScriptJames first = server.start()) {
            first.addDomainAndUsers(DOMAIN, ACCOUNTS.toArray(new String[0]));
            first.addDomainAndUsers(REQUESTER_DOMAIN, REQUESTERS.toArray(new String[0]));
            AtomicBoolean killed = new AtomicBoolean();
            CountDownLatch confirmationsRead = new CountDownLatch(1);
            CountDownLatch killDone = new CountDownLatch(1);
            AtomicInteger tickets = new AtomicInteger();
            ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int p = 0; p < PUBLISHERS; p++) {
                    int firstAccount = p;
                    done.add(publishers.submit(() -> {
                        for (int order = 0; order < KEYS_PER_USER * ROUNDS; order++) {
                            if (order == 1) {
                                // the first round is read before the kill; the later ones are under way when it comes
                                confirmationsRead.await(3, TimeUnit.MINUTES);
                            }
                            for (int a = firstAccount; a < USERS; a += PUBLISHERS) {
                                if (killed.get()) {
                                    return null;
                                }
                                if (tickets.getAndIncrement() >= HELD_BACK_FROM) {
                                    killDone.await(3, TimeUnit.MINUTES);
                                    return null;
                                }
                                String account = ACCOUNTS.get(a);
                                String armored = armoredKeys.get(account).get(order % KEYS_PER_USER);
                                byte[] keyBytes = PublicKeyArmor.keyBytes(armored);
                                String fingerprint = PublicKeys.fingerprint(keyBytes).orElseThrow();
                                synchronized (begun) {
                                    begun.add(new Publication(account, fingerprint, order, null, keyBytes));
                                }
                                try {
                                    SentRequest request = client.publish(account, armored);
                                    synchronized (sent) {
                                        sent.add(new Publication(account, fingerprint, order, request, keyBytes));
                                    }
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
                // a few publications of the first round confirmed, then the kill while the next rounds are sent
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                    .until(() -> collectConfirmations(first, sent, confirmed) >= CONFIRMED_BEFORE_THE_KILL);
                confirmationsRead.countDown();
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(5))
                    .until(() -> sentCount(sent) >= SENT_BEFORE_THE_KILL);
                killed.set(true);
                first.kill();
                killDone.countDown();
                for (Future<?> publisher : done) {
                    publisher.get();
                }
            } finally {
                publishers.shutdownNow();
            }
        }
        System.out.printf("faults: killed with %d of %d publications sent, %d accounts confirmed%n", sent.size(),
            PUBLICATIONS, confirmed.size());
        assertThat(sent.size()).as("publications sent before the kill: the kill came during publications").isLessThan(PUBLICATIONS);
        assertThat(confirmed).isNotEmpty();

        Path keys = runtime.resolve(RuntimeFolder.KEY_STORE_FOLDER);
        System.out.printf("faults: left in the key store folder by the kill: %s%n", temporaryFiles(keys));
        Checkpoint logAtTheKill = FileKeyLogReader.open(runtime.resolve(LOG_FOLDER)).checkpoint();
        List<StoredKey> storedAfterTheKill = new ArrayList<>();
        try (FileKeyStore store = FileKeyStore.open(keys)) {
            for (String account : ACCOUNTS) {
                Optional<StoredKey> stored = store.find(account).blockOptional(Duration.ofSeconds(10));
                stored.ifPresent(storedAfterTheKill::add);
                if (stored.isPresent()) {
                    assertThat(PublicKeys.fingerprint(stored.get().keyBytes())).as("stored key of %s parses, fingerprint intact", account)
                        .hasValue(stored.get().fingerprint());
                    assertThat(fingerprintsSentBy(begun, account)).as("keys %s sent", account).contains(stored.get().fingerprint());
                }
            }
        }

        try (ScriptJames second = server.start()) {
            // nothing added again: the bundled server keeps domains and users in its Derby database, kill included
            for (Publication publication : confirmed.values()) {
                String requester = REQUESTERS.get(ACCOUNTS.indexOf(publication.account));
                SentRequest retrieval = client.requestKey(requester, publication.account);
                KeyAnswer served = Mailbox.imaps(second.ports().imaps, requester).awaitReplyTo(retrieval.messageId).answer();
                assertThat(served).as("key of %s after the restart", publication.account).isInstanceOf(KeyAnswer.KeyFound.class);
                assertThat(((KeyAnswer.KeyFound) served).verifies(retrieval.kAuth)).isTrue();
                String servedFingerprint = PublicKeys.fingerprint(((KeyAnswer.KeyFound) served).keyBytes()).orElseThrow();
                List<String> acceptable = begun.stream()
                    .filter(other -> other.account.equals(publication.account) && other.order >= publication.order)
                    .map(other -> other.fingerprint).collect(Collectors.toList());
                assertThat(acceptable).as("the confirmed key of %s or one sent after it", publication.account).contains(servedFingerprint);
            }
            // the key log, whose sequencer the kill may have stopped in the middle of a batch: every stored key
            // gets its entry once the restarted node has sequenced what was pending
            FileKeyLogReader log = FileKeyLogReader.open(runtime.resolve(LOG_FOLDER));
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> notProvenByTheLog(log, storedAfterTheKill).isEmpty());
            assertThat(second.stop()).isZero();
        }
        FileKeyLogReader log = FileKeyLogReader.open(runtime.resolve(LOG_FOLDER));
        log.assertExtends(logAtTheKill);
        System.out.printf("faults: the key log had %d entries at the kill, %d after the restart, all audited%n",
            logAtTheKill.size(), log.checkpoint().size());
        assertThat(notProvenByTheLog(log, storedAfterTheKill)).isEmpty();
    }

    private static List<String> notProvenByTheLog(FileKeyLogReader log, List<StoredKey> stored) throws IOException {
        List<String> missing = new ArrayList<>();
        for (StoredKey key : stored) {
            if (!log.proves(key)) {
                missing.add(key.address());
            }
        }
        return missing;
    }

    private static int sentCount(List<Publication> sent) {
        synchronized (sent) {
            return sent.size();
        }
    }

    /** Reads the confirmations that have arrived (their MAC verified); the latest confirmed publication per account. */
    private static int collectConfirmations(ScriptJames server, List<Publication> sent, Map<String, Publication> confirmed) {
        List<Publication> snapshot;
        synchronized (sent) {
            snapshot = new ArrayList<>(sent);
        }
        for (Publication publication : snapshot) {
            Publication known = confirmed.get(publication.account);
            if (known != null && known.order >= publication.order) {
                continue;
            }
            try {
                // one read, no retry: an INBOX that does not exist yet just means no confirmation yet
                for (ReceivedMail mail : Mailbox.imaps(server.ports().imaps, publication.account).messages()) {
                    if (mail.inReplyTo().filter(publication.request.messageId::equals).isPresent()
                        && mail.answer() instanceof KeyAnswer.Confirmation
                        && ((KeyAnswer.Confirmation) mail.answer()).verifies(publication.request.kAuth, publication.keyBytes)) {
                        confirmed.merge(publication.account, publication, (old, fresh) -> fresh.order > old.order ? fresh : old);
                    }
                }
            } catch (Exception notYet) {
                // read again at the next poll
            }
        }
        return confirmed.size();
    }

    private static List<String> fingerprintsSentBy(List<Publication> sent, String account) {
        return sent.stream().filter(p -> p.account.equals(account)).map(p -> p.fingerprint).collect(Collectors.toList());
    }

    private static Map<String, List<String>> keysFor(Path home) throws Exception {
        Map<String, List<String>> keys = new ConcurrentHashMap<>();
        try (GnuPG gnupg = new GnuPG(home)) {
            for (String account : ACCOUNTS) {
                List<String> armored = new ArrayList<>();
                for (int i = 0; i < KEYS_PER_USER; i++) {
                    armored.add(gnupg.exportArmored(gnupg.generateEd25519("User " + i + " <" + account + ">")));
                }
                keys.put(account, armored);
            }
        }
        return keys;
    }

    /** The temporary files of writes the kill interrupted (the store removes them when it opens). */
    private static String temporaryFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            List<String> temporary = files.filter(Files::isRegularFile).map(file -> folder.relativize(file).toString())
                .filter(name -> name.endsWith(".tmp")).sorted().collect(Collectors.toList());
            return temporary.size() + " temporary files " + temporary;
        }
    }
}
