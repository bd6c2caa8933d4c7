package org.mailkeys.client.agent;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as a user writes them: a whole number and one unit, {@code 30s}, {@code 10m}, {@code 12h}, {@code 1d}. */
public final class AgentDurations {
    private static final Pattern FORM = Pattern.compile("([0-9]{1,7})([smhd])");
    /** Longer makes no sense for a refresh and keeps every sum of durations far from overflowing. */
    static final Duration LONGEST = Duration.ofDays(3650);

    private AgentDurations() {
    }

    /** @throws IllegalArgumentException for anything else, zero, or more than ten years */
    public static Duration parse(String text) {
        Matcher matcher = FORM.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (write e.g. 30s, 10m, 12h or 1d)");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration duration;
        switch (matcher.group(2)) {
            case "s":
                duration = Duration.ofSeconds(amount);
                break;
            case "m":
                duration = Duration.ofMinutes(amount);
                break;
            case "h":
                duration = Duration.ofHours(amount);
                break;
            default:
                duration = Duration.ofDays(amount);
        }
        if (duration.isZero() || duration.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("duration out of range (1s to 3650d): " + text);
        }
        return duration;
    }

    /** The shortest of the forms that {@link #parse} reads back to the same duration, e.g. {@code 90m}, {@code 1d}. */
    public static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
