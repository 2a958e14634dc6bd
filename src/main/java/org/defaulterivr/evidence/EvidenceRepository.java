package org.defaulterivr.evidence;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.List;

/** The evidence table's SQL. */
public final class EvidenceRepository {
    private final Pool pool;

    public EvidenceRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores records; one already stored (same node and call) is left as it is, so replays are harmless. */
    public Future<Void> insert(List<EvidenceRecord> records) {
        if (records.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Tuple> rows = records.stream().map(r -> Tuple.from(List.of(
                r.nodeId(), r.callId(), r.occurredAt().atOffset(ZoneOffset.UTC), r.calledNumber(),
                r.callerPseudonym(), r.courtCode(), r.caseId(), r.caseNumber(), r.noticeId(), r.noticeSha256(),
                r.outcome().wireName(), r.heardMs(), r.noticeMs()))).toList();
        return pool.preparedQuery("""
                        insert into evidence_record (node_id, call_id, occurred_at, called_number, caller_pseudonym,
                            court_code, case_id, case_number, notice_id, notice_sha256, outcome, heard_ms, notice_ms)
                        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                        on conflict (node_id, call_id) do nothing""")
                .executeBatch(rows)
                .mapEmpty();
    }
}
