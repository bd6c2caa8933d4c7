package org.mailkeys.benchmarks;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The sizes of one run: {@code --quick} (property {@code mailkeys.bench.quick=true}) checks in a few minutes that every
 * figure is still measured; the full run uses the counts the goals name. Any size can be set alone with its property.
 */
public final class BenchmarkSettings {
    public static final boolean QUICK = Boolean.getBoolean("mailkeys.bench.quick");

    /** Mails per phase and per concurrency level in the retrieval throughput rounds. */
    public static final int THROUGHPUT_MAILS = size("throughput.mails", 100, 600);
    /** Rounds of plain mail and key requests taking turns, per concurrency level. */
    public static final int THROUGHPUT_ROUNDS = size("throughput.rounds", 2, 4);
    public static final int WARM_UP_MAILS = size("warmup.mails", 100, 400);
    /** Round trips per kind (the goal asks for at least 200: the full run). */
    public static final int LATENCY_SAMPLES = size("latency.samples", 100, 400);
    /** Round trips of each kind made before the timed ones, not timed (the one-at-a-time path warmed). */
    public static final int LATENCY_WARM_UP = size("latency.warmup", 20, 40);
    /**
     * Keys GnuPG makes for the publication figures: ed25519 and rsa3072, each of its own account, all published in
     * every round. The full run's 128 keys make a round of a few seconds, so that the last answers' tail does not
     * dominate it (32 keys were under a second of work).
     */
    public static final int PUBLICATION_ED25519_KEYS = size("publication.ed25519", 6, 96);
    public static final int PUBLICATION_RSA3072_KEYS = size("publication.rsa3072", 2, 32);
    public static final int PUBLICATION_ROUNDS = size("publication.rounds", 2, 3);
    /** The small and the large store; the names of the figures say 1k and 1M, the JSON notes the sizes used. */
    public static final int STORE_SMALL = size("store.small", 1_000, 1_000);
    public static final int STORE_LARGE = size("store.large", 20_000, 1_000_000);
    public static final int STORE_LOOKUPS = size("store.lookups", 4_000, 20_000);
    public static final int STORE_ROUNDS = size("store.rounds", 2, 4);
    /** Keys in the Cassandra store while James' heap is measured (the goal: 1,000,000). */
    public static final int HEAP_KEYS = size("heap.keys", 20_000, 1_000_000);
    public static final int WKD_KEYS = size("wkd.keys", 200, 1_000);
    public static final int WKD_SECONDS_PER_ROUND = size("wkd.seconds", 1, 5);
    public static final int WKD_ROUNDS = size("wkd.rounds", 2, 4);
    /** HTTPS lookups per side and round (each a full TLS handshake, as dirmngr makes them), and before the rounds. */
    public static final int WKD_TLS_REQUESTS = size("wkd.tls.requests", 80, 2_000);
    public static final int WKD_TLS_WARM_UP = size("wkd.tls.warmup", 60, 1_000);
    /** The agent's HKP listener against nginx: addresses cached, seconds per side and round, rounds. */
    public static final int HKP_KEYS = size("hkp.keys", 100, 1_000);
    public static final int HKP_SECONDS_PER_ROUND = size("hkp.seconds", 1, 5);
    public static final int HKP_ROUNDS = size("hkp.rounds", 2, 4);
    /** Autocrypt header: mails per side in a round, and rounds (the worst key and an ed25519 key alternate). */
    public static final int AUTOCRYPT_MAILS = size("autocrypt.mails", 10_000, 20_000);
    public static final int AUTOCRYPT_ROUNDS = size("autocrypt.rounds", 3, 5);
    /**
     * Whole Web Key Service publications per side and round (each a user of its own, an exchange of four mails), and
     * rounds: our James against gpg-wks-server.
     */
    public static final int WKS_PUBLICATIONS = size("wks.publications", 3, 16);
    public static final int WKS_ROUNDS = size("wks.rounds", 2, 4);
    /**
     * JMH: iterations (one second each in the full run, shorter in the quick one); the quick run measures in this JVM
     * rather than in a fork per benchmark.
     */
    public static final int JMH_FORKS = size("jmh.forks", 0, 1);
    public static final int JMH_WARM_UP_ITERATIONS = size("jmh.warmup", 1, 5);
    public static final int JMH_ITERATIONS = size("jmh.iterations", 2, 10);
    public static final int JMH_ITERATION_MS = size("jmh.iteration.ms", 400, 1_000);

    /**
     * Where filled stores are kept between runs (a million keys take minutes to write): a store is filled once per
     * size and reused by later runs, its fill time printed as "already filled". Empty the folder to fill them again.
     */
    public static final Path CACHE = Paths.get(System.getProperty("mailkeys.bench.cache", "target/bench-cache")).toAbsolutePath();

    private BenchmarkSettings() {
    }

    private static int size(String name, int quick, int full) {
        return Integer.getInteger("mailkeys.bench." + name, QUICK ? quick : full);
    }
}
