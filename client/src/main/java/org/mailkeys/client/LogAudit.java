package org.mailkeys.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.mailkeys.protocol.MailAddresses;
import org.mailkeys.transparency.Checkpoint;
import org.mailkeys.transparency.LogAuditor;
import org.mailkeys.transparency.LogEntry;
import org.mailkeys.transparency.LogPublicKeys;
import org.mailkeys.transparency.TileId;
import org.mailkeys.transparency.TileReader;

/**
 * The offline audit of a domain's key log ({@code mailkeys log verify} and {@code log search}): the checkpoint the
 * domain serves, signed by the log's key; every entry bundle read and every hash tile rebuilt from the entries and
 * compared with the served one ({@link LogAuditor}); every entry well-formed; and the checkpoint consistent with the
 * newest one seen before (which it then replaces).
 */
public final class LogAudit {
    private final LogKeyPins pins;
    private final LogState state;
    private final LogDirectory directory;
    private final LogProofChecker checker;

    public LogAudit(LogKeyPins pins, LogState state, LogDirectory directory) {
        this.pins = pins;
        this.state = state;
        this.directory = directory;
        this.checker = new LogProofChecker(pins, state, directory);
    }

    /** What an audit found: a verdict, the checkpoint's size, and the entries read (none with {@code sinceLast}). */
    public static final class Report {
        private final TransparencyCheck.Verdict verdict;
        private final long size;
        private final List<LogEntry> entries;

        Report(TransparencyCheck.Verdict verdict, long size, List<LogEntry> entries) {
            this.verdict = verdict;
            this.size = size;
            this.entries = entries;
        }

        public TransparencyCheck.Verdict verdict() {
            return verdict;
        }

        public long size() {
            return size;
        }

        public List<LogEntry> entries() {
            return entries;
        }
    }

    /**
     * @param sinceLast only check that the served checkpoint extends the newest one seen (a consistency proof from a
     *        few tiles) instead of reading the whole log
     */
    public Report verify(String domain, boolean sinceLast) {
        LogKeyPins.Found found = pins.keysFor(domain);
        if (found.keys().isEmpty()) {
            return failed(found.note());
        }
        LogPublicKeys keys = found.keys().get();
        String note;
        try {
            note = directory.servedCheckpoint(domain);
        } catch (IOException | RuntimeException e) {
            return failed("cannot fetch the checkpoint of " + domain + ": " + e.getMessage());
        }
        Optional<Checkpoint> checkpoint = Checkpoint.verified(note, keys.checkpointKey(), keys.origin());
        if (checkpoint.isEmpty()) {
            return new Report(checker.keyChangedOrTampered(domain, keys, "the checkpoint " + domain
                    + " serves is not signed by the log key of " + keys.origin()), 0, List.of());
        }
        long size = checkpoint.get().size();
        List<LogEntry> entries = new ArrayList<>();
        if (!sinceLast) {
            Optional<TransparencyCheck.Verdict> whole = readWholeLog(domain, checkpoint.get(), entries);
            if (whole.isPresent()) {
                return new Report(whole.get(), size, List.of());
            }
        }
        TransparencyCheck.Verdict consistent = checker.consistentWithSeen(domain, keys, checkpoint.get(), note);
        if (consistent.status() != Transparency.VERIFIED) {
            return new Report(consistent, size, entries);
        }
        return new Report(TransparencyCheck.Verdict.verified((sinceLast ? "checkpoint of size " + size
                : "all " + size + " entries and every tile of size " + size) + " of " + keys.origin() + " verified, "
                + consistent.reason()), size, entries);
    }

    /** The entries of an address's label, read from the whole log, once {@link #verify} of it held. */
    public Report search(String domain, String address) {
        Optional<byte[]> proof = state.labelProof(domain, address);
        if (proof.isEmpty()) {
            return failed("the label of " + address + " is not known yet: look the address up once (`mailkeys lookup "
                    + address + "`), and its answer's VRF proof gives it");
        }
        Report whole = verify(domain, false);
        if (whole.verdict().status() != Transparency.VERIFIED) {
            return whole;
        }
        LogPublicKeys keys = pins.keysFor(domain).keys().orElseThrow();
        Optional<byte[]> label = keys.vrfKey().verify(MailAddresses.normalise(address).getBytes(StandardCharsets.UTF_8),
                proof.get());
        if (label.isEmpty()) {
            return failed("the VRF proof kept for " + address + " does not verify under the log's VRF key");
        }
        List<LogEntry> mine = new ArrayList<>();
        for (LogEntry entry : whole.entries()) {
            if (MessageDigest.isEqual(entry.label(), label.get())) {
                mine.add(entry);
            }
        }
        return new Report(TransparencyCheck.Verdict.verified(mine.size() + " entries for " + address + " in "
                + whole.size() + " entries of " + keys.origin()), whole.size(), mine);
    }

    /** Empty when every tile and entry matches the checkpoint; the verdict otherwise. */
    private Optional<TransparencyCheck.Verdict> readWholeLog(String domain, Checkpoint checkpoint, List<LogEntry> into) {
        long bundles = (checkpoint.size() + TileId.WIDTH - 1) / TileId.WIDTH;
        // each bundle, its level-0 tile, and the few higher tiles: bounded by the size the log signed
        long budget = Math.min(Integer.MAX_VALUE, 2 * bundles + 2 * bundles / TileId.WIDTH + 16);
        TileReader served = directory.tiles(domain, (int) budget);
        TileReader fetchFailuresApart = tile -> {
            try {
                return served.read(tile);
            } catch (WellKnownHttps.Absent absent) {
                return Optional.empty(); // the auditor names the missing tile
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        List<byte[]> entries;
        try {
            entries = LogAuditor.audit(fetchFailuresApart, checkpoint);
        } catch (UncheckedIOException e) {
            return Optional.of(TransparencyCheck.Verdict.unchecked("cannot fetch the tiles of " + domain + ": "
                    + e.getCause().getMessage()));
        } catch (IOException | RuntimeException e) {
            return Optional.of(TransparencyCheck.Verdict.tampered("the log of " + domain + " does not match its checkpoint"
                    + " of size " + checkpoint.size() + ": " + e.getMessage()));
        }
        for (int i = 0; i < entries.size(); i++) {
            Optional<LogEntry> entry = LogEntry.parse(entries.get(i));
            if (entry.isEmpty()) {
                return Optional.of(TransparencyCheck.Verdict.tampered("entry " + i + " of the log of " + domain
                        + " is not a MailKeys log entry"));
            }
            into.add(entry.get());
        }
        return Optional.empty();
    }

    private static Report failed(String why) {
        return new Report(TransparencyCheck.Verdict.unchecked(why), 0, List.of());
    }
}
