package org.mailkeys.benchmarks;

import java.util.Locale;
import java.util.Optional;

/**
 * One figure of the run: a ratio against a baseline measured in the same run (or a JMH time), the goal it is held
 * to, and how it was made (spread over the rounds, sizes, absolute rates for context). A figure that could not be
 * measured has no value and says why: it is printed as missing, never guessed.
 */
public final class Figure {
    private final String name;
    private final Optional<Double> value;
    private final String goal;
    private final String detail;

    private Figure(String name, Optional<Double> value, String goal, String detail) {
        this.name = name;
        this.value = value;
        this.goal = goal;
        this.detail = detail;
    }

    public static Figure measured(String name, double value, String goal, String detail) {
        return new Figure(name, Optional.of(value), goal, detail);
    }

    public static Figure missing(String name, String goal, String reason) {
        return new Figure(name, Optional.empty(), goal, "MISSING: " + reason);
    }

    public String name() {
        return name;
    }

    public Optional<Double> value() {
        return value;
    }

    public String goal() {
        return goal;
    }

    public String detail() {
        return detail;
    }

    /** Whether the value meets a goal written as {@code >= x} or {@code <= x}; empty for figures without a goal. */
    public Optional<Boolean> meetsGoal() {
        if (value.isEmpty() || goal.length() < 4) {
            return Optional.empty();
        }
        double bound = Double.parseDouble(goal.substring(3));
        return goal.startsWith(">=") ? Optional.of(value.get() >= bound)
            : goal.startsWith("<=") ? Optional.of(value.get() <= bound) : Optional.empty();
    }

    String formattedValue() {
        return value.map(v -> String.format(Locale.ROOT, "%.3f", v)).orElse("missing");
    }
}
