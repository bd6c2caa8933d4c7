package org.mailkeys.transparency;

import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The body of a checkpoint, c2sp.org/tlog-checkpoint: the origin line, the tree size in decimal, the base64 root
 * hash, each ending in a newline. Extension lines are not written, and ignored when read.
 */
public final class Checkpoint {
    private static final int MAX_ORIGIN = 256;

    private final String origin;
    private final long size;
    private final byte[] root;

    public Checkpoint(String origin, long size, byte[] root) {
        if (origin == null || origin.isEmpty() || origin.length() > MAX_ORIGIN || origin.contains("\n")) {
            throw new IllegalArgumentException("An origin is one non-empty line");
        }
        if (size < 0 || root.length != MerkleHash.SIZE) {
            throw new IllegalArgumentException("A checkpoint has a size and a SHA-256 root");
        }
        this.origin = origin;
        this.size = size;
        this.root = root.clone();
    }

    public String origin() {
        return origin;
    }

    public long size() {
        return size;
    }

    public byte[] root() {
        return root.clone();
    }

    /** The note text to sign. */
    public String text() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    /** Reads a note text; empty when it is not a checkpoint. */
    public static Optional<Checkpoint> parse(String text) {
        Objects.requireNonNull(text);
        String[] lines = text.split("\n", -1);
        if (lines.length < 4 || !lines[lines.length - 1].isEmpty()) {
            return Optional.empty();
        }
        String size = lines[1];
        if (size.isEmpty() || size.length() > 19 || !size.chars().allMatch(c -> c >= '0' && c <= '9')
            || (size.length() > 1 && size.charAt(0) == '0')) {
            return Optional.empty();
        }
        try {
            byte[] root = Base64.getDecoder().decode(lines[2]);
            if (!Base64.getEncoder().encodeToString(root).equals(lines[2])) {
                return Optional.empty();
            }
            return Optional.of(new Checkpoint(lines[0], Long.parseLong(size), root));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The checkpoint of a signed note that {@code verifier} signed for {@code origin}; empty otherwise. */
    public static Optional<Checkpoint> verified(String note, NoteVerifier verifier, String origin) {
        return SignedNote.verifiedText(note, verifier).flatMap(Checkpoint::parse)
            .filter(checkpoint -> checkpoint.origin.equals(origin));
    }
}
