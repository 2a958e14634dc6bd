package org.defaulterivr.evidence.merkle;

import java.util.List;

/**
 * A read-only, 0-indexed sequence of leaf hashes: the input of the tree computations in {@link MerkleTree}.
 *
 * <p>An abstraction rather than a list so that the service can back it by its database (or a cache of subtree
 * hashes) once the log is too large to hold in memory.
 */
public interface LeafHashes {

    /** Number of leaves. */
    long size();

    /** The leaf hash at {@code index}, {@code 0 <= index < size()}; callers must not modify the array. */
    byte[] get(long index);

    /** Leaf hashes held in a list; the list is not copied. */
    static LeafHashes of(List<byte[]> hashes) {
        return new LeafHashes() {
            @Override
            public long size() {
                return hashes.size();
            }

            @Override
            public byte[] get(long index) {
                return hashes.get(Math.toIntExact(index));
            }
        };
    }
}
