package org.mailkeys.protocol;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Keys an attacker would send, written as bytes: parameters far over the KST's algorithm and size list, and junk
 * signatures that name the key as their issuer, so that a verifier without a size check spends seconds to hours on
 * each (the cost of DSA and RSA grows with the cube of the size). Written with the JDK alone (RFC 9580 sections 4,
 * 5.2.3, 5.5.2, 5.11), so that tests of other modules use it without a second Bouncy Castle on their class path.
 */
public final class HostileKeys {
    public static final int RSA = 1;
    public static final int DSA = 17;
    public static final int ECDSA = 19;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int POSITIVE_CERTIFICATION = 0x13;
    private static final int SHA256 = 8;
    private static final int SIGNATURE_TAG = 2;
    private static final int PUBLIC_KEY_TAG = 6;
    private static final int USER_ID_TAG = 13;

    private HostileKeys() {
    }

    /** A v4 DSA primary key whose p and q have the given sizes, a user ID, and junk certifications of it. */
    public static byte[] dsa(int pBits, int qBits, int junkSignatures, String userId) {
        BigInteger p = randomOfExactly(pBits);
        BigInteger q = randomOfExactly(qBits);
        byte[] material = mpis(p, q, randomBelow(p), randomBelow(p));
        return withJunkCertifications(DSA, material, junkSignatures, userId, q, 2);
    }

    /** A v4 RSA primary key with the given modulus and public exponent sizes, a user ID, and junk certifications. */
    public static byte[] rsa(int modulusBits, int exponentBits, int junkSignatures, String userId) {
        BigInteger modulus = oddWithoutSmallFactors(modulusBits);
        byte[] material = mpis(modulus, randomOfExactly(exponentBits).setBit(0));
        return withJunkCertifications(RSA, material, junkSignatures, userId, modulus, 1);
    }

    /** A v4 primary key of any algorithm and key material, a user ID, and junk certifications of 256-bit values. */
    public static byte[] withJunkCertifications(int algorithm, byte[] keyMaterial, int count, String userId) {
        return withJunkCertifications(algorithm, keyMaterial, count, userId, BigInteger.ONE.shiftLeft(256), 2);
    }

    /** The OpenPGP multiprecision integer encoding of the values, one after the other. */
    public static byte[] mpis(BigInteger... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (BigInteger value : values) {
            writeShort(out, value.bitLength());
            byte[] magnitude = value.toByteArray();
            int skip = magnitude[0] == 0 ? 1 : 0;
            out.write(magnitude, skip, magnitude.length - skip);
        }
        return out.toByteArray();
    }

    private static byte[] withJunkCertifications(int algorithm, byte[] keyMaterial, int count, String userId,
        BigInteger valueBound, int values) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(4);
        writeInt(body, System.currentTimeMillis() / 1000);
        body.write(algorithm);
        body.write(keyMaterial, 0, keyMaterial.length);
        byte[] keyBody = body.toByteArray();
        byte[] keyId = keyId(keyBody);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writePacket(out, PUBLIC_KEY_TAG, keyBody);
        writePacket(out, USER_ID_TAG, userId.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < count; i++) {
            BigInteger[] signature = new BigInteger[values];
            for (int v = 0; v < values; v++) {
                signature[v] = randomBelow(valueBound);
            }
            writePacket(out, SIGNATURE_TAG, junkSignature(algorithm, keyId, signature));
        }
        return out.toByteArray();
    }

    /** The body of a v4 positive certification naming {@code keyId} as issuer, with random signature values. */
    private static byte[] junkSignature(int algorithm, byte[] keyId, BigInteger... values) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(4);
        body.write(POSITIVE_CERTIFICATION);
        body.write(algorithm);
        body.write(SHA256);
        ByteArrayOutputStream hashed = new ByteArrayOutputStream();
        hashed.write(5);
        hashed.write(2); // signature creation time
        writeInt(hashed, System.currentTimeMillis() / 1000);
        writeShort(body, hashed.size());
        body.write(hashed.toByteArray(), 0, hashed.size());
        writeShort(body, 10);
        body.write(9);
        body.write(16); // issuer key ID
        body.write(keyId, 0, keyId.length);
        body.write(0x12);
        body.write(0x34);
        byte[] signature = mpis(values);
        body.write(signature, 0, signature.length);
        return body.toByteArray();
    }

    /** The v4 key ID: the low 64 bits of the SHA-1 fingerprint (RFC 9580 section 5.5.4.2). */
    private static byte[] keyId(byte[] keyBody) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update((byte) 0x99);
            sha1.update((byte) (keyBody.length >> 8));
            sha1.update((byte) keyBody.length);
            byte[] fingerprint = sha1.digest(keyBody);
            return Arrays.copyOfRange(fingerprint, 12, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    /** A new-format packet with a five-octet length. */
    private static void writePacket(ByteArrayOutputStream out, int tag, byte[] body) {
        out.write(0xC0 | tag);
        out.write(0xFF);
        writeInt(out, body.length);
        out.write(body, 0, body.length);
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }

    private static void writeInt(ByteArrayOutputStream out, long value) {
        out.write((int) (value >> 24));
        out.write((int) (value >> 16));
        out.write((int) (value >> 8));
        out.write((int) value);
    }

    /** Bouncy Castle refuses an RSA modulus with a small factor at once; an attacker's modulus has none. */
    private static BigInteger oddWithoutSmallFactors(int bits) {
        BigInteger candidate;
        do {
            candidate = randomOfExactly(bits).setBit(0);
        } while (hasFactorBelow(candidate, 1000));
        return candidate;
    }

    private static boolean hasFactorBelow(BigInteger number, int bound) {
        for (int factor = 3; factor < bound; factor += 2) {
            if (number.mod(BigInteger.valueOf(factor)).signum() == 0) {
                return true;
            }
        }
        return false;
    }

    static BigInteger randomOfExactly(int bits) {
        return new BigInteger(bits, RANDOM).setBit(bits - 1);
    }

    private static BigInteger randomBelow(BigInteger bound) {
        BigInteger value;
        do {
            value = new BigInteger(bound.bitLength(), RANDOM);
        } while (value.signum() == 0 || value.compareTo(bound) >= 0);
        return value;
    }
}
