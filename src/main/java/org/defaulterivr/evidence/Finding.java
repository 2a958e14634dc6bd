package org.defaulterivr.evidence;

import java.util.Objects;

/**
 * One problem the {@link EvidenceVerifier} found in an export.
 *
 * @param kind       what is wrong
 * @param seqOrSize  what it is wrong with: a record's seq, a tree head's size or a line number, as {@link Kind} says;
 *                   -1 on the closing count of a kind with too many findings to list
 * @param message    a sentence naming exactly what is wrong, for people
 */
public record Finding(Kind kind, long seqOrSize, String message) {

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    /** The kinds of problem; each says what {@link #seqOrSize} holds. */
    public enum Kind {
        /** The first line is not a header of a format and version this verifier reads; nothing else was checked. Line number. */
        UNSUPPORTED_FORMAT,
        /** A line is not valid JSON, lacks a field, has a value of the wrong form, or refers to something absent. Line number. */
        MALFORMED,
        /** A record's fields and seq do not give its stored leaf hash: it was changed after it was logged. Seq. */
        RECORD_ALTERED,
        /** No record with this seq although a later record or a tree head implies one (removed); the first of a run. Seq. */
        RECORD_MISSING,
        /** A seq appears on more than one record line (a record inserted); the later lines are ignored. Seq. */
        RECORD_DUPLICATED,
        /** A record comes after a record with a larger seq (records reordered). Seq of the late record. */
        RECORD_OUT_OF_ORDER,
        /** A record no validly signed tree head vouches for; in a full export the first of a run. Seq. */
        RECORD_NOT_COVERED,
        /** The export holds no signed tree head at all, so nothing in it is vouched for. Always 0. */
        NO_TREE_HEAD,
        /** A tree head's signature does not verify with the public key. Tree size. */
        HEAD_BAD_SIGNATURE,
        /** A tree head's root is not the root of the exported records 0..size-1, or they are incomplete. Tree size. */
        HEAD_ROOT_MISMATCH,
        /** Two tree heads cannot both be true of one append-only log; the message names both. The larger tree size. */
        HEADS_INCONSISTENT,
        /** An inclusion proof does not show its record in its tree head, or cannot be checked. Seq. */
        INCLUSION_PROOF_FAILED,
        /** A record line has a field its leaf hash does not cover (added after logging, vouched for by nothing). Seq. */
        UNSIGNED_FIELD,
        /** A checkpoint's log signature does not verify, or it contradicts the tree head of its size. Tree size. */
        CHECKPOINT_INVALID,
        /** A given witness has no valid cosignature on the checkpoint of the largest tree head. Tree size. */
        COSIGNATURE_MISSING,
        /** A case index line does not verify against its signed checkpoint, or contradicts the records. Case id. */
        CASE_INDEX_INVALID,
        /** A record the signed case index lists is not in the bundle (the bundle is incomplete), or a selection export
         *  has no case index to show it complete. Seq, or the case id. */
        CASE_RECORD_MISSING
    }
}
