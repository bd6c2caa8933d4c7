package org.mailkeys.transparency;

import java.math.BigInteger;
import java.security.SecureRandom;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/** The log's ECVRF-P256-SHA256-TAI secret key (RFC 9381): it makes labels and the proofs that they are right. */
public final class VrfPrivateKey {
    private final BigInteger secret;
    private final VrfPublicKey publicKey;

    /** From its 32-byte big-endian scalar, between 1 and the group order. */
    public VrfPrivateKey(byte[] secret) {
        if (secret.length != Ecvrf.SCALAR_LENGTH) {
            throw new IllegalArgumentException("A P-256 secret key has 32 bytes");
        }
        this.secret = new BigInteger(1, secret);
        if (this.secret.signum() == 0 || this.secret.compareTo(Ecvrf.ORDER) >= 0) {
            throw new IllegalArgumentException("Not a P-256 secret key");
        }
        this.publicKey = new VrfPublicKey(Ecvrf.P256.getG().multiply(this.secret).normalize());
    }

    public static VrfPrivateKey generate(SecureRandom random) {
        BigInteger secret = BigIntegers.createRandomInRange(BigInteger.ONE, Ecvrf.ORDER.subtract(BigInteger.ONE),
            random);
        return new VrfPrivateKey(Ecvrf.scalar(secret, Ecvrf.SCALAR_LENGTH));
    }

    /** The 32-byte scalar, for the store that keeps it. */
    public byte[] encoded() {
        return Ecvrf.scalar(secret, Ecvrf.SCALAR_LENGTH);
    }

    public VrfPublicKey publicKey() {
        return publicKey;
    }

    /** RFC 9381 section 5.1, ECVRF_prove: the 81-byte proof pi for {@code alpha}. */
    public byte[] prove(byte[] alpha) {
        ECPoint h = Ecvrf.encodeToCurve(publicKey.encoded(), alpha);
        byte[] hString = Ecvrf.encode(h);
        ECPoint gamma = h.multiply(secret).normalize();
        BigInteger k = nonce(hString);
        BigInteger c = Ecvrf.challenge(publicKey.point(), h, gamma, Ecvrf.P256.getG().multiply(k), h.multiply(k));
        BigInteger s = k.add(c.multiply(secret)).mod(Ecvrf.ORDER);
        byte[] proof = new byte[Ecvrf.PROOF_LENGTH];
        System.arraycopy(Ecvrf.encode(gamma), 0, proof, 0, Ecvrf.POINT_LENGTH);
        System.arraycopy(Ecvrf.scalar(c, Ecvrf.CHALLENGE_LENGTH), 0, proof, Ecvrf.POINT_LENGTH,
            Ecvrf.CHALLENGE_LENGTH);
        System.arraycopy(Ecvrf.scalar(s, Ecvrf.SCALAR_LENGTH), 0, proof, Ecvrf.POINT_LENGTH
            + Ecvrf.CHALLENGE_LENGTH, Ecvrf.SCALAR_LENGTH);
        return proof;
    }

    /** The output beta for {@code alpha}: the label. Equal to what {@link VrfPublicKey#verify} returns. */
    public byte[] hash(byte[] alpha) {
        ECPoint h = Ecvrf.encodeToCurve(publicKey.encoded(), alpha);
        return Ecvrf.proofToHash(h.multiply(secret));
    }

    /** RFC 9381 section 5.4.2.1: RFC 6979 section 3.2 with SHA-256 over m = h_string. */
    private BigInteger nonce(byte[] hString) {
        HMacDSAKCalculator calculator = new HMacDSAKCalculator(new SHA256Digest());
        calculator.init(Ecvrf.ORDER, secret, MerkleHash.sha256().digest(hString));
        return calculator.nextK();
    }
}
