package org.mailkeys.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mailkeys.testing.KeyFixtures;

/**
 * Every figure of the project in one run (bin/mailkeys-bench): prints one table and writes
 * {@code benchmarks/target/results.json}. A part that fails leaves its figures missing, with the reason, and the run
 * goes on; the test fails at the end if any figure is missing, so that a broken part is not mistaken for a run.
 * The stores and servers work in {@code mailkeys.bench.work} (bin/mailkeys-bench empties it before and after: a million
 * keys are two million files).
 */
@EnabledIfSystemProperty(named = "mailkeys.bench", matches = "true")
class MailKeysBenchmarks {
    /** The parts to run, for profiling one of them: jmh, kst, wks, log, logproof, file, wkd, hkp, cassandra, autocrypt (all by default). */
    private static final List<String> PARTS = List.of(System.getProperty("mailkeys.bench.parts",
        "jmh,kst,wks,log,logproof,file,wkd,hkp,cassandra,autocrypt").split(","));

    private final Results results = new Results();
    private final byte[] keyBytes = KeyFixtures.keyBytes(KeyFixtures.ALICE);
    /** The GnuPG-made publication keys of the kst part, published again by the log part. */
    private List<String> publicationKeys = List.of();

    @FunctionalInterface
    interface Part {
        void run() throws Exception;
    }

    @Test
    void measureEveryFigure() throws Exception {
        Path folder = Paths.get(System.getProperty("mailkeys.bench.work", "target/bench-work")).toAbsolutePath();
        Files.createDirectories(folder);
        long start = System.nanoTime();
        String loadBefore = Results.machine();
        part("jmh", "JMH hot paths", () -> HotPathsBenchmark.run(results), names("jmh_"));
        part("kst", "KST in James (file store)", () -> kstInJames(folder.resolve("kst")),
            Results.NAMES.subList(0, Results.NAMES.indexOf("plain_submission_vs_wks_server") + 1));
        part("wks", "Web Key Service publications: our James against gpg-wks-server", () -> WksPublicationBenchmark.run(results,
            Files.createDirectories(folder.resolve("wks"))), List.of(WksPublicationBenchmark.FIGURE));
        part("log", "publications with the key log against without it", () -> keyLogCost(folder.resolve("log")),
            List.of(KeyLogPublicationCost.FIGURE));
        part("logproof", "proof size in a key log of 1,000,000 entries", () -> LogProofSize.run(results),
            List.of(LogProofSize.FIGURE));
        part("file", "file store scale", () -> FileStoreScale.run(results, keyBytes),
            List.of("file_store_1m_vs_1k"));
        part("wkd", "WKD against nginx", () -> WkdVsNginx.run(results, Files.createDirectories(folder.resolve("wkd")), keyBytes),
            WkdVsNginx.FIGURES);
        part("hkp", "the agent's HKP listener (cached keys) against nginx", () -> HkpVsNginx.run(results,
            Files.createDirectories(folder.resolve("hkp")), keyBytes), HkpVsNginx.FIGURES);
        part("autocrypt", "Autocrypt header per mail, worst allowed key against ed25519", () -> AutocryptHeaderCost.run(results),
            List.of(AutocryptHeaderCost.FIGURE));
        part("cassandra", "Cassandra store and James' heap", () -> CassandraBenchmark.run(results, folder.resolve("cassandra"), keyBytes),
            List.of("cassandra_store_1m_vs_1k", "heap_1m_keys_vs_empty", CassandraRetrieval.FIGURE));

        results.note("machine at the start: " + loadBefore);
        results.note(String.format(Locale.ROOT, "run took %.0f s (%s mode)", (System.nanoTime() - start) / 1e9,
            BenchmarkSettings.QUICK ? "quick" : "full"));
        String table = results.table("MailKeys benchmarks: every figure a ratio against a baseline measured side by side "
            + "in this run (rounds interleaved); the absolute rates are context only");
        System.out.print(table);
        Path output = Paths.get(System.getProperty("mailkeys.bench.results", "target"));
        Files.createDirectories(output);
        Files.writeString(output.resolve("results.txt"), table);
        results.write(output.resolve("results.json"), BenchmarkSettings.QUICK);

        List<String> missing = Results.NAMES.stream().filter(name -> results.get(name).value().isEmpty())
            .collect(java.util.stream.Collectors.toList());
        if (!missing.isEmpty()) {
            throw new AssertionError("figures missing: " + missing + " (see the table for the reasons)");
        }
    }

    private void kstInJames(Path folder) throws Exception {
        List<String> accounts = new java.util.ArrayList<>(PublicationBenchmark.PUBLISHERS);
        accounts.add(RetrievalBenchmark.ALICE);
        try (BenchmarkJames james = BenchmarkJames.start(Files.createDirectories(folder.resolve("james")), Map.of(), accounts)) {
            RetrievalBenchmark retrieval = new RetrievalBenchmark(james, results);
            retrieval.publishAlice();
            retrieval.measureThroughput();
            retrieval.measureLatency();
            PublicationBenchmark publication = new PublicationBenchmark(james, results);
            publication.makeKeys(folder);
            publicationKeys = publication.armoredKeys();
            publication.measure(folder);
        }
    }

    private void keyLogCost(Path folder) throws Exception {
        if (publicationKeys.isEmpty()) {
            PublicationBenchmark keys = new PublicationBenchmark(null, results);
            keys.makeKeys(Files.createDirectories(folder));
            publicationKeys = keys.armoredKeys();
        }
        KeyLogPublicationCost.run(results, folder, publicationKeys);
    }

    private void part(String key, String name, Part part, List<String> figures) {
        if (!PARTS.contains(key)) {
            figures.forEach(figure -> results.add(Figure.missing(figure, "", "part " + key + " not selected (mailkeys.bench.parts)")));
            return;
        }
        System.out.printf(Locale.ROOT, "%n=== %s ===%n", name);
        long start = System.nanoTime();
        try {
            part.run();
        } catch (Throwable failure) {
            failure.printStackTrace();
            for (String figure : figures) {
                if (results.get(figure).value().isEmpty()) {
                    results.add(Figure.missing(figure, "", name + " failed: " + failure));
                }
            }
        }
        results.note(String.format(Locale.ROOT, "%s: %.0f s", name, (System.nanoTime() - start) / 1e9));
    }

    private static List<String> names(String prefix) {
        return Results.NAMES.stream().filter(name -> name.startsWith(prefix)).collect(java.util.stream.Collectors.toList());
    }
}
