package org.defaulterivr.evidence.query;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Who read personal data, with which query, when and how many records: written before the data leaves the service,
 * so a read that cannot be logged does not happen. The table is append-only.
 */
public final class AccessLog {

    /** One entry. {@code records} is null on the start of a stream; {@code startedId} links a stream's end to it. */
    public record Entry(long id, Instant at, String principal, String action, JsonObject query, Long records,
            String phase, Long startedId) {
    }

    /** A page of entries, oldest first, and the id to continue after (null on the last page). */
    public record Page(List<Entry> entries, Long next) {
    }

    private final Pool pool;

    public AccessLog(Pool pool) {
        this.pool = pool;
    }

    /** A read whose size is known before it is sent. */
    public Future<Long> read(String principal, String action, JsonObject query, long records) {
        return insert(principal, action, query, records, "read", null);
    }

    /** The start of a streamed read; its id is handed to {@link #streamEnded}. */
    public Future<Long> streamStarted(String principal, String action, JsonObject query) {
        return insert(principal, action, query, null, "stream-started", null);
    }

    /** The end of a streamed read: how many records were sent, and whether all of them were. */
    public Future<Long> streamEnded(long startedId, String principal, String action, JsonObject query, long records,
            boolean complete) {
        return insert(principal, action, query, records, complete ? "stream-ended" : "stream-aborted", startedId);
    }

    /** Up to {@code limit} entries after id {@code afterId}, optionally of one principal. */
    public Future<Page> list(long afterId, int limit, String principal) {
        String sql = "select id, at, principal, action, query::text as query, records, phase, started_id"
                + " from access_log where id > $1" + (principal == null ? "" : " and principal = $3")
                + " order by id limit $2";
        Tuple arguments = principal == null ? Tuple.of(afterId, limit + 1) : Tuple.of(afterId, limit + 1, principal);
        return pool.preparedQuery(sql).execute(arguments).map(rows -> {
            List<Entry> entries = new ArrayList<>(rows.size());
            rows.forEach(row -> entries.add(entry(row)));
            Long next = null;
            if (entries.size() > limit) {
                entries.remove(limit);
                next = entries.get(limit - 1).id();
            }
            return new Page(entries, next);
        });
    }

    private Future<Long> insert(String principal, String action, JsonObject query, Long records, String phase,
            Long startedId) {
        return pool.preparedQuery("""
                        insert into access_log (principal, action, query, records, phase, started_id)
                        values ($1, $2, $3::text::jsonb, $4, $5, $6) returning id""")
                .execute(Tuple.of(principal, action, query.encode(), records, phase, startedId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static Entry entry(Row row) {
        return new Entry(row.getLong("id"), row.getOffsetDateTime("at").toInstant(), row.getString("principal"),
                row.getString("action"), new JsonObject(row.getString("query")), row.getLong("records"),
                row.getString("phase"), row.getLong("started_id"));
    }
}
