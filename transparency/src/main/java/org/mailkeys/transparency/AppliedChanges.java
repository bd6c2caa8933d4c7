package org.mailkeys.transparency;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What the key store applied, as the log needs it: implemented over the store's key history. */
public interface AppliedChanges {
    /** The change of {@code address} at {@code version} when the store applied it; empty when not (yet, or ever). */
    Optional<Change> applied(String address, long version) throws IOException;

    /** The key stored now for {@code address} at {@code version}, as a publication; empty when it is not that one. */
    Optional<Change> current(String address, long version) throws IOException;

    /** One applied change, without the address. */
    final class Change {
        private final LogEntry.Change change;
        private final Optional<byte[]> keyDigest;
        private final Instant time;

        public Change(LogEntry.Change change, Optional<byte[]> keyDigest, Instant time) {
            this.change = Objects.requireNonNull(change);
            this.keyDigest = keyDigest.map(byte[]::clone);
            this.time = Objects.requireNonNull(time);
        }

        public LogEntry.Change change() {
            return change;
        }

        public Optional<byte[]> keyDigest() {
            return keyDigest.map(byte[]::clone);
        }

        public Instant time() {
            return time;
        }
    }
}
