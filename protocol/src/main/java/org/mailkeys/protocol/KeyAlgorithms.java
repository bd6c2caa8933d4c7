package org.mailkeys.protocol;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.bcpg.BCPGKey;
import org.bouncycastle.bcpg.DSAPublicBCPGKey;
import org.bouncycastle.bcpg.ECPublicBCPGKey;
import org.bouncycastle.bcpg.ElGamalPublicBCPGKey;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.RSAPublicBCPGKey;
import org.bouncycastle.openpgp.PGPPublicKey;

/**
 * The KST's list of algorithms and sizes (docs/PROTOCOL.md 2.2 item 5), read from the key packet alone. It runs before
 * any signature is verified: verifying with DSA or RSA parameters of the attacker's size costs the cube of that
 * size (seconds at 16,384 bits, hours at 65,000), so only a size check made first bounds the work.
 *
 * <p>On the list: RSA of 2048 to 8192 bits with a public exponent below 2^33; DSA of at most 3072 bits with a q of
 * 160, 224 or 256 bits; ElGamal (encrypt-only, algorithm 16) of at most 4096 bits; ECDSA and ECDH on the named
 * curves below; EdDSA (legacy Ed25519, Ed448) and the fixed-size X25519, X448, Ed25519 and Ed448 keys of RFC 9580.
 * Everything else (sign-and-encrypt ElGamal, unnamed curves, algorithms without a size bound) is off the list.
 */
final class KeyAlgorithms {
    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 8192;
    /** The public exponent must be below 2^33. */
    static final int MAX_RSA_EXPONENT_BITS = 33;
    static final int MAX_DSA_BITS = 3072;
    static final Set<Integer> DSA_Q_BITS = Set.of(160, 224, 256);
    static final int MAX_ELGAMAL_BITS = 4096;
    /** An uncompressed point of the largest named curve (P-521): 0x04 and two 66-byte coordinates. */
    private static final int MAX_EC_POINT_BITS = 8 * (1 + 2 * 66);

    private static final Set<String> NIST_AND_BRAINPOOL = Set.of(
        "1.2.840.10045.3.1.7",    // NIST P-256
        "1.3.132.0.34",           // NIST P-384
        "1.3.132.0.35",           // NIST P-521
        "1.3.36.3.3.2.8.1.1.7",   // brainpoolP256r1
        "1.3.36.3.3.2.8.1.1.11",  // brainpoolP384r1
        "1.3.36.3.3.2.8.1.1.13",  // brainpoolP512r1
        "1.3.132.0.10");          // secp256k1
    private static final Set<String> ECDH_CURVES = union(NIST_AND_BRAINPOOL, Set.of(
        "1.3.6.1.4.1.3029.1.5.1", // Curve25519 (legacy ECDH)
        "1.3.101.110",            // X25519
        "1.3.101.111"));          // X448
    private static final Set<String> EDDSA_CURVES = Set.of(
        "1.3.6.1.4.1.11591.15.1", // Ed25519 (legacy EdDSA)
        "1.3.101.112",            // Ed25519
        "1.3.101.113");           // Ed448
    private static final Map<Integer, Set<String>> NAMED_CURVES = Map.of(
        PublicKeyAlgorithmTags.ECDSA, NIST_AND_BRAINPOOL,
        PublicKeyAlgorithmTags.ECDH, ECDH_CURVES,
        PublicKeyAlgorithmTags.EDDSA_LEGACY, EDDSA_CURVES);
    /** RFC 9580 keys whose size the algorithm fixes. */
    private static final Set<Integer> FIXED_SIZE = Set.of(PublicKeyAlgorithmTags.X25519, PublicKeyAlgorithmTags.X448,
        PublicKeyAlgorithmTags.Ed25519, PublicKeyAlgorithmTags.Ed448);

    private KeyAlgorithms() {
    }

    /** Why the key is off the list, as a fixed text with sizes only (never key material); empty when it is on it. */
    static Optional<String> refusal(PGPPublicKey key) {
        int algorithm = key.getAlgorithm();
        BCPGKey material = key.getPublicKeyPacket().getKey();
        switch (algorithm) {
            case PublicKeyAlgorithmTags.RSA_GENERAL:
            case PublicKeyAlgorithmTags.RSA_ENCRYPT:
            case PublicKeyAlgorithmTags.RSA_SIGN:
                return material instanceof RSAPublicBCPGKey ? rsa((RSAPublicBCPGKey) material) : unreadable(algorithm);
            case PublicKeyAlgorithmTags.DSA:
                return material instanceof DSAPublicBCPGKey ? dsa((DSAPublicBCPGKey) material) : unreadable(algorithm);
            case PublicKeyAlgorithmTags.ELGAMAL_ENCRYPT:
                return material instanceof ElGamalPublicBCPGKey
                    ? elGamal((ElGamalPublicBCPGKey) material) : unreadable(algorithm);
            case PublicKeyAlgorithmTags.ECDSA:
            case PublicKeyAlgorithmTags.ECDH:
            case PublicKeyAlgorithmTags.EDDSA_LEGACY:
                return material instanceof ECPublicBCPGKey
                    ? namedCurve(algorithm, (ECPublicBCPGKey) material) : unreadable(algorithm);
            default:
                return FIXED_SIZE.contains(algorithm)
                    ? Optional.empty()
                    : Optional.of("public key algorithm " + algorithm + " is not on the list");
        }
    }

    private static Optional<String> unreadable(int algorithm) {
        return Optional.of("key material unreadable for public key algorithm " + algorithm);
    }

    private static Optional<String> rsa(RSAPublicBCPGKey key) {
        int bits = key.getModulus().bitLength();
        if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
            return Optional.of("RSA modulus of " + bits + " bits; the list takes " + MIN_RSA_BITS + " to "
                + MAX_RSA_BITS);
        }
        BigInteger exponent = key.getPublicExponent();
        if (exponent.signum() <= 0 || exponent.bitLength() > MAX_RSA_EXPONENT_BITS) {
            return Optional.of("RSA public exponent not below 2^" + MAX_RSA_EXPONENT_BITS);
        }
        return Optional.empty();
    }

    private static Optional<String> dsa(DSAPublicBCPGKey key) {
        int pBits = key.getP().bitLength();
        int qBits = key.getQ().bitLength();
        if (pBits > MAX_DSA_BITS || !DSA_Q_BITS.contains(qBits)) {
            return Optional.of("DSA p of " + pBits + " bits and q of " + qBits + " bits; the list takes p of at most "
                + MAX_DSA_BITS + " bits and q of 160, 224 or 256 bits");
        }
        if (key.getG().bitLength() > pBits || key.getY().bitLength() > pBits) {
            return Optional.of("DSA g or y larger than p");
        }
        return Optional.empty();
    }

    private static Optional<String> elGamal(ElGamalPublicBCPGKey key) {
        int pBits = key.getP().bitLength();
        if (pBits > MAX_ELGAMAL_BITS) {
            return Optional.of("ElGamal p of " + pBits + " bits; the list takes at most " + MAX_ELGAMAL_BITS);
        }
        if (key.getG().bitLength() > pBits || key.getY().bitLength() > pBits) {
            return Optional.of("ElGamal g or y larger than p");
        }
        return Optional.empty();
    }

    private static Optional<String> namedCurve(int algorithm, ECPublicBCPGKey key) {
        if (!NAMED_CURVES.get(algorithm).contains(key.getCurveOID().getId())) {
            return Optional.of("curve not on the list for public key algorithm " + algorithm);
        }
        if (key.getEncodedPoint().bitLength() > MAX_EC_POINT_BITS) {
            return Optional.of("curve point longer than any named curve's");
        }
        return Optional.empty();
    }

    private static Set<String> union(Set<String> first, Set<String> second) {
        java.util.HashSet<String> all = new java.util.HashSet<>(first);
        all.addAll(second);
        return Set.copyOf(all);
    }
}
