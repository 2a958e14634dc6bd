package org.defaulterivr.evidence.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    private static final HexFormat HEX = HexFormat.of();

    // The certificate-transparency test entries and MTH(D[n]) for n = 0..8 (RFC 6962 implementations' shared vectors).
    private static final List<byte[]> CT_ENTRIES = List.of(
            HEX.parseHex(""),
            HEX.parseHex("00"),
            HEX.parseHex("10"),
            HEX.parseHex("2021"),
            HEX.parseHex("3031"),
            HEX.parseHex("40414243"),
            HEX.parseHex("5051525354555657"),
            HEX.parseHex("606162636465666768696a6b6c6d6e6f"));
    private static final List<String> CT_ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    private static LeafHashes ctLeaves() {
        return LeafHashes.of(CT_ENTRIES.stream().map(TreeHasher::leafHash).toList());
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    @Test
    void hashesLeavesAndNodesWithTheirDomainPrefixes() {
        assertEquals(CT_ROOTS.get(0), HEX.formatHex(TreeHasher.emptyRoot()));
        assertEquals("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                HEX.formatHex(TreeHasher.leafHash(new byte[0])));
        byte[] left = TreeHasher.leafHash(new byte[] {1});
        byte[] right = TreeHasher.leafHash(new byte[] {2});
        assertArrayEquals(ReferenceTree.node(left, right), TreeHasher.nodeHash(left, right));
    }

    @Test
    void rootsMatchTheCertificateTransparencyVectors() {
        LeafHashes leaves = ctLeaves();
        MerkleFrontier frontier = MerkleFrontier.empty();
        for (int n = 0; n <= 8; n++) {
            assertEquals(CT_ROOTS.get(n), HEX.formatHex(MerkleTree.rootHash(leaves, n)), "MTH of size " + n);
            assertEquals(CT_ROOTS.get(n), HEX.formatHex(frontier.root()), "frontier root of size " + n);
            if (n < 8) {
                frontier = frontier.append(leaves.get(n));
            }
        }
    }

    @Test
    void inclusionProofsMatchTheCertificateTransparencyVectors() {
        LeafHashes leaves = ctLeaves();
        assertEquals(List.of(), hex(MerkleTree.inclusionProof(leaves, 0, 1)));
        assertEquals(List.of(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
                hex(MerkleTree.inclusionProof(leaves, 0, 8)));
        assertEquals(List.of(
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
                hex(MerkleTree.inclusionProof(leaves, 5, 8)));
        assertEquals(List.of("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
                hex(MerkleTree.inclusionProof(leaves, 2, 3)));
        assertEquals(List.of(
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                hex(MerkleTree.inclusionProof(leaves, 1, 5)));
    }

    @Test
    void consistencyProofsMatchTheCertificateTransparencyVectors() {
        LeafHashes leaves = ctLeaves();
        assertEquals(List.of(), hex(MerkleTree.consistencyProof(leaves, 1, 1)));
        assertEquals(List.of(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
                hex(MerkleTree.consistencyProof(leaves, 1, 8)));
        assertEquals(List.of(
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
                hex(MerkleTree.consistencyProof(leaves, 6, 8)));
        assertEquals(List.of(
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                hex(MerkleTree.consistencyProof(leaves, 2, 5)));
        assertTrue(MerkleProofs.verifyConsistency(6, 8, HEX.parseHex(CT_ROOTS.get(6)), HEX.parseHex(CT_ROOTS.get(8)),
                MerkleTree.consistencyProof(leaves, 6, 8)));
    }

    @Test
    void rootsAgreeWithTheReferenceForEverySizeUpTo64() {
        List<byte[]> hashes = ReferenceTree.leaves(64);
        LeafHashes leaves = LeafHashes.of(hashes);
        MerkleFrontier appended = MerkleFrontier.empty();
        for (int n = 1; n <= 64; n++) {
            appended = appended.append(hashes.get(n - 1));
            byte[] expected = ReferenceTree.mth(hashes.subList(0, n));
            assertArrayEquals(expected, MerkleTree.rootHash(leaves, n), "MTH of size " + n);
            assertArrayEquals(expected, appended.root(), "appended frontier of size " + n);
            MerkleFrontier computed = MerkleTree.frontier(leaves, n);
            assertArrayEquals(expected, computed.root(), "computed frontier of size " + n);
            MerkleFrontier restored = MerkleFrontier.of(n, appended.hashes());
            assertArrayEquals(expected, restored.root(), "restored frontier of size " + n);
            assertEquals(hex(appended.hashes()), hex(computed.hashes()), "frontier hashes of size " + n);
        }
    }

    @Test
    void everyInclusionProofUpTo64LeavesVerifiesAndAnyFlippedByteFails() {
        List<byte[]> hashes = ReferenceTree.leaves(64);
        LeafHashes leaves = LeafHashes.of(hashes);
        for (int n = 1; n <= 64; n++) {
            byte[] root = ReferenceTree.mth(hashes.subList(0, n));
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = MerkleTree.inclusionProof(leaves, m, n);
                assertEquals(hex(ReferenceTree.path(m, hashes.subList(0, n))), hex(proof), "PATH(" + m + ", " + n + ")");
                assertTrue(MerkleProofs.verifyInclusion(m, n, hashes.get(m), proof, root), "m=" + m + " n=" + n);
                for (int i = 0; i < proof.size(); i++) {
                    for (int b = 0; b < 32; b += 31) {
                        assertFalse(MerkleProofs.verifyInclusion(m, n, hashes.get(m), flipped(proof, i, b), root),
                                "flipped byte " + b + " of element " + i + ", m=" + m + " n=" + n);
                    }
                }
                assertFalse(MerkleProofs.verifyInclusion(m, n, flip(hashes.get(m), 0), proof, root));
                assertFalse(MerkleProofs.verifyInclusion(m, n, hashes.get(m), proof, flip(root, 5)));
                if (n > 1) {
                    assertFalse(MerkleProofs.verifyInclusion((m + 1) % n, n, hashes.get(m), proof, root),
                            "wrong index, m=" + m + " n=" + n);
                    assertFalse(MerkleProofs.verifyInclusion(m, n, hashes.get(m), proof.subList(1, proof.size()), root));
                }
                List<byte[]> longer = new ArrayList<>(proof);
                longer.add(root);
                assertFalse(MerkleProofs.verifyInclusion(m, n, hashes.get(m), longer, root));
            }
            assertFalse(MerkleProofs.verifyInclusion(n, n, hashes.get(0), List.of(), root), "index outside the tree");
            assertFalse(MerkleProofs.verifyInclusion(-1, n, hashes.get(0), List.of(), root));
        }
    }

    @Test
    void everyConsistencyProofUpTo40LeavesVerifiesAndAnyFlippedByteFails() {
        List<byte[]> hashes = ReferenceTree.leaves(40);
        LeafHashes leaves = LeafHashes.of(hashes);
        for (int n = 1; n <= 40; n++) {
            byte[] newRoot = ReferenceTree.mth(hashes.subList(0, n));
            for (int m = 0; m <= n; m++) {
                byte[] oldRoot = ReferenceTree.mth(hashes.subList(0, m));
                List<byte[]> proof = MerkleTree.consistencyProof(leaves, m, n);
                if (m > 0) {
                    assertEquals(hex(ReferenceTree.proof(m, hashes.subList(0, n))), hex(proof),
                            "PROOF(" + m + ", " + n + ")");
                }
                assertTrue(MerkleProofs.verifyConsistency(m, n, oldRoot, newRoot, proof), "m=" + m + " n=" + n);
                for (int i = 0; i < proof.size(); i++) {
                    for (int b = 0; b < 32; b += 13) {
                        assertFalse(MerkleProofs.verifyConsistency(m, n, oldRoot, newRoot, flipped(proof, i, b)),
                                "flipped byte " + b + " of element " + i + ", m=" + m + " n=" + n);
                    }
                }
                assertFalse(MerkleProofs.verifyConsistency(m, n, flip(oldRoot, 3), newRoot, proof));
                if (m > 0) {
                    assertFalse(MerkleProofs.verifyConsistency(m, n, oldRoot, flip(newRoot, 3), proof));
                }
                if (!proof.isEmpty()) {
                    assertFalse(MerkleProofs.verifyConsistency(m, n, oldRoot, newRoot, proof.subList(0, proof.size() - 1)));
                }
                if (m < n) {
                    List<byte[]> longer = new ArrayList<>(proof);
                    longer.add(newRoot);
                    assertFalse(MerkleProofs.verifyConsistency(m, n, oldRoot, newRoot, longer));
                }
            }
        }
    }

    @Test
    void consistencyVerificationRefusesImpossibleSizes() {
        List<byte[]> hashes = ReferenceTree.leaves(8);
        byte[] root6 = ReferenceTree.mth(hashes.subList(0, 6));
        byte[] root8 = ReferenceTree.mth(hashes);
        assertFalse(MerkleProofs.verifyConsistency(8, 6, root8, root6, List.of()), "a log cannot shrink");
        assertFalse(MerkleProofs.verifyConsistency(8, 8, root6, root8, List.of()), "same size, different roots");
        assertFalse(MerkleProofs.verifyConsistency(8, 8, root8, root8, List.of(root8)), "same size needs no proof");
        assertFalse(MerkleProofs.verifyConsistency(0, 8, root6, root8, List.of()), "only the empty root has size 0");
        assertFalse(MerkleProofs.verifyConsistency(6, 8, root6, root8, List.of()), "an empty proof proves nothing");
        assertFalse(MerkleProofs.verifyConsistency(6, 8, root6, root8, List.of(new byte[31])), "short hash");
    }

    @Test
    void proofRequestsOutsideTheTreeAreRejected() {
        LeafHashes leaves = LeafHashes.of(ReferenceTree.leaves(8));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.inclusionProof(leaves, 8, 8));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.inclusionProof(leaves, 0, 9));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.consistencyProof(leaves, 5, 4));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.rootHash(leaves, 9));
    }

    @Test
    void frontierRejectsAHashCountThatDoesNotMatchItsSize() {
        List<byte[]> two = ReferenceTree.leaves(2);
        assertThrows(IllegalArgumentException.class, () -> MerkleFrontier.of(3, two.subList(0, 1)));
        assertThrows(IllegalArgumentException.class, () -> MerkleFrontier.of(4, two));
        assertEquals(2, MerkleFrontier.of(3, two).hashes().size());
    }

    @Test
    void largestPowerOfTwoBelowIsStrictlySmaller() {
        for (int n = 2; n <= 1100; n++) {
            assertEquals(ReferenceTree.k(n), SubtreePlan.largestPowerOfTwoBelow(n), "n=" + n);
        }
    }

    private static List<byte[]> flipped(List<byte[]> proof, int element, int bit) {
        List<byte[]> copy = new ArrayList<>(proof);
        copy.set(element, flip(proof.get(element), bit));
        return copy;
    }

    private static byte[] flip(byte[] hash, int index) {
        byte[] copy = hash.clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
