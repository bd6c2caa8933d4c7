package org.mailkeys.transparency;

import java.security.MessageDigest;
import java.util.List;

/** Checks inclusion and consistency proofs: the algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2. */
public final class ProofVerifier {
    /** No proof of a tree of up to 2^63 leaves is longer. */
    public static final int MAX_PROOF_HASHES = 63;

    private ProofVerifier() {
    }

    /** Whether {@code proof} shows that {@code leafHash} is leaf {@code index} of the tree of {@code size} with {@code root}. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size || proof.size() > MAX_PROOF_HASHES || !wellFormed(proof)) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHash.node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = MerkleHash.node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /** Whether {@code proof} shows that the tree of {@code oldSize} with {@code oldRoot} is a prefix of the newer one. */
    public static boolean verifyConsistency(long oldSize, long newSize, byte[] oldRoot, byte[] newRoot,
                                            List<byte[]> proof) {
        if (oldSize < 0 || oldSize > newSize || proof.size() > MAX_PROOF_HASHES || !wellFormed(proof)) {
            return false;
        }
        if (oldSize == newSize) {
            return proof.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
        }
        if (oldSize == 0) {
            // every tree extends the empty one; its root is fixed
            return proof.isEmpty() && MessageDigest.isEqual(oldRoot, MerkleHash.empty());
        }
        if (proof.isEmpty()) {
            return false;
        }
        int next = 0;
        byte[] first;
        if ((oldSize & (oldSize - 1)) == 0) {
            first = oldRoot;
        } else {
            first = proof.get(0);
            next = 1;
        }
        long fn = oldSize - 1;
        long sn = newSize - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = first;
        byte[] sr = first;
        for (int i = next; i < proof.size(); i++) {
            byte[] c = proof.get(i);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHash.node(c, fr);
                sr = MerkleHash.node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = MerkleHash.node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, oldRoot) && MessageDigest.isEqual(sr, newRoot);
    }

    private static boolean wellFormed(List<byte[]> proof) {
        return proof.stream().allMatch(hash -> hash != null && hash.length == MerkleHash.SIZE);
    }
}
