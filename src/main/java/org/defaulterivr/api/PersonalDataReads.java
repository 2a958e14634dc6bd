package org.defaulterivr.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.defaulterivr.access.Actor;
import org.defaulterivr.evidence.query.AccessLog;

/**
 * Reads of the registry's personal data (cases, number searches, the history, notice wording) go to the same access
 * log as evidence reads, written before the answer leaves: a read that cannot be logged fails and sends nothing.
 * The entry keeps who read (token id and label), what (path and query parameters) and how many records.
 */
public final class PersonalDataReads {
    private final AccessLog accessLog;

    public PersonalDataReads(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    /** Logs the read and then yields {@code result}; fails (sending nothing) if the entry cannot be written. */
    public <T> Future<T> logged(RoutingContext ctx, Actor actor, String action, long records, T result) {
        return accessLog.read(principal(actor), action, query(ctx), records).map(result);
    }

    static String principal(Actor actor) {
        return "token " + actor.tokenId() + " (" + actor.label() + ")";
    }

    private static JsonObject query(RoutingContext ctx) {
        JsonObject params = new JsonObject();
        ctx.queryParams().forEach(entry -> params.put(entry.getKey(), entry.getValue()));
        return new JsonObject().put("path", ctx.request().path()).put("params", params);
    }
}
