package org.defaulterivr.evidence;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.defaulterivr.tlog.NoteSignature;
import org.defaulterivr.tlog.SignedNote;

/**
 * The SQL of checkpoints (V6_1): the signed notes, the per-case index entries they commit to, and the witnesses'
 * cosignatures. Reads work on any client; {@link #store} runs inside the sequencer's transaction.
 */
public final class CheckpointRepository {

    private final SqlClient client;

    public CheckpointRepository(SqlClient client) {
        this.client = client;
    }

    /** A checkpoint as stored: the note with the log's signature, and what its extension line commits to. */
    public record StoredCheckpoint(long treeSize, SignedNote note, byte[] caseIndexRoot, long cases) {
    }

    /** A record's place and case, to rebuild the index from the leaves. */
    record CaseSeq(long seq, long caseId) {
    }

    public Future<Optional<StoredCheckpoint>> latest() {
        return client.query("select tree_size, note, case_index_root, case_count from checkpoint"
                        + " order by tree_size desc limit 1").execute()
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(checkpoint(rows.iterator().next())));
    }

    public Future<Optional<StoredCheckpoint>> checkpoint(long treeSize) {
        return client.preparedQuery("select tree_size, note, case_index_root, case_count from checkpoint"
                        + " where tree_size = $1").execute(Tuple.of(treeSize))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(checkpoint(rows.iterator().next())));
    }

    /** The checkpoint of {@code treeSize} with every cosignature received for it. */
    public Future<Optional<SignedNote>> cosigned(long treeSize) {
        return checkpoint(treeSize).compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.empty())
                : cosignatures(treeSize).map(lines -> Optional.of(found.get().note().with(lines))));
    }

    public Future<List<NoteSignature>> cosignatures(long treeSize) {
        return client.preparedQuery("select signature_line from checkpoint_cosignature where tree_size = $1"
                        + " order by witness").execute(Tuple.of(treeSize))
                .map(rows -> {
                    List<NoteSignature> lines = new ArrayList<>();
                    rows.forEach(row -> lines.add(NoteSignature.parse(row.getString(0))));
                    return lines;
                });
    }

    /** Keeps a witness's (already verified) cosignature of the checkpoint of {@code treeSize}; a repeat is ignored. */
    public Future<Void> storeCosignature(long treeSize, NoteSignature cosignature) {
        return client.preparedQuery("insert into checkpoint_cosignature (tree_size, witness, signature_line)"
                        + " values ($1, $2, $3) on conflict do nothing")
                .execute(Tuple.of(treeSize, cosignature.keyName(), cosignature.line().strip()))
                .mapEmpty();
    }

    /** Every case's entry as of the checkpoint of {@code treeSize}, in ascending case id. */
    public Future<List<CaseIndexEntry>> entriesAsOf(long treeSize) {
        return client.preparedQuery("""
                        select distinct on (case_id) case_id, record_count, latest_seq, seqs_hash
                          from case_index_entry where tree_size <= $1
                         order by case_id, tree_size desc""")
                .execute(Tuple.of(treeSize))
                .map(rows -> {
                    List<CaseIndexEntry> entries = new ArrayList<>(rows.size());
                    rows.forEach(row -> entries.add(new CaseIndexEntry(row.getLong(0), row.getLong(1), row.getLong(2),
                            row.getBuffer(3).getBytes())));
                    return entries;
                });
    }

    /** The seqs of the records of {@code caseId} below {@code treeSize}, ascending. */
    public Future<List<Long>> seqsOfCase(long caseId, long treeSize) {
        return client.preparedQuery("""
                        select l.seq from evidence_record r
                          join log_leaf l on l.occurred_at = r.occurred_at and l.node_id = r.node_id
                                         and l.call_id = r.call_id
                         where r.case_id = $1 and l.seq < $2 order by l.seq""")
                .execute(Tuple.of(caseId, treeSize))
                .map(rows -> {
                    List<Long> seqs = new ArrayList<>(rows.size());
                    rows.forEach(row -> seqs.add(row.getLong(0)));
                    return seqs;
                });
    }

    /** The cases of leaves {@code from} (inclusive) to {@code to} (exclusive), in seq order. */
    Future<List<CaseSeq>> caseSeqs(long from, long to) {
        return client.preparedQuery("""
                        select l.seq, r.case_id from log_leaf l
                          join evidence_record r on r.occurred_at = l.occurred_at and r.node_id = l.node_id
                                                and r.call_id = l.call_id
                         where l.seq >= $1 and l.seq < $2 order by l.seq""")
                .execute(Tuple.of(from, to))
                .map(rows -> {
                    List<CaseSeq> seqs = new ArrayList<>(rows.size());
                    rows.forEach(row -> seqs.add(new CaseSeq(row.getLong(0), row.getLong(1))));
                    return seqs;
                });
    }

    /** Stores a checkpoint and the index entries changed since the one before. */
    Future<Void> store(long treeSize, SignedNote note, byte[] caseIndexRoot, long cases, List<CaseIndexEntry> changed) {
        int n = changed.size();
        Long[] caseIds = new Long[n];
        Long[] counts = new Long[n];
        Long[] latest = new Long[n];
        Buffer[] hashes = new Buffer[n];
        for (int i = 0; i < n; i++) {
            CaseIndexEntry entry = changed.get(i);
            caseIds[i] = entry.caseId();
            counts[i] = entry.count();
            latest[i] = entry.latestSeq();
            hashes[i] = Buffer.buffer(entry.seqsHash());
        }
        return client.preparedQuery("insert into checkpoint (tree_size, note, case_index_root, case_count)"
                        + " values ($1, $2, $3, $4)")
                .execute(Tuple.of(treeSize, note.format(), Buffer.buffer(caseIndexRoot), cases))
                .compose(v -> n == 0 ? Future.succeededFuture() : client.preparedQuery("""
                                insert into case_index_entry (case_id, tree_size, record_count, latest_seq, seqs_hash)
                                select c, $5, n, l, h
                                  from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bytea[]) as e(c, n, l, h)""")
                        .execute(Tuple.of(caseIds, counts, latest, hashes, treeSize)))
                .mapEmpty();
    }

    private static StoredCheckpoint checkpoint(Row row) {
        return new StoredCheckpoint(row.getLong("tree_size"), SignedNote.parse(row.getString("note")),
                row.getBuffer("case_index_root").getBytes(), row.getLong("case_count"));
    }
}
