package org.mailkeys.settings;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole-number setting with its name, its unit and its bounds: a count, a size in bytes or a duration, read from
 * {@code mailkeys.properties} or a mailet parameter. An absent or blank value takes the caller's default; anything
 * else must be a whole number within the bounds, or {@link IllegalArgumentException} names the setting, the value,
 * the unit and the bounds.
 */
public final class BoundedNumber {
    private final String name;
    private final String unitName;
    private final Optional<ChronoUnit> timeUnit;
    private final long min;
    private final long max;

    private BoundedNumber(String name, String unitName, Optional<ChronoUnit> timeUnit, long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("the bounds of '" + name + "' are reversed: " + min + " > " + max);
        }
        this.name = Objects.requireNonNull(name);
        this.unitName = unitName;
        this.timeUnit = timeUnit;
        this.min = min;
        this.max = max;
    }

    /** A number of things (answers, connections, replicas, a port): no unit. */
    public static BoundedNumber count(String name, long min, long max) {
        return new BoundedNumber(name, "", Optional.empty(), min, max);
    }

    public static BoundedNumber bytes(String name, long min, long max) {
        return new BoundedNumber(name, "bytes", Optional.empty(), min, max);
    }

    /** A duration written as a whole number of {@code unit}; the setting's name says which (e.g. {@code .ms}). */
    public static BoundedNumber duration(String name, ChronoUnit unit, long min, long max) {
        return new BoundedNumber(name, unitName(unit), Optional.of(unit), min, max);
    }

    private static String unitName(ChronoUnit unit) {
        return unit == ChronoUnit.MILLIS ? "milliseconds" : unit.toString().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the setting, when the text is no whole number within the bounds */
    public long parse(String text) {
        String trimmed = text.trim();
        long value;
        try {
            value = Long.parseLong(trimmed);
        } catch (NumberFormatException e) {
            throw bad("'" + trimmed + "' is not a whole number");
        }
        if (value < min) {
            throw bad(value + " is below " + min);
        }
        if (value > max) {
            throw bad(value + " is above " + max);
        }
        return value;
    }

    /** The value, or {@code defaultValue} when it is absent or blank (the default is not checked). */
    public long parse(Optional<String> text, long defaultValue) {
        return text.filter(value -> !value.isBlank()).map(this::parse).orElse(defaultValue);
    }

    /** {@link #parse(Optional, long)} for a setting whose bounds fit an {@code int}. */
    public int parseInt(Optional<String> text, int defaultValue) {
        return Math.toIntExact(parse(text, defaultValue));
    }

    /** The value in this duration setting's unit, or {@code defaultValue} when it is absent or blank. */
    public Duration parseDuration(Optional<String> text, Duration defaultValue) {
        ChronoUnit unit = timeUnit.orElseThrow(() -> new IllegalStateException("'" + name + "' is no duration"));
        return text.filter(value -> !value.isBlank()).map(value -> Duration.of(parse(value), unit))
            .orElse(defaultValue);
    }

    public String name() {
        return name;
    }

    private IllegalArgumentException bad(String why) {
        return new IllegalArgumentException("bad value for '" + name + "': " + why + "; expected a whole number"
            + (unitName.isEmpty() ? "" : " of " + unitName) + " from " + min + " to " + max);
    }
}
