package org.mailkeys.benchmarks;

import static java.util.stream.Collectors.joining;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Where the round trips' tail comes from: per side, the EXISTS answers James' IMAP server lost (each costs a STATUS
 * wait and a new SELECT), and the slowest round trips with their place in the run, their lost EXISTS and the garbage
 * collection they met. Printed in the latency figures' details.
 */
final class LatencyTail {
    private final List<RoundTripSample> samples;

    LatencyTail(List<RoundTripSample> samples) {
        this.samples = List.copyOf(samples);
    }

    /** The round trips of one side, in order. */
    double[] millis(RoundTripSample.Side side) {
        return samples.stream().filter(sample -> sample.side() == side).mapToDouble(RoundTripSample::millis).toArray();
    }

    int lostExists(RoundTripSample.Side side) {
        return samples.stream().filter(sample -> sample.side() == side).mapToInt(RoundTripSample::lostExists).sum();
    }

    /** "lost EXISTS per side (INBOX selected again): plain 2, two-pass 3, key requests 5". */
    String lostExistsPerSide() {
        return "lost EXISTS per side (INBOX selected again): " + java.util.Arrays.stream(RoundTripSample.Side.values())
            .map(side -> side.label() + " " + lostExists(side)).collect(joining(", "));
    }

    /**
     * "slowest key requests: 72.5 ms (#12 of 300, 1 lost EXISTS, GC 0 ms), ...": the {@code count} slowest of a side,
     * numbered from the first round trip of this list (every side counted).
     */
    String slowest(RoundTripSample.Side side, int count) {
        int first = samples.isEmpty() ? 0 : samples.get(0).order();
        return "slowest " + side.label() + ": " + samples.stream().filter(sample -> sample.side() == side)
            .sorted(Comparator.comparingDouble(RoundTripSample::millis).reversed()).limit(count)
            .map(sample -> String.format(Locale.ROOT, "%.1f ms (#%d of %d, %d lost EXISTS, GC %d ms)", sample.millis(),
                sample.order() - first, samples.size(), sample.lostExists(), sample.gcMillis()))
            .collect(joining(", "));
    }

    /** The side's percentile over the round trips that met no lost EXISTS: what the tail is without James' race. */
    double percentileWithoutLostExists(RoundTripSample.Side side, double fraction) {
        return RetrievalBenchmark.percentile(samples.stream()
            .filter(sample -> sample.side() == side && sample.lostExists() == 0)
            .mapToDouble(RoundTripSample::millis).toArray(), fraction);
    }
}
