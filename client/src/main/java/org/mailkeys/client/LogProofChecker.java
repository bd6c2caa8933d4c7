package org.mailkeys.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

import org.mailkeys.protocol.MailAddresses;
import org.mailkeys.transparency.Checkpoint;
import org.mailkeys.transparency.LogEntry;
import org.mailkeys.transparency.LogPublicKeys;
import org.mailkeys.transparency.LogProofBlock;
import org.mailkeys.transparency.MerkleProofs;
import org.mailkeys.transparency.ProofVerifier;
import org.mailkeys.transparency.TileHashSource;
import org.mailkeys.transparency.TlogProof;

/**
 * The client's checks of a version-2 answer (docs/PROTOCOL.md, the client's rules): the VRF proof gives the label of
 * the queried address under the log's VRF key (RFC 9381 section 5.3); the entry is for that label and holds the
 * SHA-256 of the key received; the inclusion proof leads to the checkpoint's root (RFC 9162 section 2.1.3.2); the
 * checkpoint is signed by the log's key (c2sp.org/signed-note); and it is consistent with the newest checkpoint seen
 * before from that log, by a consistency proof computed from the log's tiles (RFC 9162 section 2.1.4.2).
 */
public final class LogProofChecker implements TransparencyCheck {
    /** Tiles read for one consistency proof: two per level at most, of eight levels; ample. */
    static final int MAX_TILES_PER_PROOF = 64;

    private final LogKeyPins pins;
    private final LogState state;
    private final LogDirectory directory;

    public LogProofChecker(LogKeyPins pins, LogState state, LogDirectory directory) {
        this.pins = pins;
        this.state = state;
        this.directory = directory;
    }

    @Override
    public Verdict check(String address, Optional<byte[]> keyBytes, Optional<LogProofBlock> block) {
        String domain = RequestMessages.domainOf(address);
        if (block.isEmpty()) {
            // a domain known to keep a log that answers without a proof would swap a key unseen: a downgrade
            if (state.keys(domain).isPresent() || pins.announcedByDnssec(domain)) {
                return Verdict.tampered("no log proof in the answer, though " + domain + " keeps a key log (its log "
                        + "keys are pinned or announced in DNSSEC): refused as a downgrade");
            }
            return Verdict.notOffered("no log proof in the answer");
        }
        LogKeyPins.Found found = pins.keysFor(domain);
        if (found.keys().isEmpty()) {
            return Verdict.unchecked(found.note());
        }
        LogPublicKeys keys = found.keys().get();
        Optional<byte[]> label = keys.vrfKey().verify(MailAddresses.normalise(address).getBytes(StandardCharsets.UTF_8),
                block.get().vrfProof());
        if (label.isEmpty()) {
            return keyChangedOrTampered(domain, keys, "the VRF proof does not verify for " + address
                    + " under the log's VRF key");
        }
        try {
            state.saveLabelProof(domain, address, block.get().vrfProof());
        } catch (IOException e) {
            // only `mailkeys log search` needs it
        }
        String note = block.get().checkpointNote();
        Optional<Checkpoint> checkpoint = Checkpoint.verified(note, keys.checkpointKey(), keys.origin());
        if (checkpoint.isEmpty()) {
            return keyChangedOrTampered(domain, keys, "the checkpoint is not signed by the log key of " + keys.origin());
        }
        String what;
        if (keyBytes.isPresent()) {
            Optional<String> wrongEntry = entryProblem(block.get(), label.get(), keyBytes.get(), keys);
            if (wrongEntry.isPresent()) {
                return Verdict.tampered(wrongEntry.get());
            }
            what = "entry " + block.get().inclusion().get().index() + " of " + keys.origin();
        } else {
            what = "no entry claimed; checkpoint of " + keys.origin(); // a plain log cannot prove absence
        }
        Verdict consistent = consistentWithSeen(domain, keys, checkpoint.get(), note);
        if (consistent.status() != Transparency.VERIFIED) {
            return consistent;
        }
        return Verdict.verified(what + " at size " + checkpoint.get().size() + ", " + consistent.reason() + " ("
                + found.note() + ")");
    }

    /**
     * A proof that fails under the pinned keys is tampered, unless the domain now serves other keys: then the keys
     * changed, which is reported (and refused under {@code --require transparency}) but is no proof of tampering.
     */
    Verdict keyChangedOrTampered(String domain, LogPublicKeys keys, String reason) {
        Optional<String> changed = pins.changedKeyServed(domain, keys);
        return changed.isPresent() ? Verdict.unchecked(changed.get()) : Verdict.tampered(reason);
    }

    @Override
    public void ownKeyConfirmed(String address, byte[] keyBytes) {
        String domain = RequestMessages.domainOf(address);
        StringBuilder hex = new StringBuilder();
        for (byte b : sha256(keyBytes)) {
            hex.append(String.format(java.util.Locale.ROOT, "%02x", b));
        }
        String line = "key " + hex + "\n";
        try {
            state.updateWatch(domain, address, text -> text.contains(line) ? text : text + line);
        } catch (IOException e) {
            // the watch learns the key from the agent's own record too
        }
    }

    @Override
    public void ownDeletionRequested(String address) {
        try {
            state.expectDeletion(RequestMessages.domainOf(address), address);
        } catch (IOException e) {
            // the watch will alert on the deletion: the user can tell it was hers
        }
    }

    /** Why the entry of the proof does not prove the key, or empty when it does. */
    private static Optional<String> entryProblem(LogProofBlock block, byte[] label, byte[] keyBytes, LogPublicKeys keys) {
        if (block.inclusion().isEmpty() || block.inclusion().get().extra().isEmpty()) {
            return Optional.of("the answer carries a key but no proof of its log entry");
        }
        TlogProof proof = block.inclusion().get();
        byte[] entryBytes = proof.extra().get();
        Optional<LogEntry> entry = LogEntry.parse(entryBytes);
        if (entry.isEmpty()) {
            return Optional.of("the log entry of the proof is malformed");
        }
        if (!MessageDigest.isEqual(entry.get().label(), label)) {
            return Optional.of("the log entry is for another address (its label is not the VRF output)");
        }
        if (entry.get().keyDigest().isEmpty()) {
            return Optional.of("the log entry is a deletion, yet the answer carries a key");
        }
        if (!MessageDigest.isEqual(entry.get().keyDigest().get(), sha256(keyBytes))) {
            return Optional.of("the log entry is for another key than the one received (its SHA-256 differs)");
        }
        if (proof.verify(entryBytes, keys.checkpointKey(), keys.origin()).isEmpty()) {
            return Optional.of("the inclusion proof of the entry does not lead to the checkpoint's root");
        }
        return Optional.empty();
    }

    /**
     * Consistency with the newest checkpoint seen from the log: same size, same root; a larger one extends it (proved
     * from the tiles at the larger size); a smaller one is a prefix of it (proved from the tiles at the size seen,
     * which the log must still serve). A contradiction keeps both checkpoints as evidence.
     */
    public Verdict consistentWithSeen(String domain, LogPublicKeys keys, Checkpoint presented, String presentedNote) {
        Optional<String> seenNote = state.checkpoint(domain);
        Optional<Checkpoint> seen = seenNote.flatMap(text -> Checkpoint.verified(text, keys.checkpointKey(), keys.origin()));
        if (seen.isEmpty()) {
            save(domain, presentedNote);
            return Verdict.verified("the first checkpoint seen from this log");
        }
        long old = seen.get().size();
        long now = presented.size();
        if (old == now) {
            return MessageDigest.isEqual(seen.get().root(), presented.root())
                    ? Verdict.verified("the checkpoint seen before")
                    : evidence(domain, seenNote.get(), presentedNote,
                    "a fork: two checkpoints of size " + now + " with different roots");
        }
        boolean grows = now > old;
        Checkpoint smaller = grows ? seen.get() : presented;
        Checkpoint larger = grows ? presented : seen.get();
        List<byte[]> proof;
        try {
            proof = MerkleProofs.consistency(new TileHashSource(directory.tiles(domain, MAX_TILES_PER_PROOF), larger.size()),
                    smaller.size(), larger.size());
        } catch (WellKnownHttps.Absent absent) {
            if (grows) {
                return Verdict.unchecked("the tiles to prove that size " + now + " extends size " + old
                        + " are not served yet: " + absent.getMessage());
            }
            return evidence(domain, seenNote.get(), presentedNote, "the log shrank from size " + old + " to " + now
                    + ", and no longer serves the tiles of size " + old);
        } catch (IOException | RuntimeException e) {
            return Verdict.unchecked("cannot fetch the log's tiles to check consistency: " + e.getMessage());
        }
        if (!ProofVerifier.verifyConsistency(smaller.size(), larger.size(), smaller.root(), larger.root(), proof)) {
            return evidence(domain, seenNote.get(), presentedNote, grows
                    ? "a fork: the checkpoint of size " + now + " does not extend the one of size " + old + " seen before"
                    : "the log shrank: the checkpoint of size " + now + " is not a prefix of the one of size " + old
                    + " seen before");
        }
        if (grows) {
            save(domain, presentedNote);
            return Verdict.verified("consistent with size " + old + " seen before");
        }
        return Verdict.verified("a prefix of size " + old + " seen before");
    }

    private Verdict evidence(String domain, String seenNote, String presentedNote, String reason) {
        try {
            return Verdict.tampered(reason + "; both checkpoints kept in "
                    + state.keepEvidence(domain, seenNote, presentedNote, reason));
        } catch (IOException e) {
            return Verdict.tampered(reason + " (the evidence could not be written: " + e.getMessage() + ")");
        }
    }

    private void save(String domain, String note) {
        try {
            state.saveCheckpoint(domain, note);
        } catch (IOException e) {
            // kept next time
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }
}
