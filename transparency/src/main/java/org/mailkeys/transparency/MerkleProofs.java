package org.mailkeys.transparency;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Roots, inclusion proofs and consistency proofs of RFC 6962 section 2.1 (RFC 9162 sections 2.1.3.1 and 2.1.4.1),
 * computed from the hashes of complete subtrees, so that a proof needs a few tile reads and never the whole log.
 */
public final class MerkleProofs {
    private MerkleProofs() {
    }

    /** MTH(D[0:size]); the hash of the empty string for the empty tree. */
    public static byte[] root(HashSource hashes, long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("A tree size is not negative");
        }
        return size == 0 ? MerkleHash.empty() : rangeHash(hashes, 0, size);
    }

    /** PATH(index, D[0:size]) of RFC 6962 section 2.1.1: the audit path of one leaf. */
    public static List<byte[]> inclusion(HashSource hashes, long index, long size) throws IOException {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("Leaf " + index + " is not in a tree of size " + size);
        }
        List<byte[]> path = new ArrayList<>();
        inclusion(hashes, index, 0, size, path);
        return path;
    }

    /** PROOF(oldSize, D[0:newSize]) of RFC 6962 section 2.1.2; empty when the sizes are equal or the old tree empty. */
    public static List<byte[]> consistency(HashSource hashes, long oldSize, long newSize) throws IOException {
        if (oldSize < 0 || oldSize > newSize) {
            throw new IllegalArgumentException("No consistency proof from " + oldSize + " to " + newSize);
        }
        if (oldSize == 0 || oldSize == newSize) {
            return Collections.emptyList();
        }
        List<byte[]> proof = new ArrayList<>();
        subproof(hashes, oldSize, 0, newSize, true, proof);
        return proof;
    }

    private static void inclusion(HashSource hashes, long index, long lo, long hi, List<byte[]> path)
        throws IOException {
        if (hi - lo == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(hi - lo);
        if (index < lo + k) {
            inclusion(hashes, index, lo, lo + k, path);
            path.add(rangeHash(hashes, lo + k, hi));
        } else {
            inclusion(hashes, index, lo + k, hi, path);
            path.add(rangeHash(hashes, lo, lo + k));
        }
    }

    private static void subproof(HashSource hashes, long m, long lo, long hi, boolean whole, List<byte[]> proof)
        throws IOException {
        long n = hi - lo;
        if (m == n) {
            if (!whole) {
                proof.add(rangeHash(hashes, lo, hi));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(hashes, m, lo, lo + k, whole, proof);
            proof.add(rangeHash(hashes, lo + k, hi));
        } else {
            subproof(hashes, m - k, lo + k, hi, false, proof);
            proof.add(rangeHash(hashes, lo, lo + k));
        }
    }

    /**
     * MTH(D[lo:hi]) for the ranges that proofs ask for, whose start is aligned on the largest power of two that fits:
     * the maximal complete subtrees from the left, folded from the right.
     */
    static byte[] rangeHash(HashSource hashes, long lo, long hi) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        long at = lo;
        while (at < hi) {
            int height = 0;
            while (height < 62 && at % (1L << (height + 1)) == 0 && at + (1L << (height + 1)) <= hi) {
                height++;
            }
            parts.add(hashes.subtree(height, at >> height));
            at += 1L << height;
        }
        byte[] hash = parts.get(parts.size() - 1);
        for (int i = parts.size() - 2; i >= 0; i--) {
            hash = MerkleHash.node(parts.get(i), hash);
        }
        return hash;
    }

    /** The largest power of two strictly below n (n at least 2). */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
