package org.defaulterivr.evidence.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hash functions of an RFC 9162 (Certificate Transparency v2) Merkle tree with SHA-256.
 *
 * <p>Leaves and interior nodes are hashed with different one-byte prefixes (0x00, 0x01) so that no leaf can be passed
 * off as an interior node or the reverse (RFC 9162 §2.1.1).
 */
public final class TreeHasher {

    /** Every hash in the tree is a SHA-256 digest of this many bytes. */
    public static final int HASH_SIZE = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private TreeHasher() {
    }

    /** MTH({}) = SHA-256 of the empty string: the root of a tree with no leaves. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** SHA-256(0x00 || data): the hash of a leaf whose entry is {@code data}. */
    public static byte[] leafHash(byte[] data) {
        MessageDigest digest = sha256();
        digest.update(LEAF_PREFIX);
        digest.update(data);
        return digest.digest();
    }

    /** SHA-256(0x01 || left || right): the hash of an interior node. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest digest = sha256();
        digest.update(NODE_PREFIX);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /** Constant-time equality of two hashes; false if either is null. */
    public static boolean same(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
