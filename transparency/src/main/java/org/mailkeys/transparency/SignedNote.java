package org.mailkeys.transparency;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads a signed note (c2sp.org/signed-note) and checks it against one trusted key: the text is everything up to the
 * last empty line, each following line is {@code — <name> <base64 signature>}. Lines of other keys are ignored;
 * a note is accepted when one line of the trusted key verifies. Bounded: at most {@link #MAX_NOTE} bytes and
 * {@link #MAX_SIGNATURES} signature lines.
 */
public final class SignedNote {
    /** U+2014 EM DASH and a space: how every signature line begins. */
    public static final String SIGNATURE_PREFIX = "\u2014 ";
    public static final int MAX_NOTE = 16 * 1024;
    public static final int MAX_SIGNATURES = 16;

    private SignedNote() {
    }

    /** The note's text when {@code verifier} signed it, or empty (malformed, too large, or not signed by that key). */
    public static Optional<String> verifiedText(String note, NoteVerifier verifier) {
        if (note == null || note.getBytes(StandardCharsets.UTF_8).length > MAX_NOTE || !note.endsWith("\n")) {
            return Optional.empty();
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            return Optional.empty();
        }
        String text = note.substring(0, split + 1);
        if (text.startsWith("\n") || text.contains("\n\n")) {
            return Optional.empty();
        }
        String[] lines = note.substring(split + 2, note.length() - 1).split("\n", -1);
        if (lines.length == 0 || lines.length > MAX_SIGNATURES) {
            return Optional.empty();
        }
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        boolean verified = false;
        for (String line : lines) {
            if (!line.startsWith(SIGNATURE_PREFIX)) {
                return Optional.empty();
            }
            String[] parts = line.substring(SIGNATURE_PREFIX.length()).split(" ", -1);
            if (parts.length != 2) {
                return Optional.empty();
            }
            byte[] signature;
            try {
                signature = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (signature.length < 5) {
                return Optional.empty();
            }
            if (parts[0].equals(verifier.name())
                && Arrays.equals(Arrays.copyOf(signature, 4), verifier.keyIdBytes())
                && verifier.verify(message, Arrays.copyOfRange(signature, 4, signature.length))) {
                verified = true;
            }
        }
        return verified ? Optional.of(text) : Optional.empty();
    }
}
