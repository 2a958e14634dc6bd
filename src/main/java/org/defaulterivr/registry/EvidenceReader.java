package org.defaulterivr.registry;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Reads the evidence the call path wrote: for auditors, and to seed the memory of who heard which notice. */
public final class EvidenceReader {
    private final Pool pool;

    public EvidenceReader(Pool pool) {
        this.pool = pool;
    }

    /** A caller (by pseudonym) heard a case's notice at a time. */
    public record Hearing(long caseId, String callerPseudonym, Instant at) {
    }

    /** Notices played or partly heard since {@code since} by callers with a number, oldest first. */
    public Future<List<Hearing>> hearingsSince(Instant since) {
        return pool.preparedQuery("""
                        select case_id, caller_pseudonym, occurred_at from evidence_record
                         where occurred_at > $1 and outcome in ('played', 'partial') and caller_pseudonym <> 'anonymous'
                         order by occurred_at""")
                .execute(Tuple.of(since.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<Hearing> hearings = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        hearings.add(new Hearing(row.getLong(0), row.getString(1),
                                row.getOffsetDateTime(2).toInstant()));
                    }
                    return hearings;
                });
    }

    /** Evidence records of one case (or all cases when null), in the order they occurred, for auditors. */
    public Future<List<JsonObject>> records(Long caseId, int offset, int limit) {
        return pool.preparedQuery("""
                        select * from evidence_record where ($1::bigint is null or case_id = $1)
                         order by occurred_at, node_id, call_id offset $2 limit $3""")
                .execute(Tuple.of(caseId, offset, limit))
                .map(rows -> {
                    List<JsonObject> records = new ArrayList<>();
                    for (Row row : rows) {
                        records.add(new JsonObject()
                                .put("node", row.getString("node_id"))
                                .put("call", row.getString("call_id"))
                                .put("occurredAt", row.getOffsetDateTime("occurred_at").toInstant().toString())
                                .put("calledNumber", row.getString("called_number"))
                                .put("caller", row.getString("caller_pseudonym"))
                                .put("court", row.getString("court_code"))
                                .put("caseId", row.getLong("case_id"))
                                .put("caseNumber", row.getString("case_number"))
                                .put("noticeId", row.getLong("notice_id"))
                                .put("noticeSha256", row.getString("notice_sha256"))
                                .put("outcome", row.getString("outcome"))
                                .put("heardMs", row.getLong("heard_ms"))
                                .put("noticeMs", row.getLong("notice_ms")));
                    }
                    return records;
                });
    }
}
