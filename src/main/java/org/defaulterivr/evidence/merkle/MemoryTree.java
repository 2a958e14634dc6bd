package org.defaulterivr.evidence.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 9162 Merkle tree held whole in memory: every perfect subtree hash, built bottom-up in {@code O(n)} hashes, so
 * that roots and proofs over it are lookups ({@link SubtreePlan}). For trees that are rebuilt from scratch and small
 * enough to hold, such as the per-case index; the log itself keeps its subtrees in the database.
 */
public final class MemoryTree {

    /** levels.get(k).get(i): the hash of the perfect subtree of 2^k leaves starting at leaf i * 2^k. */
    private final List<List<byte[]>> levels = new ArrayList<>();
    private final long size;

    public MemoryTree(List<byte[]> leafHashes) {
        this.size = leafHashes.size();
        List<byte[]> level = List.copyOf(leafHashes);
        levels.add(level);
        java.security.MessageDigest sha256 = TreeHasher.sha256(); // one digest for the whole build
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>(level.size() / 2);
            for (int i = 0; i + 1 < level.size(); i += 2) {
                sha256.update((byte) 0x01);
                sha256.update(level.get(i));
                up.add(sha256.digest(level.get(i + 1)));
            }
            levels.add(up);
            level = up;
        }
    }

    public long size() {
        return size;
    }

    /** The root of the first {@code treeSize} leaves. */
    public byte[] root(long treeSize) {
        check(treeSize);
        return treeSize == 0 ? TreeHasher.emptyRoot() : assemble(SubtreePlan.root(treeSize)).get(0);
    }

    public byte[] root() {
        return root(size);
    }

    public List<byte[]> inclusionProof(long index, long treeSize) {
        check(treeSize);
        return assemble(SubtreePlan.inclusion(index, treeSize));
    }

    public List<byte[]> consistencyProof(long fromSize, long toSize) {
        check(toSize);
        return assemble(SubtreePlan.consistency(fromSize, toSize));
    }

    private void check(long treeSize) {
        if (treeSize < 0 || treeSize > size) {
            throw new IllegalArgumentException("the tree has " + size + " leaves, not " + treeSize);
        }
    }

    private List<byte[]> assemble(List<SubtreePlan.Range> ranges) {
        return SubtreePlan.assemble(ranges, subtree -> levels.get(subtree.level()).get((int) subtree.index()));
    }
}
