package org.defaulterivr.evidence;

import java.util.List;

/** One line of an evidence export, as {@link ExportLineParser} reads it. */
sealed interface ExportLine {

    /** The first line: which format, version and scope the export is. {@code scope} is null if not one we know. */
    record Header(String format, long version, ExportScope scope) implements ExportLine {
    }

    /**
     * A record at {@code seq}; {@code storedLeafHash} is null when the line carries none; {@code unsignedFields} are
     * the line's fields that the leaf hash does not cover, which nothing vouches for.
     */
    record RecordLine(long seq, EvidenceRecord record, byte[] storedLeafHash, List<String> unsignedFields)
            implements ExportLine {
    }

    /** The signed checkpoint note of the tree of {@code treeSize}, with cosignatures. */
    record CheckpointLine(long treeSize, org.defaulterivr.tlog.SignedNote note) implements ExportLine {
    }

    /** A case's entry in the per-case index of the checkpoint of {@code treeSize}, with its inclusion proof. */
    record CaseIndexLine(long treeSize, long caseId, long count, long latestSeq, List<Long> seqs, long index,
            long indexSize, List<byte[]> proof) implements ExportLine {
    }

    record TreeHeadLine(SignedTreeHead head) implements ExportLine {
    }

    record ConsistencyLine(long fromSize, long toSize, List<byte[]> proof) implements ExportLine {
    }

    record InclusionLine(long seq, long treeSize, List<byte[]> proof) implements ExportLine {
    }

    /** Facts that come with the records but that no head signs; only its form is checked. */
    record ContextLine(String kind) implements ExportLine {
    }
}
