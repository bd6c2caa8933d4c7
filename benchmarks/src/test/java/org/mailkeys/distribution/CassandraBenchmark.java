package org.mailkeys.distribution;

import static java.util.stream.Collectors.toList;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import org.mailkeys.benchmarks.BenchmarkSettings;
import org.mailkeys.benchmarks.CassandraStoreScale;
import org.mailkeys.benchmarks.Figure;
import org.mailkeys.benchmarks.Results;
import org.mailkeys.cassandra.node.CassandraNode;

/**
 * A real Cassandra node (the project's fork of cassandra-all 4.1.10) for two figures: {@code cassandra_store_1m_vs_1k}
 * (lookups in a large against a small store, see {@link CassandraStoreScale}) and {@code heap_1m_keys_vs_empty}: the
 * heap of a James whose MailKeys store is that Cassandra keyspace, after a full GC, once with the store empty and once
 * with it filled and answering requests for the stored keys.
 */
public final class CassandraBenchmark {
    /** A loopback address of its own: other builds on the machine run Cassandra on 127.0.0.1. */
    private static final String NODE_IP = "127.0.93.1";
    private static final int REQUESTS = 400;

    private CassandraBenchmark() {
    }

    public static void run(Results results, Path folder, byte[] keyBytes) throws Exception {
        try (CassandraNode node = CassandraNode.start(NODE_IP, folder.resolve("cassandra"))) {
            String contactPoint = node.ip() + ":" + node.nativePort();
            Map<String, String> store = Map.of(
                "store", "cassandra",
                "store.cassandra.contact.points", contactPoint,
                "store.cassandra.keyspace", CassandraStoreScale.LARGE_KEYSPACE);
            try (BenchmarkJames james = BenchmarkJames.start(folder.resolve("james-cassandra"), store, List.of(RetrievalBenchmark.ALICE))) {
                RetrievalBenchmark retrieval = new RetrievalBenchmark(james, results);
                retrieval.publishAlice();
                askFor(james, i -> RetrievalBenchmark.ALICE);
                long empty = heapAfterFullGc();

                CassandraStoreScale.run(results, node.ip(), node.nativePort(), keyBytes);

                Random random = new Random(3);
                int stored = BenchmarkSettings.HEAP_KEYS;
                askFor(james, i -> String.format(Locale.ROOT, "user%07d@%s", random.nextInt(stored), BenchmarkJames.DOMAIN));
                long filled = heapAfterFullGc();
                results.add(Figure.measured("heap_1m_keys_vs_empty", (double) filled / empty, "<= 1.05", String.format(Locale.ROOT,
                    "%d keys in the store vs empty, %d key requests answered each time; %.1f vs %.1f MiB used after full GC "
                        + "(in-process James: the benchmark harness is in the same heap)",
                    stored, REQUESTS, filled / 1048576.0, empty / 1048576.0)));
            }
        }
    }

    private static void askFor(BenchmarkJames james, java.util.function.IntFunction<String> queried) throws Exception {
        List<OutgoingMail> requests = IntStream.range(0, REQUESTS)
            .mapToObj(i -> OutgoingMail.retrieval(BenchmarkJames.REQUESTERS.get(i % BenchmarkJames.MAILBOXES), queried.apply(i)))
            .collect(toList());
        james.deliver(requests, 4, BenchmarkJames.REQUESTERS);
    }

    /** The lowest heap use of three full collections (System.gc() is a full GC with G1), a second apart. */
    static long heapAfterFullGc() throws InterruptedException {
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(1000);
            lowest = Math.min(lowest, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return lowest;
    }
}
