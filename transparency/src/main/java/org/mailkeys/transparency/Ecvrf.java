package org.mailkeys.transparency;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * The suite ECVRF-P256-SHA256-TAI of RFC 9381 (suite string 0x01, section 5.5): P-256, SHA-256, encode_to_curve by
 * try-and-increment (section 5.4.1.1) with salt the compressed public key, 16-byte challenges. The parts shared by
 * {@link VrfPrivateKey} and {@link VrfPublicKey}.
 */
final class Ecvrf {
    static final byte SUITE = 0x01;
    static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    static final BigInteger ORDER = P256.getN();
    static final int POINT_LENGTH = 33;
    static final int CHALLENGE_LENGTH = 16;
    static final int SCALAR_LENGTH = 32;
    static final int PROOF_LENGTH = POINT_LENGTH + CHALLENGE_LENGTH + SCALAR_LENGTH;
    static final int BETA_LENGTH = 32;

    private Ecvrf() {
    }

    /** RFC 9381 section 5.4.1.1: ECVRF_encode_to_curve_try_and_increment. */
    static ECPoint encodeToCurve(byte[] salt, byte[] alpha) {
        for (int counter = 0; counter < 256; counter++) {
            MessageDigest sha256 = MerkleHash.sha256();
            sha256.update(SUITE);
            sha256.update((byte) 0x01);
            sha256.update(salt);
            sha256.update(alpha);
            sha256.update((byte) counter);
            sha256.update((byte) 0x00);
            byte[] candidate = new byte[POINT_LENGTH];
            candidate[0] = 0x02;
            System.arraycopy(sha256.digest(), 0, candidate, 1, 32);
            try {
                // the cofactor of P-256 is 1
                return P256.getCurve().decodePoint(candidate);
            } catch (IllegalArgumentException notOnCurve) {
                // next counter
            }
        }
        throw new IllegalStateException("encode_to_curve failed for every counter");
    }

    /** RFC 9381 section 5.4.3: ECVRF_challenge_generation, the first 16 bytes of the hash as an integer. */
    static BigInteger challenge(ECPoint... points) {
        MessageDigest sha256 = MerkleHash.sha256();
        sha256.update(SUITE);
        sha256.update((byte) 0x02);
        for (ECPoint point : points) {
            sha256.update(encode(point));
        }
        sha256.update((byte) 0x00);
        return new BigInteger(1, Arrays.copyOf(sha256.digest(), CHALLENGE_LENGTH));
    }

    /** RFC 9381 section 5.2: ECVRF_proof_to_hash from Gamma (cofactor 1). */
    static byte[] proofToHash(ECPoint gamma) {
        MessageDigest sha256 = MerkleHash.sha256();
        sha256.update(SUITE);
        sha256.update((byte) 0x03);
        sha256.update(encode(gamma));
        sha256.update((byte) 0x00);
        return sha256.digest();
    }

    /** point_to_string: SEC1 compressed. */
    static byte[] encode(ECPoint point) {
        return point.normalize().getEncoded(true);
    }

    static byte[] scalar(BigInteger value, int length) {
        return BigIntegers.asUnsignedByteArray(length, value);
    }
}
