package org.defaulterivr.evidence.merkle;

/**
 * A perfect subtree of the log's tree: the {@code 2^level} leaves {@code [index * 2^level, (index + 1) * 2^level)}.
 * Once its last leaf is appended its hash never changes, so the service stores it and builds proofs from it.
 */
public record Subtree(int level, long index) {

    public Subtree {
        if (level < 0 || level > 62 || index < 0 || index > (Long.MAX_VALUE >> level) - 1) {
            throw new IllegalArgumentException("no perfect subtree at level " + level + ", index " + index);
        }
    }

    /** The first leaf it covers. */
    public long start() {
        return index << level;
    }

    /** One past the last leaf it covers. */
    public long end() {
        return (index + 1) << level;
    }
}
