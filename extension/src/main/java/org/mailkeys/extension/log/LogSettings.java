package org.mailkeys.extension.log;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.mailkeys.settings.BoundedNumber;

/**
 * The {@code log.*} keys of {@code mailkeys.properties}: the verifiable key log (docs/PROTOCOL.md 12).
 *
 * <pre>
 * log.enabled=true                      the log and version 2 answers (default true)
 * log.origin=&lt;host name&gt;/mailkeys-log   the origin, only read when the log is created
 * log.batch.interval.ms=1000            at most this long between a write and its checkpoint (10 to 60000)
 * log.directory=var/mailkeys/log        the file store's log folder (store=file)
 * log.keys.file=/etc/mailkeys/log-keys  an operator's own keys (mailkeys-log-keys v1), used when the log is created
 * </pre>
 */
public final class LogSettings {
    public static final String PREFIX = "log.";
    public static final String ENABLED = "log.enabled";
    public static final String ORIGIN = "log.origin";
    public static final String BATCH_INTERVAL = "log.batch.interval.ms";
    public static final String DIRECTORY = "log.directory";
    public static final String KEYS_FILE = "log.keys.file";
    public static final Set<String> NAMES = Set.of(ENABLED, ORIGIN, BATCH_INTERVAL, DIRECTORY, KEYS_FILE);
    public static final String DEFAULT_DIRECTORY = "var/mailkeys/log";
    public static final String ORIGIN_SUFFIX = "/mailkeys-log";
    public static final Duration DEFAULT_BATCH_INTERVAL = Duration.ofSeconds(1);
    private static final BoundedNumber BATCH_INTERVAL_SETTING =
        BoundedNumber.duration(BATCH_INTERVAL, ChronoUnit.MILLIS, 10, 60_000);

    private final boolean enabled;
    private final Optional<String> origin;
    private final Duration batchInterval;
    private final String directory;
    private final Optional<String> keysFile;

    private LogSettings(boolean enabled, Optional<String> origin, Duration batchInterval, String directory,
                        Optional<String> keysFile) {
        this.enabled = enabled;
        this.origin = origin;
        this.batchInterval = batchInterval;
        this.directory = directory;
        this.keysFile = keysFile;
    }

    public static LogSettings defaults() {
        return new LogSettings(true, Optional.empty(), DEFAULT_BATCH_INTERVAL, DEFAULT_DIRECTORY, Optional.empty());
    }

    /** @throws IllegalArgumentException naming the bad key */
    public static LogSettings from(Properties properties) {
        for (String key : properties.stringPropertyNames()) {
            if (!NAMES.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "'; known: " + NAMES);
            }
        }
        String enabled = properties.getProperty(ENABLED, "true").trim();
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new IllegalArgumentException("'" + ENABLED + "' is true or false");
        }
        Optional<String> origin = Optional.ofNullable(properties.getProperty(ORIGIN)).map(String::trim);
        if (origin.isPresent() && !origin.get().matches("[\\x21-\\x2A\\x2C-\\x7E]{1,200}")) {
            throw new IllegalArgumentException("'" + ORIGIN + "' is 1 to 200 printable ASCII characters, no + or space");
        }
        Duration interval = BATCH_INTERVAL_SETTING.parseDuration(
            Optional.ofNullable(properties.getProperty(BATCH_INTERVAL)), DEFAULT_BATCH_INTERVAL);
        String directory = properties.getProperty(DIRECTORY, DEFAULT_DIRECTORY).trim();
        if (directory.isEmpty()) {
            throw new IllegalArgumentException("'" + DIRECTORY + "' is empty");
        }
        return new LogSettings(enabled.equals("true"), origin, interval, directory,
            Optional.ofNullable(properties.getProperty(KEYS_FILE)).map(String::trim).filter(s -> !s.isEmpty()));
    }

    public boolean enabled() {
        return enabled;
    }

    /** The configured origin; else {@code <host name>/mailkeys-log}. */
    public String origin(String hostName) {
        return origin.orElse(hostName + ORIGIN_SUFFIX);
    }

    public Duration batchInterval() {
        return batchInterval;
    }

    public String directory() {
        return directory;
    }

    public Optional<String> keysFile() {
        return keysFile;
    }
}
