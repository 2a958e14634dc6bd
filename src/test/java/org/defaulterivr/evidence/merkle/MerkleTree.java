package org.defaulterivr.evidence.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Root hashes and proofs of RFC 9162 §2.1 Merkle trees over any {@link LeafHashes}: the reference implementation
 * the tests hold the service's tree code ({@link SubtreePlan}, {@link MerkleProofs}) against.
 *
 * <p>The tree over {@code n} leaves splits at {@code k}, the largest power of two smaller than {@code n}: the left
 * subtree holds leaves {@code [0, k)} and is perfect, the right one holds {@code [k, n)}.
 *
 * <p>Complexity: this is the plain recursive definition, computing every subtree hash it needs from the leaves.
 * {@link #rootHash} reads all {@code n} leaves and does {@code n - 1} node hashes; an inclusion or a consistency
 * proof also costs {@code O(n)} hashes (the subtrees next to the path cover the whole tree), with recursion depth
 * {@code O(log n)}. That is fine for proofs served now and then over logs of a few million entries; a service that
 * serves many proofs over a large log should store the hashes of perfect subtrees (they never change once complete)
 * and look them up instead, which brings a proof down to {@code O(log n)} lookups. To follow the root as leaves are
 * appended, use {@link MerkleFrontier}.
 */
public final class MerkleTree {

    private MerkleTree() {
    }

    /** MTH(D[n]) over all leaves of {@code leaves}. */
    public static byte[] rootHash(LeafHashes leaves) {
        return rootHash(leaves, leaves.size());
    }

    /** MTH(D[0:treeSize]): the root of the tree made of the first {@code treeSize} leaves. */
    public static byte[] rootHash(LeafHashes leaves, long treeSize) {
        checkSize(leaves, treeSize);
        return treeSize == 0 ? TreeHasher.emptyRoot() : subtreeHash(leaves, 0, treeSize);
    }

    /**
     * The audit path of RFC 9162 §2.1.3.1, PATH(index, D[0:treeSize]): the sibling hashes from the leaf up to the
     * root, leaf side first.
     */
    public static List<byte[]> inclusionProof(LeafHashes leaves, long index, long treeSize) {
        checkSize(leaves, treeSize);
        if (index < 0 || index >= treeSize) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + treeSize);
        }
        List<byte[]> path = new ArrayList<>();
        long start = 0;
        long end = treeSize;
        // Walk down from the root; each step records the sibling subtree the path does not enter.
        while (end - start > 1) {
            long split = start + SubtreePlan.largestPowerOfTwoBelow(end - start);
            if (index < split) {
                path.add(subtreeHash(leaves, split, end));
                end = split;
            } else {
                path.add(subtreeHash(leaves, start, split));
                start = split;
            }
        }
        Collections.reverse(path);
        return path;
    }

    /**
     * The consistency proof of RFC 9162 §2.1.4.1, PROOF(fromSize, D[0:toSize]), showing that the tree of size
     * {@code fromSize} is a prefix of the tree of size {@code toSize}. Empty when {@code fromSize} is 0 or equals
     * {@code toSize}.
     */
    public static List<byte[]> consistencyProof(LeafHashes leaves, long fromSize, long toSize) {
        checkSize(leaves, toSize);
        if (fromSize < 0 || fromSize > toSize) {
            throw new IllegalArgumentException("no consistency proof from size " + fromSize + " to size " + toSize);
        }
        List<byte[]> proof = new ArrayList<>();
        if (fromSize == 0 || fromSize == toSize) {
            return proof;
        }
        // SUBPROOF(m, D[start:end], startsAtOldRoot), unrolled; hashes are collected root side first.
        long m = fromSize;
        long start = 0;
        long end = toSize;
        boolean wholeOldTreeIsKnown = true;
        while (m != end - start) {
            long k = SubtreePlan.largestPowerOfTwoBelow(end - start);
            if (m <= k) {
                proof.add(subtreeHash(leaves, start + k, end));
                end = start + k;
            } else {
                proof.add(subtreeHash(leaves, start, start + k));
                start += k;
                m -= k;
                wholeOldTreeIsKnown = false;
            }
        }
        if (!wholeOldTreeIsKnown) {
            proof.add(subtreeHash(leaves, start, end));
        }
        Collections.reverse(proof);
        return proof;
    }

    /** The frontier of the tree of the first {@code treeSize} leaves, ready for further appends. */
    public static MerkleFrontier frontier(LeafHashes leaves, long treeSize) {
        checkSize(leaves, treeSize);
        List<byte[]> hashes = new ArrayList<>(Long.bitCount(treeSize));
        long start = 0;
        // The perfect subtrees of the frontier follow the bits of treeSize, largest first.
        for (long bit = Long.highestOneBit(treeSize); bit > 0; bit >>>= 1) {
            if ((treeSize & bit) != 0) {
                hashes.add(subtreeHash(leaves, start, start + bit));
                start += bit;
            }
        }
        return MerkleFrontier.of(treeSize, hashes);
    }

    /** MTH(D[start:end]) for a non-empty range. */
    public static byte[] subtreeHash(LeafHashes leaves, long start, long end) {
        if (start < 0 || end <= start || end > leaves.size()) {
            throw new IllegalArgumentException("no subtree over leaves [" + start + ", " + end + ")");
        }
        if (end - start == 1) {
            return leaves.get(start);
        }
        long split = start + SubtreePlan.largestPowerOfTwoBelow(end - start);
        return TreeHasher.nodeHash(subtreeHash(leaves, start, split), subtreeHash(leaves, split, end));
    }

    private static void checkSize(LeafHashes leaves, long treeSize) {
        if (treeSize < 0 || treeSize > leaves.size()) {
            throw new IllegalArgumentException(
                    "tree size " + treeSize + " is outside [0, " + leaves.size() + "], the leaves available");
        }
    }
}
