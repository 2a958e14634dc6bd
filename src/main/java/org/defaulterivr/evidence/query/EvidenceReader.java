package org.defaulterivr.evidence.query;

import io.vertx.core.Future;
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

}
