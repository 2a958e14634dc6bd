package org.defaulterivr.evidence.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory tree gives the reference implementation's roots and proofs, for every size and index up to 33. */
class MemoryTreeTest {

    @Test
    void rootsAndProofsAreThoseOfTheReference() {
        List<byte[]> leaves = ReferenceTree.leaves(33);
        MemoryTree tree = new MemoryTree(leaves);
        LeafHashes reference = LeafHashes.of(leaves);
        for (int size = 0; size <= 33; size++) {
            assertArrayEquals(MerkleTree.rootHash(reference, size), tree.root(size), "root of " + size);
            for (int index = 0; index < size; index++) {
                assertHashes(MerkleTree.inclusionProof(reference, index, size), tree.inclusionProof(index, size));
            }
            for (int from = 0; from <= size; from++) {
                assertHashes(MerkleTree.consistencyProof(reference, from, size), tree.consistencyProof(from, size));
            }
        }
    }

    private static void assertHashes(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i));
        }
    }
}
