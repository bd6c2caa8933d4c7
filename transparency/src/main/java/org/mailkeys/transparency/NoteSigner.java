package org.mailkeys.transparency;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 signer of notes, c2sp.org/signed-note: a key name and a key; it adds the signature line
 * {@code — <name> <base64(key ID || signature)>}.
 */
public final class NoteSigner {
    private final String name;
    private final Ed25519PrivateKeyParameters key;

    public NoteSigner(String name, byte[] privateKey) {
        this.name = NoteVerifier.checkName(name);
        if (privateKey.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("An Ed25519 private key has 32 bytes");
        }
        this.key = new Ed25519PrivateKeyParameters(privateKey, 0);
    }

    /** A new random key for {@code name}. */
    public static NoteSigner generate(String name, SecureRandom random) {
        return new NoteSigner(name, new Ed25519PrivateKeyParameters(random).getEncoded());
    }

    public String name() {
        return name;
    }

    /** The 32-byte private key, for the store that keeps it. */
    public byte[] privateKey() {
        return key.getEncoded();
    }

    /** The verifier of this signer's notes. */
    public NoteVerifier verifier() {
        return new NoteVerifier(name, key.generatePublicKey().getEncoded());
    }

    /**
     * The signed note of {@code text}: the text (non-empty, ending in a newline, no empty line), an empty line, the
     * signature line.
     */
    public String sign(String text) {
        Objects.requireNonNull(text);
        if (text.isEmpty() || !text.endsWith("\n") || text.contains("\n\n") || text.startsWith("\n")) {
            throw new IllegalArgumentException("A note's text is non-empty lines, each ending in a newline");
        }
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        byte[] signature = signer.generateSignature();
        byte[] keyIdAndSignature = new byte[4 + signature.length];
        System.arraycopy(verifier().keyIdBytes(), 0, keyIdAndSignature, 0, 4);
        System.arraycopy(signature, 0, keyIdAndSignature, 4, signature.length);
        return text + "\n" + SignedNote.SIGNATURE_PREFIX + name + " "
            + Base64.getEncoder().encodeToString(keyIdAndSignature) + "\n";
    }
}
