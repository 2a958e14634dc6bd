package org.defaulterivr.evidence;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.defaulterivr.evidence.merkle.MerkleFrontier;
import org.defaulterivr.evidence.merkle.Subtree;
import org.defaulterivr.evidence.merkle.SubtreePlan;
import org.defaulterivr.evidence.merkle.TreeHasher;

/**
 * The Merkle log's SQL: leaves ({@code log_leaf}), stored perfect subtrees ({@code log_node}) and signed tree heads
 * ({@code tree_head}). Reads work on any client; the appends are the {@link LogSequencer}'s, on its own connection
 * inside its transaction.
 */
public final class LogRepository {
    private static final String HEAD_COLUMNS = "tree_size, root_hash, signed_at, signature";

    private final SqlClient client;

    public LogRepository(SqlClient client) {
        this.client = client;
    }

    // ---- reads

    /** Number of leaves appended so far (records logged, whether or not a signed head covers them yet). */
    public Future<Long> size() {
        return client.query("select coalesce(max(seq) + 1, 0) from log_leaf").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Future<Optional<SignedTreeHead>> latestHead() {
        return client.query("select " + HEAD_COLUMNS + " from tree_head order by tree_size desc limit 1").execute()
                .map(LogRepository::firstHead);
    }

    public Future<Optional<SignedTreeHead>> head(long treeSize) {
        return client.preparedQuery("select " + HEAD_COLUMNS + " from tree_head where tree_size = $1")
                .execute(Tuple.of(treeSize))
                .map(LogRepository::firstHead);
    }

    /** Up to {@code limit} heads of size greater than {@code afterSize}, smallest first. */
    public Future<List<SignedTreeHead>> heads(long afterSize, int limit) {
        return client.preparedQuery("select " + HEAD_COLUMNS
                        + " from tree_head where tree_size > $1 order by tree_size limit $2")
                .execute(Tuple.of(afterSize, limit))
                .map(rows -> {
                    List<SignedTreeHead> heads = new ArrayList<>(rows.size());
                    rows.forEach(row -> heads.add(head(row)));
                    return heads;
                });
    }

    public Future<Optional<LoggedLeaf>> leaf(long seq) {
        return client.preparedQuery("""
                        select seq, occurred_at, node_id, call_id, leaf_hash from log_leaf where seq = $1""")
                .execute(Tuple.of(seq))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(leaf(rows.iterator().next())));
    }

    /** The stored hashes of the given perfect subtrees (leaves at level 0); absent ones are missing from the map. */
    public Future<Map<Subtree, byte[]>> subtrees(Collection<Subtree> wanted) {
        List<Long> leaves = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        List<Long> indexes = new ArrayList<>();
        for (Subtree subtree : wanted) {
            if (subtree.level() == 0) {
                leaves.add(subtree.index());
            } else {
                levels.add(subtree.level());
                indexes.add(subtree.index());
            }
        }
        return client.preparedQuery("""
                        select 0 as level, seq as idx, leaf_hash as hash from log_leaf where seq = any($1)
                        union all
                        select n.level, n.idx, n.hash
                          from log_node n join unnest($2::int[], $3::bigint[]) as w(level, idx)
                               on n.level = w.level and n.idx = w.idx""")
                .execute(Tuple.of(leaves.toArray(Long[]::new), levels.toArray(Integer[]::new),
                        indexes.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Subtree, byte[]> found = new HashMap<>();
                    for (Row row : rows) {
                        found.put(new Subtree(row.getInteger("level"), row.getLong("idx")),
                                row.getBuffer("hash").getBytes());
                    }
                    return found;
                });
    }

    /** The hashes of the planned ranges, from stored subtrees in one query. */
    public Future<List<byte[]>> hashes(List<SubtreePlan.Range> ranges) {
        if (ranges.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return subtrees(SubtreePlan.subtrees(ranges)).map(found -> SubtreePlan.assemble(ranges, found::get));
    }

    /** RFC 9162 inclusion proof of leaf {@code seq} in the tree of {@code treeSize}; the log must hold that many. */
    public Future<List<byte[]>> inclusionProof(long seq, long treeSize) {
        return hashes(SubtreePlan.inclusion(seq, treeSize));
    }

    /** RFC 9162 consistency proof from the tree of {@code fromSize} to the tree of {@code toSize}. */
    public Future<List<byte[]>> consistencyProof(long fromSize, long toSize) {
        return hashes(SubtreePlan.consistency(fromSize, toSize));
    }

    /** The root of the tree of the first {@code treeSize} leaves, from stored subtrees. */
    public Future<byte[]> root(long treeSize) {
        return treeSize == 0 ? Future.succeededFuture(TreeHasher.emptyRoot())
                : hashes(SubtreePlan.root(treeSize)).map(hashes -> hashes.get(0));
    }

    /** The frontier of the tree of {@code treeSize} leaves, from its {@code O(log n)} stored subtrees. */
    public Future<MerkleFrontier> frontier(long treeSize) {
        List<Subtree> pieces = treeSize == 0 ? List.of() : new SubtreePlan.Range(0, treeSize).cover();
        return subtrees(pieces).map(found -> {
            List<byte[]> hashes = new ArrayList<>(pieces.size());
            for (Subtree piece : pieces) {
                byte[] hash = found.get(piece);
                if (hash == null) {
                    throw new IllegalStateException("the log of " + treeSize + " leaves lacks its subtree " + piece);
                }
                hashes.add(hash);
            }
            return MerkleFrontier.of(treeSize, hashes);
        });
    }

    // ---- the sequencer's side

    /** Up to {@code limit} queued records, in order of arrival. */
    Future<List<EvidenceRecord>> pending(int limit) {
        return client.preparedQuery("""
                        select e.*
                          from (select occurred_at, node_id, call_id, stored_at from evidence_pending
                                 order by stored_at, node_id, call_id limit $1) as p
                          -- one primary-key probe per queued record, whatever the planner guesses about the join
                          cross join lateral (select * from evidence_record r
                                               where r.occurred_at = p.occurred_at and r.node_id = p.node_id
                                                 and r.call_id = p.call_id limit 1) as e
                         order by p.stored_at, p.node_id, p.call_id""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<EvidenceRecord> pending = new ArrayList<>(rows.size());
                    rows.forEach(row -> pending.add(EvidenceRepository.fromRow(row)));
                    return pending;
                });
    }

    /**
     * Appends leaves {@code firstSeq, firstSeq + 1, ...} for the records, stores the subtrees they complete and takes
     * the records out of the queue. Run inside a transaction.
     */
    Future<Void> append(long firstSeq, List<EvidenceRecord> records, List<byte[]> leafHashes,
            Map<Subtree, byte[]> completed) {
        int n = records.size();
        Long[] seqs = new Long[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        String[] nodes = new String[n];
        String[] calls = new String[n];
        Buffer[] hashes = new Buffer[n];
        for (int i = 0; i < n; i++) {
            EvidenceRecord record = records.get(i);
            seqs[i] = firstSeq + i;
            times[i] = record.occurredAt().atOffset(ZoneOffset.UTC);
            nodes[i] = record.nodeId();
            calls[i] = record.callId();
            hashes[i] = Buffer.buffer(leafHashes.get(i));
        }
        Integer[] levels = new Integer[completed.size()];
        Long[] indexes = new Long[completed.size()];
        Buffer[] nodeHashes = new Buffer[completed.size()];
        int i = 0;
        for (Map.Entry<Subtree, byte[]> entry : completed.entrySet()) {
            levels[i] = entry.getKey().level();
            indexes[i] = entry.getKey().index();
            nodeHashes[i] = Buffer.buffer(entry.getValue());
            i++;
        }
        return client.preparedQuery("""
                        insert into log_leaf (seq, occurred_at, node_id, call_id, leaf_hash)
                        select * from unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::bytea[])""")
                .execute(Tuple.of(seqs, times, nodes, calls, hashes))
                .compose(v -> completed.isEmpty() ? Future.succeededFuture() : client.preparedQuery("""
                                insert into log_node (level, idx, hash)
                                select * from unnest($1::int[], $2::bigint[], $3::bytea[])""")
                        .execute(Tuple.of(levels, indexes, nodeHashes)))
                .compose(v -> client.preparedQuery("""
                                delete from evidence_pending p
                                 using unnest($1::timestamptz[], $2::text[], $3::text[]) as d(occurred_at, node_id, call_id)
                                 where p.occurred_at = d.occurred_at and p.node_id = d.node_id and p.call_id = d.call_id""")
                        .execute(Tuple.of(times, nodes, calls)))
                .mapEmpty();
    }

    Future<Void> storeHead(SignedTreeHead head) {
        return client.preparedQuery("insert into tree_head (" + HEAD_COLUMNS + ") values ($1, $2, $3, $4)")
                .execute(Tuple.of(head.treeSize(), Buffer.buffer(head.rootHash()),
                        head.timestamp().atOffset(ZoneOffset.UTC), Buffer.buffer(head.signature())))
                .mapEmpty();
    }

    /** Creates the monthly evidence partitions from last month to {@code monthsAhead} months ahead; how many. */
    Future<Integer> ensurePartitions(int monthsAhead) {
        return client.preparedQuery("""
                        select ensure_evidence_partitions(
                            (date_trunc('month', now() at time zone 'UTC') - interval '1 month')::date, $1)""")
                .execute(Tuple.of(monthsAhead + 2))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    // ---- rows

    private static Optional<SignedTreeHead> firstHead(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(head(rows.iterator().next()));
    }

    static SignedTreeHead head(Row row) {
        return new SignedTreeHead(row.getLong("tree_size"), row.getBuffer("root_hash").getBytes(),
                row.getOffsetDateTime("signed_at").toInstant(), row.getBuffer("signature").getBytes());
    }

    static LoggedLeaf leaf(Row row) {
        return new LoggedLeaf(row.getLong("seq"), row.getOffsetDateTime("occurred_at").toInstant(),
                row.getString("node_id"), row.getString("call_id"), row.getBuffer("leaf_hash").getBytes());
    }
}
