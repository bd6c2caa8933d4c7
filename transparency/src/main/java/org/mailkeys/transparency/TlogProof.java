package org.mailkeys.transparency;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A proof that an entry is in a log, c2sp.org/tlog-proof: {@code c2sp.org/tlog-proof@v1}, an optional
 * {@code extra <base64>} line (here: the entry itself), {@code index <N>}, the inclusion proof one base64 hash a line,
 * an empty line, then the signed checkpoint note.
 */
public final class TlogProof {
    public static final String HEADER = "c2sp.org/tlog-proof@v1";
    /** The largest proof text read: 63 hashes, a note, an entry. */
    public static final int MAX_TEXT = 24 * 1024;

    private final Optional<byte[]> extra;
    private final long index;
    private final List<byte[]> hashes;
    private final String checkpointNote;

    public TlogProof(Optional<byte[]> extra, long index, List<byte[]> hashes, String checkpointNote) {
        if (index < 0 || hashes.size() > ProofVerifier.MAX_PROOF_HASHES) {
            throw new IllegalArgumentException("Not a proof");
        }
        this.extra = extra.map(byte[]::clone);
        this.index = index;
        this.hashes = Collections.unmodifiableList(new ArrayList<>(hashes));
        this.checkpointNote = checkpointNote;
    }

    public Optional<byte[]> extra() {
        return extra.map(byte[]::clone);
    }

    public long index() {
        return index;
    }

    public List<byte[]> hashes() {
        return hashes;
    }

    public String checkpointNote() {
        return checkpointNote;
    }

    public String text() {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        extra.ifPresent(bytes -> text.append("extra ").append(Base64.getEncoder().encodeToString(bytes)).append('\n'));
        text.append("index ").append(index).append('\n');
        for (byte[] hash : hashes) {
            text.append(Base64.getEncoder().encodeToString(hash)).append('\n');
        }
        return text.append('\n').append(checkpointNote).toString();
    }

    /** Reads a proof; empty when it is malformed or too large. Checks nothing: see {@link #verify}. */
    public static Optional<TlogProof> parse(String text) {
        if (text == null || text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT) {
            return Optional.empty();
        }
        int blank = text.indexOf("\n\n");
        if (blank < 0) {
            return Optional.empty();
        }
        String[] lines = text.substring(0, blank).split("\n", -1);
        String note = text.substring(blank + 2);
        int at = 0;
        if (!lines[at++].equals(HEADER)) {
            return Optional.empty();
        }
        try {
            Optional<byte[]> extra = Optional.empty();
            if (at < lines.length && lines[at].startsWith("extra ")) {
                extra = Optional.of(Base64.getDecoder().decode(lines[at++].substring(6)));
            }
            if (at >= lines.length || !lines[at].startsWith("index ")) {
                return Optional.empty();
            }
            String index = lines[at++].substring(6);
            if (index.isEmpty() || index.length() > 19 || !index.chars().allMatch(c -> c >= '0' && c <= '9')
                || (index.length() > 1 && index.charAt(0) == '0')) {
                return Optional.empty();
            }
            List<byte[]> hashes = new ArrayList<>();
            for (; at < lines.length; at++) {
                byte[] hash = Base64.getDecoder().decode(lines[at]);
                if (hash.length != MerkleHash.SIZE || hashes.size() == ProofVerifier.MAX_PROOF_HASHES) {
                    return Optional.empty();
                }
                hashes.add(hash);
            }
            return Optional.of(new TlogProof(extra, Long.parseLong(index), hashes, note));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The checkpoint when the proof holds: its note is signed by {@code verifier} for {@code origin}, and
     * {@code entry} is leaf {@link #index()} of the tree it names. Empty otherwise.
     */
    public Optional<Checkpoint> verify(byte[] entry, NoteVerifier verifier, String origin) {
        return Checkpoint.verified(checkpointNote, verifier, origin)
            .filter(checkpoint -> ProofVerifier.verifyInclusion(index, checkpoint.size(), MerkleHash.leaf(entry),
                hashes, checkpoint.root()));
    }
}
