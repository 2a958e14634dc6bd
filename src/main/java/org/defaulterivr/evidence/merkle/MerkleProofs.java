package org.defaulterivr.evidence.merkle;

import java.util.List;

/**
 * Verification of inclusion and consistency proofs, as RFC 9162 §2.1.3.2 and §2.1.4.2 spell them out. Needs no leaves,
 * only the proof, the sizes and the roots; every input is treated as adversarial, so a malformed proof is a
 * {@code false}, never an exception.
 *
 * <p>Note that the algorithms only authenticate a tree size through the root it is checked against: take both from a
 * verified signed tree head, never from an unsigned claim.
 */
public final class MerkleProofs {

    private MerkleProofs() {
    }

    /** Whether {@code proof} shows the leaf {@code leafHash} at {@code index} in the tree of {@code treeSize} with {@code root}. */
    public static boolean verifyInclusion(long index, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= treeSize || !wellFormed(leafHash) || !wellFormed(root) || !wellFormed(proof)) {
            return false;
        }
        long fn = index;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = TreeHasher.nodeHash(p, r);
                // A last node without a right sibling at these levels: climb until it is a right child.
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = TreeHasher.nodeHash(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 && TreeHasher.same(r, root);
    }

    /**
     * Whether {@code proof} shows that the tree of {@code fromSize} with {@code fromRoot} is a prefix of the tree of
     * {@code toSize} with {@code toRoot}. For equal sizes the proof must be empty and the roots equal; the empty tree
     * (size 0, root SHA-256("")) is a prefix of every tree, with an empty proof.
     */
    public static boolean verifyConsistency(long fromSize, long toSize, byte[] fromRoot, byte[] toRoot,
            List<byte[]> proof) {
        if (fromSize < 0 || toSize < fromSize || !wellFormed(fromRoot) || !wellFormed(toRoot) || !wellFormed(proof)) {
            return false;
        }
        if (fromSize == toSize) {
            return proof.isEmpty() && TreeHasher.same(fromRoot, toRoot);
        }
        if (fromSize == 0) {
            return proof.isEmpty() && TreeHasher.same(fromRoot, TreeHasher.emptyRoot());
        }
        if (proof.isEmpty()) {
            return false;
        }
        // When the old tree is a perfect subtree its root is the proof's implicit first element.
        boolean oldTreeIsPerfect = (fromSize & (fromSize - 1)) == 0;
        int next = 0;
        byte[] first = oldTreeIsPerfect ? fromRoot : proof.get(next++);
        long fn = fromSize - 1;
        long sn = toSize - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        byte[] fr = first;
        byte[] sr = first;
        for (; next < proof.size(); next++) {
            byte[] c = proof.get(next);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = TreeHasher.nodeHash(c, fr);
                sr = TreeHasher.nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = TreeHasher.nodeHash(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 && TreeHasher.same(fr, fromRoot) && TreeHasher.same(sr, toRoot);
    }

    private static boolean wellFormed(byte[] hash) {
        return hash != null && hash.length == TreeHasher.HASH_SIZE;
    }

    private static boolean wellFormed(List<byte[]> proof) {
        if (proof == null) {
            return false;
        }
        for (byte[] hash : proof) {
            if (!wellFormed(hash)) {
                return false;
            }
        }
        return true;
    }
}
