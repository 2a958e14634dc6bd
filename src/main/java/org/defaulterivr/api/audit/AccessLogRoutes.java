package org.defaulterivr.api.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.defaulterivr.evidence.query.AccessLog;

/** The access log: who read personal data, with which query, when and how many records. */
final class AccessLogRoutes {
    private final AccessLog accessLog;
    private final AuditAccess access;

    AccessLogRoutes(AccessLog accessLog, AuditAccess access) {
        this.accessLog = accessLog;
        this.access = access;
    }

    void accessLogPage(RoutingContext ctx) {
        AuditParams p = new AuditParams(ctx);
        long after = p.size("after", 0);
        int limit = p.limit();
        String principal = ctx.request().getParam("principal");
        p.check();
        accessLog.list(after, limit, principal)
                .compose(page -> accessLog.read(access.principal().apply(ctx), "access-log.read", AuditJson.query(ctx),
                        page.entries().size()).map(page))
                .onSuccess(page -> {
                    JsonArray entries = new JsonArray();
                    page.entries().forEach(e -> entries.add(new JsonObject()
                            .put("id", e.id())
                            .put("at", e.at().toString())
                            .put("principal", e.principal())
                            .put("action", e.action())
                            .put("query", e.query())
                            .put("records", e.records())
                            .put("phase", e.phase())
                            .put("startedId", e.startedId())));
                    AuditJson.json(ctx, new JsonObject().put("entries", entries).put("next", page.next()));
                })
                .onFailure(ctx::fail);
    }
}
