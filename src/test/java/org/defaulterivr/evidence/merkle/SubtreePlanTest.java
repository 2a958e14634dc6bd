package org.defaulterivr.evidence.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubtreePlanTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final int LEAVES = 70;

    /** The leaves and, as a log would store them while appending, every completed perfect subtree. */
    private static final List<byte[]> leaves = new ArrayList<>();
    private static final Map<Subtree, byte[]> stored = new HashMap<>();

    static {
        MerkleFrontier frontier = MerkleFrontier.empty();
        for (int i = 0; i < LEAVES; i++) {
            byte[] leaf = TreeHasher.leafHash(ByteBuffer.allocate(4).putInt(i).array());
            leaves.add(leaf);
            stored.put(new Subtree(0, i), leaf);
            frontier = frontier.append(leaf, stored::put);
        }
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    @Test
    void everyStoredSubtreeHashIsTheRootOfItsLeaves() {
        LeafHashes all = LeafHashes.of(leaves);
        // 70 leaves complete 35 + 17 + 8 + 4 + 2 + 1 subtrees above the leaves
        assertEquals(LEAVES + 35 + 17 + 8 + 4 + 2 + 1, stored.size());
        stored.forEach((subtree, hash) -> assertArrayEquals(
                MerkleTree.subtreeHash(all, subtree.start(), subtree.end()), hash, subtree.toString()));
    }

    @Test
    void rootsAndProofsFromStoredSubtreesEqualTheReferenceForEverySize() {
        LeafHashes all = LeafHashes.of(leaves);
        for (long size = 0; size <= LEAVES; size++) {
            List<byte[]> root = SubtreePlan.assemble(SubtreePlan.root(size), stored::get);
            assertEquals(HEX.formatHex(MerkleTree.rootHash(all, size)),
                    size == 0 ? HEX.formatHex(TreeHasher.emptyRoot()) : HEX.formatHex(root.get(0)), "root " + size);
            for (long index = 0; index < size; index++) {
                assertEquals(hex(MerkleTree.inclusionProof(all, index, size)),
                        hex(SubtreePlan.assemble(SubtreePlan.inclusion(index, size), stored::get)),
                        "inclusion of " + index + " in " + size);
            }
            for (long from = 0; from <= size; from++) {
                assertEquals(hex(MerkleTree.consistencyProof(all, from, size)),
                        hex(SubtreePlan.assemble(SubtreePlan.consistency(from, size), stored::get)),
                        "consistency " + from + " -> " + size);
            }
        }
    }

    @Test
    void aProofNeedsAtMostLogSquaredSubtreesOfAMillionLeafLog() {
        long size = 1_000_003;
        int most = 0;
        for (long index : new long[] {0, 1, 524_287, 524_288, 999_999, 1_000_002}) {
            most = Math.max(most, SubtreePlan.subtrees(SubtreePlan.inclusion(index, size)).size());
        }
        for (long from : new long[] {1, 3, 524_288, 777_777, 1_000_002}) {
            most = Math.max(most, SubtreePlan.subtrees(SubtreePlan.consistency(from, size)).size());
        }
        assertTrue(most <= 20 * 20, "subtrees needed: " + most);
        assertEquals(Long.bitCount(size), SubtreePlan.subtrees(SubtreePlan.root(size)).size());
    }

    @Test
    void aRangeThatNoTreeSplitsOffIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SubtreePlan.Range(1, 3).cover());
        assertThrows(IllegalStateException.class,
                () -> SubtreePlan.assemble(SubtreePlan.root(LEAVES + 1), stored::get));
        assertThrows(IllegalArgumentException.class, () -> SubtreePlan.inclusion(5, 5));
    }
}
