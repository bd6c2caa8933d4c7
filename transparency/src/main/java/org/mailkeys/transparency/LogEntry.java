package org.mailkeys.transparency;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the key log: one applied change of an address's key, without the address, the key or who made it.
 * Exactly these lines, each ending in LF:
 *
 * <pre>
 * mailkeys-log-entry v1
 * label &lt;base64 of the 32-byte VRF output for the address&gt;
 * version &lt;decimal&gt;
 * change &lt;published|replaced|deleted&gt;
 * key &lt;base64 of SHA-256 of the stored key bytes, or - for a deletion&gt;
 * time &lt;RFC 3339 UTC, whole seconds, Z&gt;
 * </pre>
 */
public final class LogEntry {
    public static final String HEADER = "mailkeys-log-entry v1";
    /** No entry is longer; anything longer is not one. */
    public static final int MAX_BYTES = 256;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT)
        .withZone(ZoneOffset.UTC);

    /** What the change did. */
    public enum Change {
        PUBLISHED, REPLACED, DELETED;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final byte[] label;
    private final long version;
    private final Change change;
    private final Optional<byte[]> keyDigest;
    private final Instant time;

    public LogEntry(byte[] label, long version, Change change, Optional<byte[]> keyDigest, Instant time) {
        if (label.length != 32 || version < 0) {
            throw new IllegalArgumentException("A label has 32 bytes, a version is not negative");
        }
        if (keyDigest.isPresent() == (change == Change.DELETED)
            || keyDigest.map(digest -> digest.length != 32).orElse(false)) {
            throw new IllegalArgumentException("A deletion has no key digest, a publication a SHA-256 one");
        }
        this.label = label.clone();
        this.version = version;
        this.change = Objects.requireNonNull(change);
        this.keyDigest = keyDigest.map(byte[]::clone);
        this.time = time.truncatedTo(ChronoUnit.SECONDS);
    }

    public byte[] label() {
        return label.clone();
    }

    public long version() {
        return version;
    }

    public Change change() {
        return change;
    }

    public Optional<byte[]> keyDigest() {
        return keyDigest.map(byte[]::clone);
    }

    public Instant time() {
        return time;
    }

    /** The exact bytes that the log holds. */
    public byte[] bytes() {
        Base64.Encoder base64 = Base64.getEncoder();
        String text = HEADER + "\n"
            + "label " + base64.encodeToString(label) + "\n"
            + "version " + version + "\n"
            + "change " + change.word() + "\n"
            + "key " + keyDigest.map(base64::encodeToString).orElse("-") + "\n"
            + "time " + TIME.format(time) + "\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads the bytes of an entry; empty unless they are exactly what {@link #bytes()} writes. */
    public static Optional<LogEntry> parse(byte[] bytes) {
        if (bytes == null || bytes.length > MAX_BYTES) {
            return Optional.empty();
        }
        String[] lines = new String(bytes, StandardCharsets.US_ASCII).split("\n", -1);
        if (lines.length != 7 || !lines[0].equals(HEADER) || !lines[6].isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] label = Base64.getDecoder().decode(field(lines[1], "label"));
            long version = Long.parseLong(field(lines[2], "version"));
            Change change = Change.valueOf(field(lines[3], "change").toUpperCase(Locale.ROOT));
            String key = field(lines[4], "key");
            Optional<byte[]> digest = key.equals("-") ? Optional.empty() : Optional.of(Base64.getDecoder().decode(key));
            Instant time = Instant.from(TIME.parse(field(lines[5], "time")));
            LogEntry entry = new LogEntry(label, version, change, digest, time);
            return Arrays.equals(entry.bytes(), bytes) ? Optional.of(entry) : Optional.empty();
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String field(String line, String name) {
        if (!line.startsWith(name + " ")) {
            throw new IllegalArgumentException("Expected " + name);
        }
        return line.substring(name.length() + 1);
    }
}
