package org.defaulterivr.evidence.query;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.defaulterivr.evidence.EvidenceRepository;

/**
 * What auditors read: evidence searched by court, case, number, time and outcome (keyset pages or a streamed cursor),
 * the log's records in seq order, notice statistics, and a case's registry facts. Read only.
 */
public final class AuditRepository {
    /** Rows fetched per cursor round trip while streaming. */
    static final int FETCH = 500;

    private static final String SELECT = """
            select e.*, l.seq, l.leaf_hash
              from evidence_record e
              left join log_leaf l
                on l.occurred_at = e.occurred_at and l.node_id = e.node_id and l.call_id = e.call_id
            """;
    private static final String ORDER = " order by e.occurred_at, e.node_id, e.call_id";
    /** Leaves with their records, one primary-key probe per leaf; a leaf whose record is gone is left out. */
    private static final String LOGGED = """
            select e.*, l.seq, l.leaf_hash
              from log_leaf l
              cross join lateral (select * from evidence_record r
                                   where r.occurred_at = l.occurred_at and r.node_id = l.node_id
                                     and r.call_id = l.call_id limit 1) as e
            """;
    /** Calls made by the probe command are counted apart: they are tests, not callers told of a judgment. */
    private static final String STATS = """
            select count(*) filter (where probe is not true) as attempted,
                   count(*) filter (where outcome = 'played' and probe is not true) as played,
                   count(*) filter (where outcome = 'partial' and probe is not true) as partial,
                   count(*) filter (where outcome = 'hung_up' and probe is not true) as hung_up,
                   count(*) filter (where outcome = 'failed' and probe is not true) as failed,
                   count(*) filter (where outcome = 'unknown' and probe is not true) as unknown,
                   count(distinct caller_pseudonym)
                       filter (where outcome in ('played', 'partial') and caller_pseudonym <> 'anonymous'
                               and probe is not true)
                       as callers_reached,
                   count(*) filter (where outcome in ('played', 'partial') and caller_pseudonym = 'anonymous'
                                    and probe is not true)
                       as anonymous_reached,
                   count(*) filter (where probe) as probes,
                   min(occurred_at) filter (where probe is not true) as first,
                   max(occurred_at) filter (where probe is not true) as last
              from evidence_record
            """;

    private final Pool pool;

    public AuditRepository(Pool pool) {
        this.pool = pool;
    }

    /** Up to {@code limit} records matching {@code filter} after {@code after} (null: from the start). */
    public Future<EvidencePage> search(EvidenceFilter filter, SearchCursor after, int limit) {
        Query query = where(filter);
        if (after != null) {
            query.condition("(e.occurred_at, e.node_id, e.call_id) > ($%d, $%d, $%d)",
                    utc(after.occurredAt()), after.nodeId(), after.callId());
        }
        String sql = SELECT + query.sql() + ORDER + " limit " + (limit + 1);
        return pool.preparedQuery(sql).execute(query.arguments()).map(rows -> {
            List<LoggedEvidence> records = new ArrayList<>(rows.size());
            rows.forEach(row -> records.add(logged(row)));
            SearchCursor next = null;
            if (records.size() > limit) {
                records.remove(limit);
                var last = records.get(limit - 1).record();
                next = new SearchCursor(last.occurredAt(), last.nodeId(), last.callId());
            }
            return new EvidencePage(records, next);
        });
    }

    /** Every record matching {@code filter}, in search order, streamed. */
    public Future<RecordStream<LoggedEvidence>> stream(EvidenceFilter filter) {
        Query query = where(filter);
        return RowRecordStream.open(pool, SELECT + query.sql() + ORDER, query.arguments(), FETCH,
                AuditRepository::logged);
    }

    /** The records of seq {@code fromSeq} to {@code treeSize - 1} that the database still holds, in seq order, streamed. */
    public Future<RecordStream<LoggedEvidence>> logRecords(long fromSeq, long treeSize) {
        return RowRecordStream.open(pool, LOGGED + " where l.seq >= $1 and l.seq < $2 order by l.seq",
                Tuple.of(fromSeq, treeSize), FETCH, AuditRepository::logged);
    }

    /** The logged records of one case below {@code treeSize}, in seq order, streamed. */
    public Future<RecordStream<LoggedEvidence>> caseRecords(long caseId, long treeSize) {
        // from the case's records (by the case index) to their leaves, not the other way round
        return RowRecordStream.open(pool, """
                        select e.*, l.seq, l.leaf_hash
                          from evidence_record e
                          join log_leaf l
                            on l.occurred_at = e.occurred_at and l.node_id = e.node_id and l.call_id = e.call_id
                         where e.case_id = $1 and l.seq < $2
                         order by l.seq""",
                Tuple.of(caseId, treeSize), FETCH, AuditRepository::logged);
    }

    public Future<NoticeStats> caseStats(long caseId) {
        return stats(STATS + " where case_id = $1", Tuple.of(caseId));
    }

    public Future<NoticeStats> courtStats(String courtCode) {
        return stats(STATS + " where court_code = $1", Tuple.of(courtCode));
    }

    /** The registry's facts of a case (court, number, status, validity, amount, numbers); not the debtor's identity. */
    public Future<Optional<JsonObject>> caseFacts(long caseId) {
        return pool.preparedQuery("""
                        select jsonb_build_object(
                                 'caseId', c.id, 'courtCode', ct.code, 'courtName', ct.name,
                                 'caseNumber', c.case_number, 'legalBasis', c.legal_basis, 'status', c.status,
                                 'amount', c.amount, 'currency', c.currency,
                                 'validFrom', c.valid_from, 'validUntil', c.valid_until, 'noticeId', c.notice_id,
                                 'createdAt', c.created_at, 'updatedAt', c.updated_at,
                                 'numbers', (select coalesce(jsonb_agg(n.e164 order by n.e164), '[]'::jsonb)
                                               from listed_number n where n.case_id = c.id))::text as facts
                          from defaulter_case c join court ct on ct.id = c.court_id
                         where c.id = $1""")
                .execute(Tuple.of(caseId))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(new JsonObject(rows.iterator().next().getString("facts"))));
    }

    /** Every notice version the case has pointed to or played, with the SHA-256 of its audio. */
    public Future<List<JsonObject>> caseNotices(long caseId) {
        return pool.preparedQuery("""
                        select jsonb_build_object(
                                 'noticeId', n.id, 'courtCode', ct.code, 'sha256', n.sha256,
                                 'durationMs', n.duration_ms, 'source', n.source, 'spokenText', n.spoken_text,
                                 'createdAt', n.created_at)::text as notice
                          from notice n join court ct on ct.id = n.court_id
                         where n.id = (select notice_id from defaulter_case where id = $1)
                            or n.id in (select distinct notice_id from evidence_record where case_id = $1)
                         order by n.id""")
                .execute(Tuple.of(caseId))
                .map(rows -> {
                    List<JsonObject> notices = new ArrayList<>(rows.size());
                    rows.forEach(row -> notices.add(new JsonObject(row.getString("notice"))));
                    return notices;
                });
    }

    /**
     * The case's registry history, oldest first, if the database has a {@code registry_history} table with a
     * {@code case_id} column (the court registry's change log); empty if it has none. Each entry is the row as JSON,
     * ordered by the table's first column.
     */
    public Future<Optional<List<JsonObject>>> registryHistory(long caseId) {
        return pool.query("""
                        select column_name from information_schema.columns
                         where table_schema = current_schema() and table_name = 'registry_history'
                         order by ordinal_position""").execute()
                .compose(columns -> {
                    List<String> names = new ArrayList<>();
                    columns.forEach(row -> names.add(row.getString(0)));
                    if (!names.contains("case_id")) {
                        return Future.succeededFuture(Optional.empty());
                    }
                    String order = "\"" + names.get(0).replace("\"", "\"\"") + "\"";
                    return pool.preparedQuery("select to_jsonb(h)::text as entry from registry_history h"
                                    + " where h.case_id = $1 order by h." + order)
                            .execute(Tuple.of(caseId))
                            .map(rows -> {
                                List<JsonObject> entries = new ArrayList<>(rows.size());
                                rows.forEach(row -> entries.add(new JsonObject(row.getString("entry"))));
                                return Optional.of(entries);
                            });
                });
    }

    private Future<NoticeStats> stats(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).map(rows -> {
            Row row = rows.iterator().next();
            OffsetDateTime first = row.getOffsetDateTime("first");
            OffsetDateTime last = row.getOffsetDateTime("last");
            return new NoticeStats(row.getLong("attempted"), row.getLong("played"), row.getLong("partial"),
                    row.getLong("hung_up"), row.getLong("failed"), row.getLong("unknown"),
                    row.getLong("callers_reached"), row.getLong("anonymous_reached"), row.getLong("probes"),
                    first == null ? null : first.toInstant(), last == null ? null : last.toInstant());
        });
    }

    private static Query where(EvidenceFilter filter) {
        Query query = new Query();
        if (filter.courtCode() != null) {
            query.condition("e.court_code = $%d", filter.courtCode());
        }
        if (filter.caseId() != null) {
            query.condition("e.case_id = $%d", filter.caseId());
        }
        if (filter.calledNumber() != null) {
            query.condition("e.called_number = $%d", filter.calledNumber());
        }
        if (filter.from() != null) {
            query.condition("e.occurred_at >= $%d", utc(filter.from()));
        }
        if (filter.to() != null) {
            query.condition("e.occurred_at < $%d", utc(filter.to()));
        }
        if (filter.outcome() != null) {
            query.condition("e.outcome = $%d", filter.outcome().wireName());
        }
        return query;
    }

    static LoggedEvidence logged(Row row) {
        Long seq = row.getLong("seq");
        Buffer leaf = row.getBuffer("leaf_hash");
        return new LoggedEvidence(EvidenceRepository.fromRow(row), seq, leaf == null ? null : leaf.getBytes());
    }

    private static OffsetDateTime utc(java.time.Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** A WHERE clause built from the filters present, with $n parameters numbered as they are added. */
    private static final class Query {
        private final List<String> conditions = new ArrayList<>();
        private final List<Object> arguments = new ArrayList<>();

        void condition(String template, Object... values) {
            Object[] numbers = new Object[values.length];
            for (int i = 0; i < values.length; i++) {
                arguments.add(values[i]);
                numbers[i] = arguments.size();
            }
            conditions.add(String.format(template, numbers));
        }

        String sql() {
            return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        }

        Tuple arguments() {
            return Tuple.from(arguments);
        }
    }
}
