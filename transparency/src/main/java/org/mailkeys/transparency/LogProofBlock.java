package org.mailkeys.transparency;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The proof block of a {@code MailKeys-Version: 2} answer (docs/PROTOCOL.md): a line {@code mailkeys-log-proof v1},
 * a line {@code vrf <base64 of the 81-byte ECVRF proof for the queried address>}, then either a
 * {@code c2sp.org/tlog-proof@v1} proof whose {@code extra} is the entry (an answer with a key, a confirmation) or
 * the latest signed checkpoint alone (a NOT-FOUND answer). Lines end in LF.
 */
public final class LogProofBlock {
    public static final String HEADER = "mailkeys-log-proof v1";
    /** A proof, its entry, the VRF line and a note with a few signatures. */
    public static final int MAX_TEXT = TlogProof.MAX_TEXT + 1024;
    private static final int VRF_PROOF_LENGTH = 81;

    private final byte[] vrfProof;
    private final Optional<TlogProof> inclusion;
    private final String checkpointNote;

    private LogProofBlock(byte[] vrfProof, Optional<TlogProof> inclusion, String checkpointNote) {
        this.vrfProof = vrfProof.clone();
        this.inclusion = inclusion;
        this.checkpointNote = Objects.requireNonNull(checkpointNote);
    }

    /** The block of an answer that carries a key: the VRF proof and the proof of the entry that holds the key. */
    public static LogProofBlock withEntry(byte[] vrfProof, TlogProof inclusion) {
        return new LogProofBlock(vrfProof, Optional.of(inclusion), inclusion.checkpointNote());
    }

    /** The block of a NOT-FOUND answer: the VRF proof and the latest signed checkpoint. */
    public static LogProofBlock withoutEntry(byte[] vrfProof, String checkpointNote) {
        return new LogProofBlock(vrfProof, Optional.empty(), checkpointNote);
    }

    public byte[] vrfProof() {
        return vrfProof.clone();
    }

    /** The inclusion proof of the entry; empty for a NOT-FOUND answer. */
    public Optional<TlogProof> inclusion() {
        return inclusion;
    }

    /** The signed checkpoint the block refers to (the proof's own, when there is one). */
    public String checkpointNote() {
        return checkpointNote;
    }

    public String text() {
        String head = HEADER + "\nvrf " + Base64.getEncoder().encodeToString(vrfProof) + "\n";
        return head + inclusion.map(TlogProof::text).orElse(checkpointNote);
    }

    /** Reads a block (LF or CRLF ends); empty when malformed or over {@link #MAX_TEXT}. Checks nothing. */
    public static Optional<LogProofBlock> parse(String text) {
        if (text == null || text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT) {
            return Optional.empty();
        }
        String lf = text.replace("\r\n", "\n");
        if (!lf.endsWith("\n")) {
            lf = lf + "\n";
        }
        if (!lf.startsWith(HEADER + "\nvrf ")) {
            return Optional.empty();
        }
        int vrfEnd = lf.indexOf('\n', HEADER.length() + 1);
        byte[] vrfProof;
        try {
            vrfProof = Base64.getDecoder().decode(lf.substring(HEADER.length() + 5, vrfEnd));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (vrfProof.length != VRF_PROOF_LENGTH) {
            return Optional.empty();
        }
        String rest = lf.substring(vrfEnd + 1);
        if (rest.startsWith(TlogProof.HEADER + "\n")) {
            return TlogProof.parse(rest).map(proof -> withEntry(vrfProof, proof));
        }
        return rest.isEmpty() ? Optional.empty() : Optional.of(withoutEntry(vrfProof, rest));
    }
}
