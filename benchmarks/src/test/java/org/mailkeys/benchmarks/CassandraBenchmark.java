package org.mailkeys.benchmarks;

import static java.util.stream.Collectors.toList;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.mailkeys.cassandra.node.CassandraNode;

/**
 * A real Cassandra node (the project's fork of cassandra-all 4.1.10; its data kept between runs with the filled
 * keyspaces) for two figures: {@code cassandra_store_1m_vs_1k} (see {@link CassandraStoreScale}) and
 * {@code heap_1m_keys_vs_empty}: the heap, after a full GC, of a James whose MailKeys store is an empty keyspace,
 * then of a James whose store is the keyspace of {@link BenchmarkSettings#HEAP_KEYS} keys, each having answered the
 * same number of key requests (for stored keys: alice's in the empty store, random ones in the full store).
 */
public final class CassandraBenchmark {
    /** A loopback address of its own: other builds on the machine run Cassandra on 127.0.0.1. */
    private static final String NODE_IP = "127.0.93.1";
    private static final String EMPTY_KEYSPACE = "bench_empty";
    private static final int REQUESTS = 400;

    private CassandraBenchmark() {
    }

    public static void run(Results results, Path folder, byte[] keyBytes) throws Exception {
        try (CassandraNode node = CassandraNode.start(NODE_IP, BenchmarkSettings.CACHE.resolve("cassandra-node"))) {
            org.mailkeys.benchmarks.CassandraRetrieval.run(results, folder.resolve("retrieval"), node);
            long empty = heapOfJames(folder.resolve("james-empty"), node, EMPTY_KEYSPACE, i -> RetrievalBenchmark.ALICE);

            CassandraStoreScale.run(results, node.ip(), node.nativePort(), keyBytes);
            int stored = BenchmarkSettings.HEAP_KEYS;
            String fill = CassandraStoreScale.fill(node.ip(), node.nativePort(), stored, keyBytes);

            Random random = new Random(3);
            long filled = heapOfJames(folder.resolve("james-full"), node, CassandraStoreScale.keyspace(stored),
                i -> String.format(Locale.ROOT, "user%07d@%s", random.nextInt(stored), BenchmarkJames.DOMAIN));
            results.add(Figure.measured("heap_1m_keys_vs_empty", (double) filled / empty, "<= 1.05", String.format(Locale.ROOT,
                "%d keys in the store (%s) vs empty, %d key requests answered each; %.1f vs %.1f MiB used after full GC "
                    + "(in-process James, started once for each store, one after the other; the harness shares the heap)",
                stored, fill, REQUESTS, filled / 1048576.0, empty / 1048576.0)));
        }
    }

    private static long heapOfJames(Path root, CassandraNode node, String keyspace, IntFunction<String> queried) throws Exception {
        Map<String, String> store = Map.of(
            "store", "cassandra",
            "store.cassandra.contact.points", node.ip() + ":" + node.nativePort(),
            "store.cassandra.keyspace", keyspace);
        try (BenchmarkJames james = BenchmarkJames.start(root, store, List.of(RetrievalBenchmark.ALICE))) {
            new RetrievalBenchmark(james, null).publishAlice();
            List<OutgoingMail> requests = IntStream.range(0, REQUESTS)
                .mapToObj(i -> OutgoingMail.retrieval(BenchmarkJames.REQUESTERS.get(i % BenchmarkJames.MAILBOXES), queried.apply(i)))
                .collect(toList());
            james.deliver(requests, 4, BenchmarkJames.REQUESTERS);
            RetrievalBenchmark.checkAnswersAreKeys(james, requests.subList(requests.size() - 3, requests.size()));
            return heapAfterFullGc();
        }
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
