package org.defaulterivr.evidence;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.defaulterivr.evidence.merkle.TreeHasher;

/**
 * The log's signed statement "the first {@code treeSize} records have Merkle root {@code rootHash}", made at
 * {@code timestamp}. The signature is Ed25519 over {@link #signedBytes()}:
 *
 * <pre>
 *   "defaulter-ivr tree head v1\n"   27 ASCII bytes, so the key signs nothing else by accident
 *   treeSize                          8 bytes, big-endian
 *   timestamp                         8 bytes, big-endian, milliseconds since 1970-01-01T00:00:00Z
 *   rootHash                          32 bytes
 * </pre>
 *
 * <p>The timestamp is kept to the millisecond (anything finer is dropped on construction), since only milliseconds
 * are signed.
 */
public record SignedTreeHead(long treeSize, byte[] rootHash, Instant timestamp, byte[] signature) {

    /** The domain-separation prefix of the signed bytes. */
    public static final String SIGNED_PREFIX = "defaulter-ivr tree head v1\n";

    private static final byte[] PREFIX_BYTES = SIGNED_PREFIX.getBytes(StandardCharsets.US_ASCII);

    public SignedTreeHead {
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size must not be negative: " + treeSize);
        }
        Objects.requireNonNull(rootHash, "rootHash");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(signature, "signature");
        if (rootHash.length != TreeHasher.HASH_SIZE) {
            throw new IllegalArgumentException("a root hash has " + TreeHasher.HASH_SIZE + " bytes, not " + rootHash.length);
        }
        rootHash = rootHash.clone();
        timestamp = timestamp.truncatedTo(ChronoUnit.MILLIS);
        signature = signature.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The bytes the signature covers. */
    public byte[] signedBytes() {
        return signedBytes(treeSize, rootHash, timestamp);
    }

    /** The bytes a tree head with these values is signed over; see the class comment. */
    public static byte[] signedBytes(long treeSize, byte[] rootHash, Instant timestamp) {
        return ByteBuffer.allocate(PREFIX_BYTES.length + 8 + 8 + rootHash.length)
                .put(PREFIX_BYTES)
                .putLong(treeSize)
                .putLong(timestamp.toEpochMilli())
                .put(rootHash)
                .array();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedTreeHead that
                && treeSize == that.treeSize
                && Arrays.equals(rootHash, that.rootHash)
                && timestamp.equals(that.timestamp)
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(treeSize, Arrays.hashCode(rootHash), timestamp, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "SignedTreeHead[treeSize=" + treeSize + ", rootHash=" + HexFormat.of().formatHex(rootHash)
                + ", timestamp=" + timestamp + "]";
    }
}
