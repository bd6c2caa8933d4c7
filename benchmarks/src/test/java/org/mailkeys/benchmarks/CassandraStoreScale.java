package org.mailkeys.benchmarks;

import java.util.List;
import java.util.Locale;

import org.mailkeys.store.cassandra.CassandraKeyStore;
import org.mailkeys.store.cassandra.CassandraKeyStoreConfiguration;
import org.mailkeys.store.cassandra.CassandraKeyStoreFactory;

/**
 * {@code cassandra_store_1m_vs_1k}: lookups per second through {@link CassandraKeyStore} in a keyspace of
 * {@link BenchmarkSettings#STORE_LARGE} keys against one of 1,000, on the same node. The large keyspace is the one the
 * heap figure's James uses, filled to {@link BenchmarkSettings#HEAP_KEYS} when that is larger.
 */
public final class CassandraStoreScale {
    public static final String LARGE_KEYSPACE = "bench_large";
    private static final String SMALL_KEYSPACE = "bench_small";

    private CassandraStoreScale() {
    }

    public static void run(Results results, String ip, int port, byte[] keyBytes) throws Exception {
        int small = BenchmarkSettings.STORE_SMALL;
        int large = Math.max(BenchmarkSettings.STORE_LARGE, BenchmarkSettings.HEAP_KEYS);
        try (CassandraKeyStore smallStore = open(ip, port, SMALL_KEYSPACE);
             CassandraKeyStore largeStore = open(ip, port, LARGE_KEYSPACE)) {
            long start = System.nanoTime();
            CassandraFiller.fill(ip, port, SMALL_KEYSPACE, 0, small, keyBytes);
            CassandraFiller.fill(ip, port, LARGE_KEYSPACE, 0, large, keyBytes);
            double fillSeconds = (System.nanoTime() - start) / 1e9;
            RoundRatios ratios = StoreLookups.compare(smallStore, small, largeStore, large);
            results.add(Figure.measured("cassandra_store_1m_vs_1k", ratios.ratio(), ">= 0.9",
                String.format(Locale.ROOT, "%d vs %d keys, %s; fill %.0f s (%.0f rows/s)", large, small,
                    ratios.describe("lookups/s"), fillSeconds, (small + large) / fillSeconds)));
        }
    }

    private static CassandraKeyStore open(String ip, int port, String keyspace) {
        return CassandraKeyStoreFactory.open(CassandraKeyStoreConfiguration.builder()
            .contactPoints(List.of(ip + ":" + port))
            .keyspace(keyspace)
            .build());
    }
}
