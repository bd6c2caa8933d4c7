package org.mailkeys.benchmarks;

import java.util.List;
import java.util.Locale;

import org.mailkeys.store.cassandra.CassandraKeyStore;
import org.mailkeys.store.cassandra.CassandraKeyStoreConfiguration;
import org.mailkeys.store.cassandra.CassandraKeyStoreFactory;

/**
 * {@code cassandra_store_1m_vs_1k}: lookups per second through {@link CassandraKeyStore} in a keyspace of
 * {@link BenchmarkSettings#STORE_LARGE} keys against one of {@link BenchmarkSettings#STORE_SMALL}, on the same node.
 * Each keyspace is named after its size and filled once (see {@link FilledOnce}); the heap figure's James reads the
 * large one.
 */
public final class CassandraStoreScale {
    private CassandraStoreScale() {
    }

    /** The keyspace holding {@code count} keys. */
    public static String keyspace(int count) {
        return "bench_" + count;
    }

    /** Creates (through the store itself) and fills the keyspace of {@code count} keys unless an earlier run did. */
    public static String fill(String ip, int port, int count, byte[] keyBytes) throws Exception {
        return FilledOnce.ensure(BenchmarkSettings.CACHE.resolve("cassandra-" + keyspace(count) + ".filled"), () -> {
            open(ip, port, keyspace(count)).close();
            CassandraFiller.fill(ip, port, keyspace(count), 0, count, keyBytes);
        });
    }

    public static void run(Results results, String ip, int port, byte[] keyBytes) throws Exception {
        int small = BenchmarkSettings.STORE_SMALL;
        int large = BenchmarkSettings.STORE_LARGE;
        String smallFill = fill(ip, port, small, keyBytes);
        String largeFill = fill(ip, port, large, keyBytes);
        try (CassandraKeyStore smallStore = open(ip, port, keyspace(small));
             CassandraKeyStore largeStore = open(ip, port, keyspace(large))) {
            RoundRatios ratios = StoreLookups.compare(smallStore, small, largeStore, large);
            results.add(Figure.measured("cassandra_store_1m_vs_1k", ratios.ratio(), ">= 0.9",
                String.format(Locale.ROOT, "%d vs %d keys, %s; large keyspace %s", large, small,
                    ratios.describe("lookups/s"), largeFill)));
            results.note("Cassandra keyspace of " + small + " keys " + smallFill);
        }
    }

    private static CassandraKeyStore open(String ip, int port, String keyspace) {
        return CassandraKeyStoreFactory.open(CassandraKeyStoreConfiguration.builder()
            .contactPoints(List.of(ip + ":" + port))
            .keyspace(keyspace)
            .build());
    }
}
