package org.defaulterivr.evidence.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The right edge of an append-only Merkle tree: the roots of its maximal perfect subtrees, left to right (a
 * "compact range" covering leaves {@code [0, size)}). It is enough to append leaves and compute the root without the
 * leaves themselves: both take {@code O(log size)} hashes and the frontier holds {@code Long.bitCount(size)} hashes.
 *
 * <p>Immutable: {@link #append} returns the next frontier, so the service can store the new one with the leaf in the
 * same transaction and restore it with {@link #of}.
 */
public final class MerkleFrontier {

    private static final MerkleFrontier EMPTY = new MerkleFrontier(0, List.of());

    private final long size;
    private final List<byte[]> hashes;

    private MerkleFrontier(long size, List<byte[]> hashes) {
        this.size = size;
        this.hashes = hashes;
    }

    /** The frontier of the empty tree. */
    public static MerkleFrontier empty() {
        return EMPTY;
    }

    /**
     * Restores a frontier from its size and its subtree hashes as returned by {@link #hashes()}: one hash per set bit
     * of {@code size}, largest subtree first.
     */
    public static MerkleFrontier of(long size, List<byte[]> hashes) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        if (hashes.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("a frontier of size " + size + " has " + Long.bitCount(size)
                    + " subtree hashes, not " + hashes.size());
        }
        List<byte[]> copy = new ArrayList<>(hashes.size());
        for (byte[] hash : hashes) {
            if (hash.length != TreeHasher.HASH_SIZE) {
                throw new IllegalArgumentException("a subtree hash has " + TreeHasher.HASH_SIZE + " bytes");
            }
            copy.add(hash.clone());
        }
        return new MerkleFrontier(size, List.copyOf(copy));
    }

    /** Number of leaves covered. */
    public long size() {
        return size;
    }

    /** Roots of the perfect subtrees, largest (leftmost) first; copies. */
    public List<byte[]> hashes() {
        return hashes.stream().map(byte[]::clone).toList();
    }

    /** The frontier after appending one leaf. */
    public MerkleFrontier append(byte[] leafHash) {
        return append(leafHash, (subtree, hash) -> { });
    }

    /**
     * The frontier after appending one leaf; {@code completed} is handed each perfect subtree of two or more leaves
     * that the leaf completes, smallest first, with its hash (what a log stores to serve proofs, see
     * {@link SubtreePlan}).
     */
    public MerkleFrontier append(byte[] leafHash, BiConsumer<Subtree, byte[]> completed) {
        if (leafHash.length != TreeHasher.HASH_SIZE) {
            throw new IllegalArgumentException("a leaf hash has " + TreeHasher.HASH_SIZE + " bytes");
        }
        if (size == Long.MAX_VALUE) {
            throw new IllegalStateException("the tree is full");
        }
        List<byte[]> next = new ArrayList<>(hashes.size() + 1);
        next.addAll(hashes);
        byte[] carry = leafHash.clone();
        // Like adding 1 in binary: each trailing one bit of size is a perfect subtree of the new leaf's size to merge.
        int level = 0;
        for (long s = size; (s & 1) == 1; s >>>= 1) {
            carry = TreeHasher.nodeHash(next.remove(next.size() - 1), carry);
            level++;
            completed.accept(new Subtree(level, size >>> level), carry.clone());
        }
        next.add(carry);
        return new MerkleFrontier(size + 1, List.copyOf(next));
    }

    /** MTH of the leaves covered: the subtree roots folded right to left. */
    public byte[] root() {
        if (hashes.isEmpty()) {
            return TreeHasher.emptyRoot();
        }
        byte[] root = hashes.get(hashes.size() - 1);
        for (int i = hashes.size() - 2; i >= 0; i--) {
            root = TreeHasher.nodeHash(hashes.get(i), root);
        }
        return root.clone();
    }
}
