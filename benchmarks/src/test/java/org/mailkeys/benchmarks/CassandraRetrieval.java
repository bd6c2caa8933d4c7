package org.mailkeys.benchmarks;

import static java.util.stream.Collectors.toList;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import org.mailkeys.cassandra.node.CassandraNode;
import org.mailkeys.protocol.KeyAnswer;
import org.mailkeys.testing.Mailbox;

/**
 * {@code retrieval_cassandra_vs_file_c4}: key requests answered per second (until each answer is in its requester's
 * INBOX) by a James whose store is Cassandra (one local node, a keyspace of its own) against a James on the file
 * store, both running side by side with the shipped configuration otherwise (key log on), the same requests for
 * alice's key from the 100 requesters over 4 STARTTLS connections, in alternating rounds.
 */
public final class CassandraRetrieval {
    public static final String FIGURE = "retrieval_cassandra_vs_file_c4";
    private static final int CONNECTIONS = 4;
    private static final String KEYSPACE = "bench_retrieval";
    /** Seconds with nothing asked of either James, for what the JVM and the node spend anyway. */
    private static final int IDLE_SECONDS = 3;

    private CassandraRetrieval() {
    }

    /** On the node the Cassandra part runs. */
    public static void run(Results results, Path folder, CassandraNode node) throws Exception {
        Map<String, String> store = Map.of(
            "store", "cassandra",
            "store.cassandra.contact.points", node.ip() + ":" + node.nativePort(),
            "store.cassandra.keyspace", KEYSPACE);
        List<String> accounts = List.of(RetrievalBenchmark.ALICE);
        try (BenchmarkJames file = BenchmarkJames.startBesideAnother(folder.resolve("file"), Map.of(), accounts);
             BenchmarkJames cassandra = BenchmarkJames.startBesideAnother(folder.resolve("cassandra"), store, accounts)) {
            new RetrievalBenchmark(file, null).publishAlice();
            new RetrievalBenchmark(cassandra, null).publishAlice();
            file.deliver(requests(BenchmarkSettings.WARM_UP_MAILS), CONNECTIONS, BenchmarkJames.REQUESTERS);
            cassandra.deliver(requests(BenchmarkSettings.WARM_UP_MAILS), CONNECTIONS, BenchmarkJames.REQUESTERS);
            RoundRatios ratios = new RoundRatios();
            java.util.function.LongSupplier nodeProcess = () -> node.cpuTime().map(java.time.Duration::toNanos).orElse(0L);
            CpuUse idle = CpuUse.idle(nodeProcess, IDLE_SECONDS);
            CpuUse cassandraCpu = new CpuUse();
            CpuUse fileCpu = new CpuUse();
            int mails = BenchmarkSettings.THROUGHPUT_MAILS;
            List<OutgoingMail> last = List.of();
            for (int round = 0; round < BenchmarkSettings.THROUGHPUT_ROUNDS; round++) {
                List<OutgoingMail> toCassandra = requests(mails);
                List<OutgoingMail> toFile = requests(mails);
                double cassandraSeconds;
                double fileSeconds;
                if (round % 2 == 0) {
                    cassandraSeconds = measured(cassandra, toCassandra, cassandraCpu, nodeProcess);
                    fileSeconds = measured(file, toFile, fileCpu, nodeProcess);
                } else {
                    fileSeconds = measured(file, toFile, fileCpu, nodeProcess);
                    cassandraSeconds = measured(cassandra, toCassandra, cassandraCpu, nodeProcess);
                }
                ratios.add(mails, cassandraSeconds, mails, fileSeconds);
                last = toCassandra;
            }
            checkKeysAnswered(cassandra, last.subList(last.size() - 3, last.size()));
            results.add(Figure.measured(FIGURE, ratios.ratio(), ">= 0.9", String.format(Locale.ROOT,
                "%d requests per side and round, %d connections, one local Cassandra node (keyspace %s) vs the file "
                    + "store, ", mails, CONNECTIONS, KEYSPACE) + ratios.describe("answers/s") + "; Cassandra side "
                + cassandraCpu.perRequest(mails * ratios.size(), "Cassandra node") + ", "
                + cassandraCpu.perRequestNetOf(idle, mails * ratios.size(), "Cassandra node") + "; file side "
                + fileCpu.perRequest(mails * ratios.size(), "Cassandra node") + ", "
                + fileCpu.perRequestNetOf(idle, mails * ratios.size(), "Cassandra node") + "; "
                + idle.idleShares("Cassandra node") + " (both James started, " + IDLE_SECONDS + " s)"));
        }
    }

    /** Delivers the requests, waits for their answers; adds where the CPU went meanwhile. Returns the seconds. */
    private static double measured(BenchmarkJames james, List<OutgoingMail> requests, CpuUse cpu,
                                   java.util.function.LongSupplier nodeProcess) throws Exception {
        return cpu.during(nodeProcess, () -> james.deliver(requests, CONNECTIONS, BenchmarkJames.REQUESTERS));
    }

    private static List<OutgoingMail> requests(int count) {
        return IntStream.range(0, count)
            .mapToObj(i -> OutgoingMail.retrieval(BenchmarkJames.REQUESTERS.get(i % BenchmarkJames.MAILBOXES), RetrievalBenchmark.ALICE))
            .collect(toList());
    }

    /** Not timed: the answers are alice's key, not fast errors. */
    private static void checkKeysAnswered(BenchmarkJames james, List<OutgoingMail> requests) throws Exception {
        for (OutgoingMail request : requests) {
            KeyAnswer answer = Mailbox.imaps(james.imapsPort(), request.sender()).awaitReplyTo(request.messageId()).answer();
            if (!(answer instanceof KeyAnswer.KeyFound)) {
                throw new IllegalStateException("not a key: " + answer);
            }
        }
    }
}
