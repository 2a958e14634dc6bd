package org.defaulterivr.evidence;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.List;

/** The evidence table's SQL. */
public final class EvidenceRepository {
    private final Pool pool;

    public EvidenceRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores records, each with its place in the sequencer's queue; one already stored (same time, node and call: a
     * spool replay carries the identical record) is left as it is, and not queued again, so replays are harmless.
     */
    public Future<Void> insert(List<EvidenceRecord> records) {
        if (records.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Tuple> rows = records.stream().map(r -> {
            Provenance p = r.provenance();
            Tuple row = Tuple.from(List.of(
                    r.nodeId(), r.callId(), r.occurredAt().atOffset(ZoneOffset.UTC), r.calledNumber(),
                    r.callerPseudonym(), r.courtCode(), r.caseId(), r.caseNumber(), r.noticeId(), r.noticeSha256(),
                    r.outcome().wireName(), r.heardMs(), r.noticeMs(), (short) r.leafVersion()));
            return row.addValue(p == null ? null : p.asteriskHost())
                    .addValue(p == null ? null : p.channel())
                    .addValue(p == null ? null : p.listingVersion())
                    .addValue(p == null ? null : p.probe());
        }).toList();
        return pool.preparedQuery("""
                        with stored as (
                            insert into evidence_record (node_id, call_id, occurred_at, called_number,
                                caller_pseudonym, court_code, case_id, case_number, notice_id, notice_sha256, outcome,
                                heard_ms, notice_ms, leaf_version, asterisk_host, channel, listing_version, probe)
                            values ($1, $2, $3, $4, $5, $6, $7,
                                -- the call path's index keeps no case numbers; a case id's number never changes
                                coalesce(nullif($8, ''), (select c.case_number from defaulter_case c where c.id = $7), ''),
                                $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
                            on conflict (occurred_at, node_id, call_id) do nothing
                            returning occurred_at, node_id, call_id, stored_at)
                        insert into evidence_pending (occurred_at, node_id, call_id, stored_at)
                        select occurred_at, node_id, call_id, stored_at from stored""")
                .executeBatch(rows)
                .mapEmpty();
    }

    /** The record in a row holding the columns of {@code evidence_record}. */
    public static EvidenceRecord fromRow(Row row) {
        return new EvidenceRecord(
                row.getString("node_id"),
                row.getString("call_id"),
                row.getOffsetDateTime("occurred_at").toInstant(),
                row.getString("called_number"),
                row.getString("caller_pseudonym"),
                row.getString("court_code"),
                row.getLong("case_id"),
                row.getString("case_number"),
                row.getLong("notice_id"),
                row.getString("notice_sha256"),
                NoticeOutcome.fromWireName(row.getString("outcome")),
                row.getLong("heard_ms"),
                row.getLong("notice_ms"),
                provenance(row));
    }

    private static Provenance provenance(Row row) {
        Short version = row.getShort("leaf_version");
        if (version == null || version < 2) {
            return null;
        }
        return new Provenance(row.getString("asterisk_host"), row.getString("channel"),
                row.getLong("listing_version"), row.getBoolean("probe"));
    }
}
