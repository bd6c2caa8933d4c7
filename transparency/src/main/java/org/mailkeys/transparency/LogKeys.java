package org.mailkeys.transparency;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The secrets of one log: its origin, the Ed25519 key that signs its checkpoints (key name = origin) and the VRF key
 * that makes its labels. Made at the log's first start and kept by its storage, so every node signs and labels
 * alike; a new key means a new origin, a new log. Text form (what the storage and an operator's file hold):
 *
 * <pre>
 * mailkeys-log-keys v1
 * origin &lt;origin&gt;
 * signing &lt;base64 of the 32-byte Ed25519 private key&gt;
 * vrf &lt;base64 of the 32-byte P-256 secret scalar&gt;
 * </pre>
 */
public final class LogKeys {
    private static final String HEADER = "mailkeys-log-keys v1";

    private final String origin;
    private final NoteSigner signer;
    private final VrfPrivateKey vrf;

    public LogKeys(String origin, byte[] signingKey, byte[] vrfKey) {
        this.origin = Objects.requireNonNull(origin);
        this.signer = new NoteSigner(origin, signingKey);
        this.vrf = new VrfPrivateKey(vrfKey);
    }

    public static LogKeys generate(String origin, SecureRandom random) {
        return new LogKeys(origin, NoteSigner.generate(origin, random).privateKey(),
            VrfPrivateKey.generate(random).encoded());
    }

    public String origin() {
        return origin;
    }

    public NoteSigner signer() {
        return signer;
    }

    public VrfPrivateKey vrf() {
        return vrf;
    }

    /** The two public lines served as {@code keys}: {@code vkey <verifier key>} and {@code vrf <base64 public key>}. */
    public String publicKeys() {
        return "vkey " + signer.verifier().verifierKey() + "\n"
            + "vrf " + Base64.getEncoder().encodeToString(vrf.publicKey().encoded()) + "\n";
    }

    public byte[] encode() {
        Base64.Encoder base64 = Base64.getEncoder();
        return (HEADER + "\norigin " + origin + "\nsigning " + base64.encodeToString(signer.privateKey())
            + "\nvrf " + base64.encodeToString(vrf.encoded()) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Reads {@link #encode()}; empty when it is not that form. */
    public static Optional<LogKeys> decode(byte[] encoded) {
        String[] lines = new String(encoded, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length != 5 || !lines[0].equals(HEADER) || !lines[1].startsWith("origin ")
            || !lines[2].startsWith("signing ") || !lines[3].startsWith("vrf ") || !lines[4].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LogKeys(lines[1].substring(7), Base64.getDecoder().decode(lines[2].substring(8)),
                Base64.getDecoder().decode(lines[3].substring(4))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
