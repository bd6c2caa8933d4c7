package org.mailkeys.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An MTA-STS policy (RFC 8461 section 3.2): its mode, the MX patterns, and how long it may be cached. {@link #parse}
 * refuses what section 3.2 does not allow, so that a broken policy is treated as no policy.
 */
public final class MtaStsPolicy {
    /** RFC 8461 section 3.2: max_age is at most 31557600 seconds (about a year). */
    public static final long MAX_AGE_LIMIT_SECONDS = 31_557_600L;

    /** RFC 8461 section 5: what a sending MTA does with a host that fails the policy. */
    public enum Mode {
        /** Do not deliver to it. */
        ENFORCE,
        /** Deliver, and report the failure. */
        TESTING,
        /** The domain has no active policy. */
        NONE
    }

    private final Mode mode;
    private final List<String> mxPatterns;
    private final Duration maxAge;

    MtaStsPolicy(Mode mode, List<String> mxPatterns, Duration maxAge) {
        this.mode = Objects.requireNonNull(mode);
        this.mxPatterns = List.copyOf(mxPatterns);
        this.maxAge = Objects.requireNonNull(maxAge);
    }

    public Mode mode() {
        return mode;
    }

    public List<String> mxPatterns() {
        return mxPatterns;
    }

    public Duration maxAge() {
        return maxAge;
    }

    /**
     * RFC 8461 section 4.1: the MX host name equals a pattern (case-insensitive), or the pattern is
     * {@code *.rest} and the host is one label followed by {@code rest}.
     */
    public boolean allows(String mxHost) {
        String host = normalise(mxHost);
        for (String pattern : mxPatterns) {
            if (pattern.startsWith("*.")) {
                int dot = host.indexOf('.');
                if (dot > 0 && host.substring(dot + 1).equals(pattern.substring(2))) {
                    return true;
                }
            } else if (host.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The policy of RFC 8461 section 3.2: {@code key: value} lines (LF or CRLF), {@code version: STSv1},
     * {@code mode}, {@code max_age}, and at least one {@code mx} unless the mode is {@code none}; other keys are
     * ignored. Empty when the text is not such a policy.
     */
    public static Optional<MtaStsPolicy> parse(String text) {
        String version = null;
        Mode mode = null;
        Long maxAge = null;
        List<String> mx = new ArrayList<>();
        for (String line : text.split("\r?\n", -1)) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "version":
                    version = version == null ? value : version;
                    break;
                case "mode":
                    mode = mode == null ? mode(value) : mode;
                    if (mode == null) {
                        return Optional.empty();
                    }
                    break;
                case "max_age":
                    if (maxAge == null) {
                        if (!value.matches("[0-9]{1,10}")) {
                            return Optional.empty();
                        }
                        maxAge = Math.min(Long.parseLong(value), MAX_AGE_LIMIT_SECONDS);
                    }
                    break;
                case "mx":
                    mx.add(normalise(value));
                    break;
                default:
                    break; // RFC 8461 3.2: unknown fields are ignored
            }
        }
        if (!"STSv1".equals(version) || mode == null || maxAge == null || (mode != Mode.NONE && mx.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new MtaStsPolicy(mode, mx, Duration.ofSeconds(maxAge)));
    }

    private static Mode mode(String value) {
        switch (value) {
            case "enforce":
                return Mode.ENFORCE;
            case "testing":
                return Mode.TESTING;
            case "none":
                return Mode.NONE;
            default:
                return null;
        }
    }

    private static String normalise(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    @Override
    public String toString() {
        return "MTA-STS " + mode.name().toLowerCase(Locale.ROOT) + " mx " + mxPatterns + " max_age " + maxAge.getSeconds();
    }
}
