package org.defaulterivr.evidence;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.defaulterivr.evidence.merkle.TreeHasher;

/**
 * One case's entry in the per-case index a checkpoint commits to: how many records of the case the log holds below the
 * checkpoint's size, the seq of the latest, and a hash chain over all their seqs in order, so that anyone holding the
 * list of seqs can check it is the complete one:
 *
 * <pre>
 *   seqsHash(0 records) = 32 zero bytes
 *   seqsHash(s1..sk)    = SHA-256(seqsHash(s1..sk-1) || i64 sk)
 *   leaf                = SHA-256(0x00 || i64 caseId || i64 count || i64 latestSeq || seqsHash)   (RFC 9162 leaf hash)
 * </pre>
 *
 * <p>The index is the RFC 9162 Merkle tree of these leaves in ascending {@code caseId}.
 */
public record CaseIndexEntry(long caseId, long count, long latestSeq, byte[] seqsHash) {

    private static final byte[] NO_SEQS = new byte[32];

    public CaseIndexEntry {
        if (count <= 0 || latestSeq < 0 || seqsHash.length != 32) {
            throw new IllegalArgumentException("a case index entry has at least one record, a seq and a 32-byte hash");
        }
        seqsHash = seqsHash.clone();
    }

    /** The entry of a case whose first record gets {@code seq}. */
    public static CaseIndexEntry first(long caseId, long seq) {
        return new CaseIndexEntry(caseId, 1, seq, chain(NO_SEQS, seq));
    }

    /** This entry after the case's next record got {@code seq}. */
    public CaseIndexEntry next(long seq) {
        if (seq <= latestSeq) {
            throw new IllegalArgumentException("seq " + seq + " does not follow " + latestSeq);
        }
        return new CaseIndexEntry(caseId, count + 1, seq, chain(seqsHash, seq));
    }

    /** The entry of a case whose records have these seqs, ascending; null if none. */
    public static CaseIndexEntry of(long caseId, List<Long> seqs) {
        CaseIndexEntry entry = null;
        for (long seq : seqs) {
            entry = entry == null ? first(caseId, seq) : entry.next(seq);
        }
        return entry;
    }

    @Override
    public byte[] seqsHash() {
        return seqsHash.clone();
    }

    /** The entry's leaf hash in the index tree. */
    public byte[] leafHash() {
        return TreeHasher.leafHash(ByteBuffer.allocate(24 + 32).putLong(caseId).putLong(count).putLong(latestSeq)
                .put(seqsHash).array());
    }

    private static byte[] chain(byte[] previous, long seq) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(previous);
            return sha256.digest(ByteBuffer.allocate(8).putLong(seq).array());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CaseIndexEntry that && caseId == that.caseId && count == that.count
                && latestSeq == that.latestSeq && Arrays.equals(seqsHash, that.seqsHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(caseId, count, latestSeq, Arrays.hashCode(seqsHash));
    }
}
