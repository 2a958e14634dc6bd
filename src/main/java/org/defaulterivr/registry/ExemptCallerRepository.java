package org.defaulterivr.registry;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.defaulterivr.access.Actor;
import org.defaulterivr.access.HistoryRepository;
import org.defaulterivr.index.RegistryRefresher;

/**
 * The global allowlist: callers (emergency and public services) who never hear any notice, kept by admins. Each
 * change notifies every node on {@code exempt_callers_changed}, and the {@link RegistryRefresher} reloads it.
 */
public final class ExemptCallerRepository {
    private final Pool pool;

    public ExemptCallerRepository(Pool pool) {
        this.pool = pool;
    }

    /** One entry: the caller (E.164, or a short code as dialled) and why it is exempt. */
    public record Entry(String caller, String label, String addedAt) {
        public JsonObject toJson() {
            return new JsonObject().put("caller", caller).put("label", label).put("addedAt", addedAt);
        }
    }

    public Future<List<Entry>> list() {
        return pool.query("select * from exempt_caller order by caller").execute().map(rows -> {
            List<Entry> entries = new ArrayList<>();
            for (Row row : rows) {
                entries.add(new Entry(row.getString("caller"), row.getString("label"),
                        row.getOffsetDateTime("added_at").toInstant().toString()));
            }
            return entries;
        });
    }

    /** Adds a caller, or changes its label. */
    public Future<Entry> put(String caller, String label, Actor by) {
        return pool.withTransaction(tx -> tx.preparedQuery("select * from exempt_caller where caller = $1")
                .execute(Tuple.of(caller))
                .compose(before -> tx.preparedQuery("""
                                insert into exempt_caller (caller, label, added_by) values ($1, $2, $3)
                                on conflict (caller) do update set label = excluded.label returning *""")
                        .execute(Tuple.of(caller, label, by.tokenId()))
                        .compose(rows -> {
                            Row row = rows.iterator().next();
                            Entry entry = new Entry(caller, label, row.getOffsetDateTime("added_at").toInstant().toString());
                            JsonObject old = before.size() == 0 ? null
                                    : new JsonObject().put("caller", caller).put("label", before.iterator().next().getString("label"));
                            return HistoryRepository.append(tx, by, "exempt-caller.put", null, null, caller, old,
                                    entry.toJson()).map(entry);
                        })));
    }

    /** Removes a caller from the allowlist; false if it was not on it. */
    public Future<Boolean> remove(String caller, Actor by) {
        return pool.withTransaction(tx -> tx.preparedQuery("delete from exempt_caller where caller = $1 returning label")
                .execute(Tuple.of(caller))
                .compose(rows -> rows.size() == 0 ? Future.succeededFuture(false)
                        : HistoryRepository.append(tx, by, "exempt-caller.remove", null, null, caller,
                                new JsonObject().put("caller", caller).put("label", rows.iterator().next().getString(0)),
                                null).map(true)));
    }
}
