package org.mailkeys.transparency;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The hashes of RFC 6962 section 2.1 (RFC 9162 section 2.1.1): SHA-256 with a 0x00 prefix for leaves, 0x01 for nodes. */
public final class MerkleHash {
    /** Bytes in every hash of the log. */
    public static final int SIZE = 32;

    private MerkleHash() {
    }

    /** MTH({d}) = SHA-256(0x00 || d): the hash of one entry. */
    public static byte[] leaf(byte[] entry) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 0);
        return sha256.digest(entry);
    }

    /** SHA-256(0x01 || left || right): the hash of an inner node. */
    public static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 1);
        sha256.update(left);
        return sha256.digest(right);
    }

    /** MTH({}) = SHA-256(""): the root of the empty tree. */
    public static byte[] empty() {
        return sha256().digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java has SHA-256", e);
        }
    }
}
