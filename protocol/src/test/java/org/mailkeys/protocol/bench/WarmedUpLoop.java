package org.mailkeys.protocol.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small timing loop for a shared, noisy machine (JMH is not on this project's class path): every operation is
 * warmed up first, then measured in short batches, the operations taking turns round after round so that a burst of
 * load from elsewhere hits all of them alike. Figures are medians over the rounds, and each is also given as a ratio
 * to the first operation (the baseline), measured in the same run.
 */
final class WarmedUpLoop {
    /** One operation to time; its result is folded into a sink so that the JIT cannot drop the work. */
    @FunctionalInterface
    interface Operation {
        Object run() throws Exception;
    }

    private static final long BATCH_NANOS = 40_000_000L;
    private static final long WARM_UP_NANOS = 1_500_000_000L;
    private static final int ROUNDS = 15;

    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private long sink;

    /** The first operation added is the baseline of the ratios. */
    WarmedUpLoop add(String name, Operation operation) {
        operations.put(name, operation);
        return this;
    }

    List<Figure> measure() throws Exception {
        Map<String, Integer> batchSizes = new LinkedHashMap<>();
        for (Map.Entry<String, Operation> operation : operations.entrySet()) {
            batchSizes.put(operation.getKey(), calibrate(operation.getValue()));
        }
        warmUp(batchSizes);
        Map<String, double[]> nanosPerOperation = new LinkedHashMap<>();
        operations.keySet().forEach(name -> nanosPerOperation.put(name, new double[ROUNDS]));
        for (int round = 0; round < ROUNDS; round++) {
            for (Map.Entry<String, Operation> operation : operations.entrySet()) {
                int batch = batchSizes.get(operation.getKey());
                nanosPerOperation.get(operation.getKey())[round] = (double) timeBatch(operation.getValue(), batch) / batch;
            }
        }
        List<Figure> figures = new ArrayList<>();
        double baseline = -1;
        for (Map.Entry<String, double[]> measured : nanosPerOperation.entrySet()) {
            double[] sorted = measured.getValue().clone();
            Arrays.sort(sorted);
            double median = sorted[sorted.length / 2];
            if (baseline < 0) {
                baseline = median;
            }
            figures.add(new Figure(measured.getKey(), median, sorted[0], sorted[sorted.length - 1], median / baseline));
        }
        return figures;
    }

    /** Printed so that the sink is used. */
    long sink() {
        return sink;
    }

    /** The batch size that takes about {@link #BATCH_NANOS}, found by doubling. */
    private int calibrate(Operation operation) throws Exception {
        int batch = 1;
        while (timeBatch(operation, batch) < BATCH_NANOS && batch < (1 << 24)) {
            batch *= 2;
        }
        return batch;
    }

    private void warmUp(Map<String, Integer> batchSizes) throws Exception {
        long end = System.nanoTime() + WARM_UP_NANOS * operations.size();
        while (System.nanoTime() < end) {
            for (Map.Entry<String, Operation> operation : operations.entrySet()) {
                timeBatch(operation.getValue(), batchSizes.get(operation.getKey()));
            }
        }
    }

    private long timeBatch(Operation operation, int batch) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < batch; i++) {
            Object result = operation.run();
            sink += System.identityHashCode(result);
        }
        return System.nanoTime() - start;
    }

    /** Nanoseconds per operation over the rounds: median, fastest and slowest round, median / baseline median. */
    static final class Figure {
        final String name;
        final double medianNanos;
        final double minNanos;
        final double maxNanos;
        final double ratioToBaseline;

        Figure(String name, double medianNanos, double minNanos, double maxNanos, double ratioToBaseline) {
            this.name = name;
            this.medianNanos = medianNanos;
            this.minNanos = minNanos;
            this.maxNanos = maxNanos;
            this.ratioToBaseline = ratioToBaseline;
        }

        String line() {
            return String.format(Locale.ROOT, "%-52s %12.2f %12.2f %12.2f %12.1f", name, medianNanos / 1000, minNanos / 1000,
                maxNanos / 1000, ratioToBaseline);
        }

        static String header() {
            return String.format(Locale.ROOT, "%-52s %12s %12s %12s %12s", "operation", "median µs", "min µs", "max µs",
                "x baseline");
        }
    }
}
