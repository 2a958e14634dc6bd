package org.defaulterivr.evidence.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Roots and proofs of a large log from its stored perfect subtrees, without reading its leaves.
 *
 * <p>Every hash in an RFC 9162 root or proof is MTH of a range {@code [start, end)} met while splitting the tree at
 * the largest power of two below its size. Such a range always starts at a multiple of the smallest power of two at
 * least its length, so it is covered by the perfect subtrees along the bits of its length, largest first, and its hash
 * is theirs folded right to left (the way {@link MerkleFrontier#root} folds the right edge). A root or a proof thus
 * needs {@code O(log^2 n)} stored hashes at most, fetched in one round: plan the ranges, collect their
 * {@link #subtrees}, look them up, {@link #assemble}.
 *
 * <p>{@code MerkleTree} (in the tests) remains the reference: the plans here give the same hashes, as the tests check.
 */
public final class SubtreePlan {

    /** A range of leaves {@code [start, end)} whose MTH is one hash of a root or proof. */
    public record Range(long start, long end) {
        public Range {
            if (start < 0 || end <= start) {
                throw new IllegalArgumentException("no subtree over leaves [" + start + ", " + end + ")");
            }
        }

        /** The perfect subtrees covering the range, left to right. */
        public List<Subtree> cover() {
            List<Subtree> pieces = new ArrayList<>(Long.bitCount(end - start));
            long position = start;
            for (long bit = Long.highestOneBit(end - start); bit > 0; bit >>>= 1) {
                if (((end - start) & bit) != 0) {
                    if (position % bit != 0) {
                        throw new IllegalArgumentException("leaves [" + start + ", " + end
                                + ") are not a subtree of an RFC 9162 tree");
                    }
                    int level = Long.numberOfTrailingZeros(bit);
                    pieces.add(new Subtree(level, position >>> level));
                    position += bit;
                }
            }
            return pieces;
        }
    }

    private SubtreePlan() {
    }

    /** The one range whose hash is the root of the tree of {@code treeSize} leaves; none for the empty tree. */
    public static List<Range> root(long treeSize) {
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size must not be negative");
        }
        return treeSize == 0 ? List.of() : List.of(new Range(0, treeSize));
    }

    /** The ranges of the inclusion proof of leaf {@code index} in the tree of {@code treeSize}, leaf side first. */
    public static List<Range> inclusion(long index, long treeSize) {
        if (index < 0 || index >= treeSize) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + treeSize);
        }
        List<Range> path = new ArrayList<>();
        long start = 0;
        long end = treeSize;
        while (end - start > 1) {
            long split = start + largestPowerOfTwoBelow(end - start);
            if (index < split) {
                path.add(new Range(split, end));
                end = split;
            } else {
                path.add(new Range(start, split));
                start = split;
            }
        }
        Collections.reverse(path);
        return path;
    }

    /** The ranges of the consistency proof from the tree of {@code fromSize} to the tree of {@code toSize}. */
    public static List<Range> consistency(long fromSize, long toSize) {
        if (fromSize < 0 || fromSize > toSize) {
            throw new IllegalArgumentException("no consistency proof from size " + fromSize + " to size " + toSize);
        }
        List<Range> proof = new ArrayList<>();
        if (fromSize == 0 || fromSize == toSize) {
            return proof;
        }
        long m = fromSize;
        long start = 0;
        long end = toSize;
        boolean wholeOldTreeIsKnown = true;
        while (m != end - start) {
            long k = largestPowerOfTwoBelow(end - start);
            if (m <= k) {
                proof.add(new Range(start + k, end));
                end = start + k;
            } else {
                proof.add(new Range(start, start + k));
                start += k;
                m -= k;
                wholeOldTreeIsKnown = false;
            }
        }
        if (!wholeOldTreeIsKnown) {
            proof.add(new Range(start, end));
        }
        Collections.reverse(proof);
        return proof;
    }

    /** Every perfect subtree the ranges need, each once. */
    public static Set<Subtree> subtrees(List<Range> ranges) {
        Set<Subtree> all = new LinkedHashSet<>();
        ranges.forEach(range -> all.addAll(range.cover()));
        return all;
    }

    /**
     * The hash of each range, from the perfect subtree hashes {@code lookup} gives.
     *
     * @throws IllegalStateException if {@code lookup} lacks a subtree (returns null)
     */
    public static List<byte[]> assemble(List<Range> ranges, Function<Subtree, byte[]> lookup) {
        List<byte[]> hashes = new ArrayList<>(ranges.size());
        for (Range range : ranges) {
            List<Subtree> pieces = range.cover();
            byte[] hash = null;
            for (int i = pieces.size() - 1; i >= 0; i--) {
                byte[] piece = lookup.apply(pieces.get(i));
                if (piece == null) {
                    throw new IllegalStateException("no stored hash for " + pieces.get(i));
                }
                hash = hash == null ? piece : TreeHasher.nodeHash(piece, hash);
            }
            hashes.add(hash);
        }
        return hashes;
    }

    /** The largest power of two strictly smaller than {@code n}, for {@code n >= 2}. */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
