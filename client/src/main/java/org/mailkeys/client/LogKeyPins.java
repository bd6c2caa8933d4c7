package org.mailkeys.client;

import java.io.IOException;
import java.util.Optional;

import org.mailkeys.transparency.LogPublicKeys;

/**
 * Whose keys a domain's log is checked with (docs/PROTOCOL.md, the client's rules): keys given by hand
 * ({@code --log-keys}, pinned for the domain), else a DNSSEC-validated {@code _mailkeys-log} record, else the keys
 * pinned at first use, else the keys the domain serves over HTTPS, pinned then. Keys that differ from the pinned ones
 * are never taken silently: the result says so and stays {@code failed} until the user pins the new keys by hand.
 */
public final class LogKeyPins {
    private final LogDirectory directory;
    private final LogState state;
    private final Optional<LogPublicKeys> byHand;

    public LogKeyPins(LogDirectory directory, LogState state, Optional<LogPublicKeys> byHand) {
        this.directory = directory;
        this.state = state;
        this.byHand = byHand;
    }

    /** The keys to check with, or why there are none. */
    public static final class Found {
        private final Optional<LogPublicKeys> keys;
        private final String note;

        private Found(Optional<LogPublicKeys> keys, String note) {
            this.keys = keys;
            this.note = note;
        }

        public Optional<LogPublicKeys> keys() {
            return keys;
        }

        /** Where the keys came from, or why there are none. */
        public String note() {
            return note;
        }
    }

    public Found keysFor(String domain) {
        Optional<LogPublicKeys> pinned = state.keys(domain);
        if (byHand.isPresent()) {
            if (!pinned.equals(byHand)) {
                pin(domain, byHand.get());
            }
            return new Found(byHand, "log keys given by hand");
        }
        Optional<LogPublicKeys> dnssec = directory.dnssecKeys(domain);
        if (dnssec.isPresent()) {
            if (pinned.isPresent() && !pinned.equals(dnssec)) {
                return new Found(Optional.empty(), changed(domain, "its DNSSEC-validated _mailkeys-log record"));
            }
            if (pinned.isEmpty()) {
                pin(domain, dnssec.get());
            }
            return new Found(dnssec, "log keys from DNSSEC");
        }
        if (pinned.isPresent()) {
            return new Found(pinned, "log keys pinned at first use");
        }
        try {
            LogPublicKeys served = directory.servedKeys(domain);
            pin(domain, served);
            return new Found(Optional.of(served), "log keys fetched over HTTPS and pinned now (first use)");
        } catch (IOException | RuntimeException e) {
            return new Found(Optional.empty(), "cannot get the log keys of " + domain + ": " + e.getMessage());
        }
    }

    /** Whether the domain announces a log in a DNSSEC-validated {@code _mailkeys-log} record (docs/PROTOCOL.md 13.1). */
    public boolean announcedByDnssec(String domain) {
        try {
            return directory.dnssecKeys(domain).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether the domain now serves other keys than {@code used}: then a failing signature is a key change. */
    public Optional<String> changedKeyServed(String domain, LogPublicKeys used) {
        try {
            LogPublicKeys served = directory.servedKeys(domain);
            return served.equals(used) ? Optional.empty() : Optional.of(changed(domain, "its web host"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String changed(String domain, String where) {
        return "the log keys of " + domain + " changed: " + where + " names other keys than those pinned; if the "
                + "provider announced new keys, pin them with --log-keys FILE (the two lines of https://openpgpkey."
                + domain + WellKnownHttps.LOG_PREFIX + "keys)";
    }

    private void pin(String domain, LogPublicKeys keys) {
        try {
            state.pinKeys(domain, keys);
        } catch (IOException e) {
            // not pinned: they are looked up again next time
        }
    }
}
