package org.mailkeys.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rates of a subject and of its baseline, measured in alternating rounds of one run: the figure is the ratio of the
 * summed rates (work over time, summed over the rounds), and the spread is the lowest and highest ratio of a single
 * round, so that a reader sees how much the shared machine moved the result.
 */
public final class RoundRatios {
    private final List<double[]> rounds = new ArrayList<>();

    /** One round: work done (mails, keys, lookups) and the seconds it took, for the subject and for the baseline. */
    public void add(double subjectWork, double subjectSeconds, double baselineWork, double baselineSeconds) {
        rounds.add(new double[] {subjectWork, subjectSeconds, baselineWork, baselineSeconds});
    }

    public int size() {
        return rounds.size();
    }

    public double ratio() {
        return subjectRate() / baselineRate();
    }

    public double subjectRate() {
        return rounds.stream().mapToDouble(r -> r[0]).sum() / rounds.stream().mapToDouble(r -> r[1]).sum();
    }

    public double baselineRate() {
        return rounds.stream().mapToDouble(r -> r[2]).sum() / rounds.stream().mapToDouble(r -> r[3]).sum();
    }

    public double lowest() {
        return rounds.stream().mapToDouble(RoundRatios::ratioOf).min().orElse(Double.NaN);
    }

    public double highest() {
        return rounds.stream().mapToDouble(RoundRatios::ratioOf).max().orElse(Double.NaN);
    }

    /** "rounds 0.91-1.05 (4), 812/s vs 790/s": the spread, then the absolute rates for context. */
    public String describe(String unit) {
        return String.format(Locale.ROOT, "rounds %.2f-%.2f (%d), %.1f vs %.1f %s", lowest(), highest(), rounds.size(),
            subjectRate(), baselineRate(), unit);
    }

    private static double ratioOf(double[] round) {
        return (round[0] / round[1]) / (round[2] / round[3]);
    }
}
