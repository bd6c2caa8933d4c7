package org.mailkeys.transparency;

import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The two public keys of a log, as the WKD listener serves them at {@code /.well-known/mailkeys/log/keys}: a line
 * {@code vkey <signed-note verifier key>} (checkpoints) and a line {@code vrf <base64 of the SEC1-compressed P-256
 * key>} (labels), each ending in LF. The checkpoint key's name is the log's origin (c2sp.org/tlog-checkpoint).
 */
public final class LogPublicKeys {
    /** Far more than two lines of keys need. */
    public static final int MAX_TEXT = 1024;

    private final NoteVerifier checkpointKey;
    private final VrfPublicKey vrfKey;

    public LogPublicKeys(NoteVerifier checkpointKey, VrfPublicKey vrfKey) {
        this.checkpointKey = Objects.requireNonNull(checkpointKey);
        this.vrfKey = Objects.requireNonNull(vrfKey);
    }

    public NoteVerifier checkpointKey() {
        return checkpointKey;
    }

    public VrfPublicKey vrfKey() {
        return vrfKey;
    }

    /** The origin every checkpoint of this log names: the checkpoint key's name. */
    public String origin() {
        return checkpointKey.name();
    }

    /** The two lines, exactly as served. */
    public String text() {
        return "vkey " + checkpointKey.verifierKey() + "\nvrf " + Base64.getEncoder().encodeToString(vrfKey.encoded())
            + "\n";
    }

    /** Reads the two lines (LF or CRLF ends, the last end optional); empty when they are not exactly that. */
    public static Optional<LogPublicKeys> parse(String text) {
        if (text == null || text.length() > MAX_TEXT) {
            return Optional.empty();
        }
        String[] lines = text.replace("\r\n", "\n").split("\n");
        if (lines.length != 2 || !lines[0].startsWith("vkey ") || !lines[1].startsWith("vrf ")) {
            return Optional.empty();
        }
        try {
            Optional<NoteVerifier> checkpointKey = NoteVerifier.parse(lines[0].substring(5));
            Optional<VrfPublicKey> vrfKey = VrfPublicKey.parse(Base64.getDecoder().decode(lines[1].substring(4)));
            if (checkpointKey.isEmpty() || vrfKey.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new LogPublicKeys(checkpointKey.get(), vrfKey.get()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogPublicKeys && ((LogPublicKeys) other).text().equals(text());
    }

    @Override
    public int hashCode() {
        return text().hashCode();
    }
}
