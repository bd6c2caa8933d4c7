package org.mailkeys.protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPPublicKey;

/**
 * What a client may want to show about key bytes, without checking any signature: use {@link PublicKeyPolicy} to
 * know that a key is valid for an address.
 */
public final class PublicKeys {
    private PublicKeys() {
    }

    /** Upper-case hex of the primary key's fingerprint; empty when the bytes are not one public key. */
    public static Optional<String> fingerprint(byte[] keyBytes) {
        try {
            return Optional.of(KeyRings.fingerprint(KeyRings.single(keyBytes).getPublicKey()));
        } catch (ProtocolException e) {
            return Optional.empty();
        }
    }

    /**
     * The primary key's algorithm (RFC 9580 section 9.1 names: RSA, DSA, ElGamal, ECDH, ECDSA, EdDSA, Ed25519,
     * Ed448, X25519, X448) and its size in bits as Bouncy Castle counts it; empty when the bytes are not one public
     * key.
     */
    public static Optional<String> algorithm(byte[] keyBytes) {
        try {
            PGPPublicKey primary = KeyRings.single(keyBytes).getPublicKey();
            return Optional.of(algorithmName(primary.getAlgorithm()) + " " + primary.getBitStrength());
        } catch (ProtocolException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String algorithmName(int algorithm) {
        switch (algorithm) {
            case PublicKeyAlgorithmTags.RSA_GENERAL:
            case PublicKeyAlgorithmTags.RSA_ENCRYPT:
            case PublicKeyAlgorithmTags.RSA_SIGN:
                return "RSA";
            case PublicKeyAlgorithmTags.DSA:
                return "DSA";
            case PublicKeyAlgorithmTags.ELGAMAL_ENCRYPT:
            case PublicKeyAlgorithmTags.ELGAMAL_GENERAL:
                return "ElGamal";
            case PublicKeyAlgorithmTags.ECDH:
                return "ECDH";
            case PublicKeyAlgorithmTags.ECDSA:
                return "ECDSA";
            case PublicKeyAlgorithmTags.EDDSA_LEGACY:
                return "EdDSA";
            case PublicKeyAlgorithmTags.Ed25519:
                return "Ed25519";
            case PublicKeyAlgorithmTags.Ed448:
                return "Ed448";
            case PublicKeyAlgorithmTags.X25519:
                return "X25519";
            case PublicKeyAlgorithmTags.X448:
                return "X448";
            default:
                return "algorithm-" + algorithm;
        }
    }

    /** The user IDs as written in the key, unverified; empty when the bytes are not one public key. */
    public static List<String> userIds(byte[] keyBytes) {
        List<String> userIds = new ArrayList<>();
        try {
            PGPPublicKey primary = KeyRings.single(keyBytes).getPublicKey();
            primary.getUserIDs().forEachRemaining(userIds::add);
        } catch (ProtocolException | RuntimeException e) {
            return List.of();
        }
        return userIds;
    }

    /**
     * Upper-case hex fingerprints of the primary key and of every subkey, primary first (for finding a key by a key
     * ID or a subkey's fingerprint, as HKP clients ask); empty when the bytes are not one public key.
     */
    public static List<String> allFingerprints(byte[] keyBytes) {
        List<String> fingerprints = new ArrayList<>();
        try {
            for (Iterator<PGPPublicKey> keys = KeyRings.single(keyBytes).getPublicKeys(); keys.hasNext(); ) {
                fingerprints.add(KeyRings.fingerprint(keys.next()));
            }
        } catch (ProtocolException | RuntimeException e) {
            return List.of();
        }
        return fingerprints;
    }

    /**
     * When the key stops being usable for encryption to it: the earlier of the primary key's expiry and the latest
     * expiry among its encryption-capable subkeys, as their newest self-signatures say (unverified: use it for
     * warnings about one's own key, not for trust). Empty when nothing expires or the bytes are not one public key.
     */
    public static Optional<Instant> usableUntil(byte[] keyBytes) {
        try {
            Iterator<PGPPublicKey> keys = KeyRings.single(keyBytes).getPublicKeys();
            PGPPublicKey primary = keys.next();
            Optional<Instant> primaryEnd = expiry(primary);
            Optional<Instant> lastEncryption = Optional.empty();
            boolean someEncryptionKeyNeverExpires = false;
            while (keys.hasNext()) {
                PGPPublicKey subkey = keys.next();
                if (!subkey.isEncryptionKey() || subkey.hasRevocation()) {
                    continue;
                }
                Optional<Instant> end = expiry(subkey);
                if (end.isEmpty()) {
                    someEncryptionKeyNeverExpires = true;
                } else if (lastEncryption.isEmpty() || end.get().isAfter(lastEncryption.get())) {
                    lastEncryption = end;
                }
            }
            Optional<Instant> encryptionEnd = someEncryptionKeyNeverExpires ? Optional.empty() : lastEncryption;
            if (primaryEnd.isEmpty()) {
                return encryptionEnd;
            }
            if (encryptionEnd.isEmpty()) {
                return primaryEnd;
            }
            return Optional.of(primaryEnd.get().isBefore(encryptionEnd.get()) ? primaryEnd.get() : encryptionEnd.get());
        } catch (ProtocolException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> expiry(PGPPublicKey key) {
        long validSeconds = key.getValidSeconds();
        return validSeconds <= 0 ? Optional.empty()
                : Optional.of(key.getCreationTime().toInstant().plusSeconds(validSeconds));
    }
}
