package org.mailkeys.transparency;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;

import org.bouncycastle.math.ec.ECPoint;

/** The log's ECVRF-P256-SHA256-TAI public key (RFC 9381): anyone checks with it that a label belongs to an address. */
public final class VrfPublicKey {
    private final ECPoint point;

    VrfPublicKey(ECPoint point) {
        this.point = point;
    }

    /** From its 33-byte SEC1 compressed form; empty when that is not a point of P-256 other than the identity. */
    public static Optional<VrfPublicKey> parse(byte[] encoded) {
        if (encoded == null || encoded.length != Ecvrf.POINT_LENGTH) {
            return Optional.empty();
        }
        try {
            ECPoint point = Ecvrf.P256.getCurve().decodePoint(encoded);
            return point.isInfinity() ? Optional.empty() : Optional.of(new VrfPublicKey(point.normalize()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The SEC1 compressed form, 33 bytes. */
    public byte[] encoded() {
        return Ecvrf.encode(point);
    }

    ECPoint point() {
        return point;
    }

    /**
     * RFC 9381 section 5.3, ECVRF_verify: the output beta when {@code proof} is this key's proof for {@code alpha},
     * empty otherwise.
     */
    public Optional<byte[]> verify(byte[] alpha, byte[] proof) {
        if (proof == null || proof.length != Ecvrf.PROOF_LENGTH) {
            return Optional.empty();
        }
        ECPoint gamma;
        try {
            gamma = Ecvrf.P256.getCurve().decodePoint(Arrays.copyOf(proof, Ecvrf.POINT_LENGTH));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        BigInteger c = new BigInteger(1, Arrays.copyOfRange(proof, Ecvrf.POINT_LENGTH,
            Ecvrf.POINT_LENGTH + Ecvrf.CHALLENGE_LENGTH));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(proof, Ecvrf.POINT_LENGTH + Ecvrf.CHALLENGE_LENGTH,
            Ecvrf.PROOF_LENGTH));
        if (s.compareTo(Ecvrf.ORDER) >= 0) {
            return Optional.empty();
        }
        ECPoint h = Ecvrf.encodeToCurve(encoded(), alpha);
        ECPoint u = Ecvrf.P256.getG().multiply(s).subtract(point.multiply(c));
        ECPoint v = h.multiply(s).subtract(gamma.multiply(c));
        if (!Ecvrf.challenge(point, h, gamma, u, v).equals(c)) {
            return Optional.empty();
        }
        return Optional.of(Ecvrf.proofToHash(gamma));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VrfPublicKey && ((VrfPublicKey) other).point.equals(point);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded());
    }
}
