package org.mailkeys.benchmarks;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import org.mailkeys.store.KeyStore;
import org.mailkeys.store.StoredKey;

/**
 * Lookups per second in a filled store: {@link #THREADS} threads ask for random stored addresses, as the KST's
 * mailets do (one blocking lookup per request), and check that each answer is the key of the address asked for.
 */
final class StoreLookups {
    static final int THREADS = 4;
    static final String DOMAIN = "example.net";
    static final Instant PUBLISHED_AT = Instant.parse("2026-11-30T00:00:00Z");

    private StoreLookups() {
    }

    static String address(int i) {
        return String.format(Locale.ROOT, "user%07d@%s", i, DOMAIN);
    }

    static StoredKey key(int i, byte[] keyBytes) {
        return new StoredKey(address(i), keyBytes, "FINGERPRINT" + i, PUBLISHED_AT, 1);
    }

    /** Returns the seconds that {@code lookups} lookups over the first {@code stored} addresses took. */
    static double time(KeyStore store, int stored, int lookups, long seed) throws Exception {
        SplittableRandom[] randoms = new SplittableRandom[THREADS];
        Arrays.setAll(randoms, t -> new SplittableRandom(seed + t));
        return Workers.run(lookups, THREADS, worker -> new Workers.Nothing(), (nothing, i) -> {
            String address = address(randoms[i % THREADS].nextInt(stored));
            StoredKey found = store.find(address).block();
            if (found == null || !found.address().equals(address)) {
                throw new IllegalStateException("wrong answer for " + address + ": " + found);
            }
        });
    }

    /** Rounds taking turns between the small and the large store (which goes first alternates). */
    static RoundRatios compare(KeyStore small, int smallCount, KeyStore large, int largeCount) throws Exception {
        int lookups = BenchmarkSettings.STORE_LOOKUPS;
        time(small, smallCount, lookups / 4, 1);
        time(large, largeCount, lookups / 4, 2);
        RoundRatios ratios = new RoundRatios();
        for (int round = 0; round < BenchmarkSettings.STORE_ROUNDS; round++) {
            double smallSeconds;
            double largeSeconds;
            if (round % 2 == 0) {
                smallSeconds = time(small, smallCount, lookups, 10 + round);
                largeSeconds = time(large, largeCount, lookups, 20 + round);
            } else {
                largeSeconds = time(large, largeCount, lookups, 20 + round);
                smallSeconds = time(small, smallCount, lookups, 10 + round);
            }
            ratios.add(lookups, largeSeconds, lookups, smallSeconds);
        }
        return ratios;
    }
}
