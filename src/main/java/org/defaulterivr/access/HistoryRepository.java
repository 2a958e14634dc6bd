package org.defaulterivr.access;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The registry's history: one row per change, written in the same transaction as the change, never updated or
 * deleted (the table's triggers refuse both).
 */
public final class HistoryRepository {
    private final Pool pool;

    public HistoryRepository(Pool pool) {
        this.pool = pool;
    }

    /** Appends one entry through {@code client}, which is the change's own transaction. */
    public static Future<Void> append(SqlClient client, Actor actor, String action, Long courtId, Long caseId,
            String subject, JsonObject before, JsonObject after) {
        return client.preparedQuery("""
                        insert into registry_history (actor_token_id, actor, actor_role, action, court_id, case_id,
                            subject, before, after)
                        values ($1, $2, $3, $4, $5, $6, $7, $8, $9)""")
                .execute(Tuple.from(Arrays.asList(actor.tokenId(), actor.label(), actor.role().wireName(), action,
                        courtId, caseId, subject, before, after)))
                .mapEmpty();
    }

    /**
     * Entries oldest first, after the entry {@code afterId}, at most {@code limit}; filtered by case and court when
     * those are not null.
     */
    public Future<List<HistoryEntry>> list(Long caseId, Long courtId, long afterId, int limit) {
        return pool.preparedQuery("""
                        select * from registry_history
                         where id > $1 and ($2::bigint is null or case_id = $2) and ($3::bigint is null or court_id = $3)
                         order by id limit $4""")
                .execute(Tuple.of(afterId, caseId, courtId, limit))
                .map(rows -> {
                    List<HistoryEntry> entries = new ArrayList<>();
                    for (Row row : rows) {
                        entries.add(new HistoryEntry(row.getLong("id"), row.getOffsetDateTime("at").toInstant(),
                                row.getLong("actor_token_id"), row.getString("actor"), row.getString("actor_role"),
                                row.getString("action"), row.getLong("court_id"), row.getLong("case_id"),
                                row.getString("subject"), json(row, "before"), json(row, "after")));
                    }
                    return entries;
                });
    }

    private static JsonObject json(Row row, String column) {
        Object value = row.getValue(column);
        return value instanceof JsonObject object ? object : null;
    }
}
