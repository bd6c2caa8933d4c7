package org.mailkeys.client.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.mailkeys.client.LogDirectory;
import org.mailkeys.client.LogKeyPins;
import org.mailkeys.client.LogProofChecker;
import org.mailkeys.client.LogState;
import org.mailkeys.client.Transparency;
import org.mailkeys.client.TransparencyCheck;
import org.mailkeys.protocol.MailAddresses;
import org.mailkeys.transparency.Checkpoint;
import org.mailkeys.transparency.EntryBundle;
import org.mailkeys.transparency.LogEntry;
import org.mailkeys.transparency.LogPublicKeys;
import org.mailkeys.transparency.MerkleHash;
import org.mailkeys.transparency.TileHashSource;
import org.mailkeys.transparency.TileId;
import org.mailkeys.transparency.TileReader;

/**
 * The owner watches her own label in her provider's key log (issue 20): every interval it fetches the log's
 * checkpoint, proves it consistent with the newest seen, reads the entries added since the last run from the entry
 * bundles (each checked against the level-0 hash tiles), and alerts on every entry for her label that she did not
 * make: a key hash she never published, a deletion she did not ask for (the operator's, say). The label comes from
 * the VRF proof of her publication's version-2 confirmation (kept by the client's log checks).
 */
public final class OwnerLogWatch implements AgentJob {
    /** Entries read in one run at most; a longer backlog is read over the next runs. */
    static final int MAX_ENTRIES_PER_RUN = 64 * TileId.WIDTH;

    private final String owner;
    private final String domain;
    private final Duration interval;
    private final LogState state;
    private final LogKeyPins pins;
    private final LogDirectory directory;
    private final Supplier<Optional<String>> ownKeySha256Hex;
    private final AgentLog log;
    private final Consumer<String> onAlert;

    /**
     * @param ownKeySha256Hex the SHA-256 (hex) of the key bytes of the owner's confirmed publication, if any
     * @param onAlert runs the user's {@code --on-alert} command with the alert
     */
    public OwnerLogWatch(String owner, Duration interval, LogState state, LogKeyPins pins, LogDirectory directory,
                         Supplier<Optional<String>> ownKeySha256Hex, AgentLog log, Consumer<String> onAlert) {
        this.owner = MailAddresses.normalise(owner);
        this.domain = owner.substring(owner.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        this.interval = interval;
        this.state = state;
        this.pins = pins;
        this.directory = directory;
        this.ownKeySha256Hex = ownKeySha256Hex;
        this.log = log;
        this.onAlert = onAlert;
    }

    @Override
    public String name() {
        return "key log watch";
    }

    @Override
    public Duration interval() {
        return interval;
    }

    /** What the watch remembers: the size read up to, the owner's key hashes, the deletions she asked for. */
    private static final class Watched {
        long size;
        final Set<String> keys = new LinkedHashSet<>();
        int expectedDeletions;

        static Watched parse(String text) {
            Watched watched = new Watched();
            for (String line : text.split("\n")) {
                if (line.startsWith("size ")) {
                    watched.size = Long.parseLong(line.substring(5).trim());
                } else if (line.startsWith("key ")) {
                    watched.keys.add(line.substring(4).trim());
                } else if (line.equals("expect-deletion")) {
                    watched.expectedDeletions++;
                }
            }
            return watched;
        }

        String text() {
            StringBuilder text = new StringBuilder("size " + size + "\n");
            keys.forEach(key -> text.append("key ").append(key).append('\n'));
            for (int i = 0; i < expectedDeletions; i++) {
                text.append("expect-deletion\n");
            }
            return text.toString();
        }
    }

    @Override
    public void run() throws IOException {
        Watched watched = Watched.parse(state.watch(domain, owner).orElse(""));
        int expectedAtStart = watched.expectedDeletions;
        ownKeySha256Hex.get().ifPresent(hex -> watched.keys.add(hex.toLowerCase(Locale.ROOT)));
        LogKeyPins.Found found = pins.keysFor(domain);
        if (found.keys().isEmpty()) {
            log.warn("key log watch: " + found.note());
            return;
        }
        LogPublicKeys keys = found.keys().get();
        Optional<byte[]> proof = state.labelProof(domain, owner);
        if (proof.isEmpty()) {
            log.info("key log watch: the label of " + owner + " is not known yet (it comes with a version-2 confirmation)");
            return;
        }
        Optional<byte[]> label = keys.vrfKey().verify(owner.getBytes(StandardCharsets.UTF_8), proof.get());
        if (label.isEmpty()) {
            alert("the VRF proof kept for " + owner + " does not verify under the log's VRF key");
            return;
        }
        String note = directory.servedCheckpoint(domain);
        Optional<Checkpoint> checkpoint = Checkpoint.verified(note, keys.checkpointKey(), keys.origin());
        if (checkpoint.isEmpty()) {
            alert("the checkpoint " + domain + " serves is not signed by its log key");
            return;
        }
        TransparencyCheck.Verdict consistent = new LogProofChecker(pins, state, directory)
                .consistentWithSeen(domain, keys, checkpoint.get(), note);
        if (consistent.tampered()) {
            alert(consistent.reason());
            return;
        }
        if (consistent.status() != Transparency.VERIFIED) {
            log.warn("key log watch: " + consistent.reason());
            return;
        }
        long size = checkpoint.get().size();
        long until = Math.min(size, watched.size + MAX_ENTRIES_PER_RUN);
        if (until > watched.size) {
            for (String alert : readEntries(watched, until, size, label.get())) {
                alert(alert);
            }
            watched.size = until;
        }
        // what the owner did meanwhile (a confirmation, a deletion asked for) was added to the file by another thread
        int consumed = expectedAtStart - watched.expectedDeletions;
        state.updateWatch(domain, owner, current -> {
            Watched now = Watched.parse(current);
            now.size = watched.size;
            now.keys.addAll(watched.keys);
            now.expectedDeletions = Math.max(0, now.expectedDeletions - consumed);
            return now.text();
        });
    }

    /** The alerts for entries {@code watched.size} to {@code until} of the tree of {@code size}. */
    private List<String> readEntries(Watched watched, long until, long size, byte[] label) throws IOException {
        List<String> alerts = new ArrayList<>();
        TileReader tiles = directory.tiles(domain, 2 * (MAX_ENTRIES_PER_RUN / TileId.WIDTH) + 16);
        TileHashSource hashes = new TileHashSource(tiles, size);
        for (long bundle = watched.size / TileId.WIDTH; bundle * TileId.WIDTH < until; bundle++) {
            TileId id = TileId.entriesInTree(bundle, size).orElseThrow();
            byte[] bytes = tiles.read(id).orElseThrow(() -> new IOException("missing " + id.path()));
            List<byte[]> entries = EntryBundle.decode(bytes, id.width());
            for (int i = 0; i < entries.size(); i++) {
                long index = bundle * TileId.WIDTH + i;
                if (index < watched.size || index >= until) {
                    continue;
                }
                if (!MessageDigest.isEqual(MerkleHash.leaf(entries.get(i)), hashes.subtree(0, index))) {
                    alerts.add("entry " + index + " of the log of " + domain + " does not match its hash tiles");
                    continue;
                }
                Optional<LogEntry> entry = LogEntry.parse(entries.get(i));
                if (entry.isPresent() && MessageDigest.isEqual(entry.get().label(), label)) {
                    notMine(watched, entry.get(), index).ifPresent(alerts::add);
                }
            }
        }
        return alerts;
    }

    private static Optional<String> notMine(Watched watched, LogEntry entry, long index) {
        String what = "entry " + index + " (version " + entry.version() + ", " + entry.time() + ")";
        if (entry.change() == LogEntry.Change.DELETED) {
            if (watched.expectedDeletions > 0) {
                watched.expectedDeletions--;
                return Optional.empty();
            }
            return Optional.of("your key was deleted and you did not ask for it (the operator's or another's deletion): " + what);
        }
        String hex = hex(entry.keyDigest().orElseThrow());
        return watched.keys.contains(hex) ? Optional.empty()
                : Optional.of("a key you never published was " + entry.change().name().toLowerCase(Locale.ROOT)
                + " for your address: " + what + ", key SHA-256 " + hex);
    }

    private void alert(String text) {
        String line = "ALERT key log of " + domain + " for " + owner + ": " + text;
        log.warn(line);
        try {
            state.appendAlert(domain, line);
        } catch (IOException e) {
            log.warn("cannot keep the alert in the state folder: " + e.getMessage());
        }
        onAlert.accept(line);
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format(Locale.ROOT, "%02x", b));
        }
        return hex.toString();
    }
}
