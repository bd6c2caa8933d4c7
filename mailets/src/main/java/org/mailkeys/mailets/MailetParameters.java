package org.mailkeys.mailets;

import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

import org.apache.mailet.MailetConfig;
import org.apache.mailet.MailetException;
import org.mailkeys.settings.BoundedNumber;

/**
 * Reads a mailet's init parameters and fails the start, naming the parameter, when one is unknown or bad
 * (model: James' ICALToJsonAttribute). James' own per-mailet parameters are always allowed.
 */
final class MailetParameters {
    /** Parameters that James' processor reads for any mailet. */
    private static final Set<String> JAMES_PARAMETERS = Set.of("onMailetException", "onMatcherException");

    private final MailetConfig config;

    private MailetParameters(MailetConfig config) {
        this.config = config;
    }

    static MailetParameters of(MailetConfig config, Set<String> known) throws MailetException {
        Set<String> allowed = new HashSet<>(known);
        allowed.addAll(JAMES_PARAMETERS);
        Iterator<String> names = config.getInitParameterNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new MailetException(config.getMailetName() + ": unknown parameter '" + name + "'; known: " + known);
            }
        }
        return new MailetParameters(config);
    }

    private Optional<String> value(String name) {
        return Optional.ofNullable(config.getInitParameter(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    /** A whole number in [min, max], or the default when the parameter is absent. */
    long number(String name, long defaultValue, long min, long max) throws MailetException {
        return read(BoundedNumber.count(name, min, max), defaultValue);
    }

    /** A number, size or duration setting as {@link BoundedNumber} reads it, or the default when it is absent. */
    long read(BoundedNumber setting, long defaultValue) throws MailetException {
        try {
            return setting.parse(value(setting.name()), defaultValue);
        } catch (IllegalArgumentException e) {
            throw new MailetException(config.getMailetName() + ": " + e.getMessage());
        }
    }

    /** A duration setting as {@link BoundedNumber} reads it, or the default when it is absent. */
    Duration duration(BoundedNumber setting, Duration defaultValue) throws MailetException {
        try {
            return setting.parseDuration(value(setting.name()), defaultValue);
        } catch (IllegalArgumentException e) {
            throw new MailetException(config.getMailetName() + ": " + e.getMessage());
        }
    }

    String text(String name, String defaultValue) {
        return value(name).orElse(defaultValue);
    }
}
