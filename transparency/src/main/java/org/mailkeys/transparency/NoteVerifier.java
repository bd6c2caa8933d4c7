package org.mailkeys.transparency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The public half of a note signer (c2sp.org/signed-note, Ed25519, signature type 0x01): key name, key ID (the first
 * four bytes of SHA-256(name || 0x0A || 0x01 || public key)), and the verifier key form
 * {@code <name>+<hex key ID>+<base64(0x01 || public key)>}.
 */
public final class NoteVerifier {
    /** The signature type of Ed25519 in signed notes. */
    static final byte ED25519 = 0x01;
    private static final int MAX_NAME = 256;

    private final String name;
    private final byte[] publicKey;

    public NoteVerifier(String name, byte[] publicKey) {
        this.name = checkName(name);
        if (publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("An Ed25519 public key has 32 bytes");
        }
        this.publicKey = publicKey.clone();
    }

    /** Reads the verifier key form; empty when it is not one of an Ed25519 key whose ID matches. */
    public static Optional<NoteVerifier> parse(String verifierKey) {
        if (verifierKey == null || verifierKey.length() > 2 * MAX_NAME) {
            return Optional.empty();
        }
        // the base64 key may itself hold a +: split at the first two only
        String[] parts = verifierKey.split("\\+", 3);
        if (parts.length != 3 || parts[1].length() != 8) {
            return Optional.empty();
        }
        try {
            byte[] typedKey = Base64.getDecoder().decode(parts[2]);
            if (typedKey.length != 33 || typedKey[0] != ED25519) {
                return Optional.empty();
            }
            NoteVerifier verifier = new NoteVerifier(parts[0], Arrays.copyOfRange(typedKey, 1, 33));
            return verifier.keyIdHex().equals(parts[1]) ? Optional.of(verifier) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String name() {
        return name;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The verifier key form of c2sp.org/signed-note. */
    public String verifierKey() {
        byte[] typedKey = new byte[33];
        typedKey[0] = ED25519;
        System.arraycopy(publicKey, 0, typedKey, 1, 32);
        return name + "+" + keyIdHex() + "+" + Base64.getEncoder().encodeToString(typedKey);
    }

    byte[] keyIdBytes() {
        MessageDigest sha256 = MerkleHash.sha256();
        sha256.update(name.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) '\n');
        sha256.update(ED25519);
        return Arrays.copyOf(sha256.digest(publicKey), 4);
    }

    String keyIdHex() {
        StringBuilder hex = new StringBuilder();
        for (byte b : keyIdBytes()) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }

    /** Whether {@code signature} is this key's Ed25519 signature of {@code text}. */
    boolean verify(byte[] text, byte[] signature) {
        if (signature.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        verifier.update(text, 0, text.length);
        return verifier.verifySignature(signature);
    }

    static String checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME || name.contains("+")
            || name.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("A key name is non-empty, without spaces or +");
        }
        return name;
    }
}
