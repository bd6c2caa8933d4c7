package org.mailkeys.benchmarks;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ProtocolHotPaths} and {@link LogHotPaths} in JMH and adds each mean time, in µs, to the results. In the full run one fork per
 * benchmark, so that the JIT profile of one does not leak into the next (the fork reuses this JVM's class path).
 */
final class HotPathsBenchmark {
    private static final Map<String, String> FIGURES = Map.ofEntries(
        Map.entry("parseRetrievalRequest", "jmh_parse_retrieval_request_us"),
        Map.entry("parsePublicationRequest", "jmh_parse_publication_request_us"),
        Map.entry("keyPolicyEd25519", "jmh_key_policy_ed25519_us"),
        Map.entry("keyPolicyRsa3072", "jmh_key_policy_rsa3072_us"),
        Map.entry("keyPolicy2000Certifications", "jmh_key_policy_2000_certifications_us"),
        Map.entry("macCompute", "jmh_mac_compute_us"),
        Map.entry("macVerify", "jmh_mac_verify_us"),
        // LogHotPaths: the key log's
        Map.entry("vrfProve", "jmh_vrf_prove_us"),
        Map.entry("vrfVerify", "jmh_vrf_verify_us"),
        Map.entry("logProofCheck", "jmh_log_proof_check_us"),
        Map.entry("tileRead", "jmh_log_tile_read_us"));

    private HotPathsBenchmark() {
    }

    static void run(Results results) throws RunnerException {
        Options options = new OptionsBuilder()
            .include(ProtocolHotPaths.class.getName() + "\\.")
            .include(LogHotPaths.class.getName() + "\\.")
            .forks(BenchmarkSettings.JMH_FORKS)
            .jvmArgs("-Xmx512m")
            .warmupIterations(BenchmarkSettings.JMH_WARM_UP_ITERATIONS)
            .warmupTime(TimeValue.milliseconds(BenchmarkSettings.JMH_ITERATION_MS))
            .measurementIterations(BenchmarkSettings.JMH_ITERATIONS)
            .measurementTime(TimeValue.milliseconds(BenchmarkSettings.JMH_ITERATION_MS))
            .build();
        Collection<RunResult> runs = new Runner(options).run();
        for (RunResult run : runs) {
            String benchmark = run.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            var score = run.getPrimaryResult();
            var statistics = score.getStatistics();
            results.add(Figure.measured(FIGURES.get(method), score.getScore(), "",
                String.format(Locale.ROOT, "JMH mean of %d iterations of %d ms (%d forks), min %.2f max %.2f µs/op, error ±%.2f",
                    statistics.getN(), BenchmarkSettings.JMH_ITERATION_MS, BenchmarkSettings.JMH_FORKS, statistics.getMin(), statistics.getMax(), score.getScoreError())));
        }
    }
}
