package org.defaulterivr.api.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.defaulterivr.evidence.query.AccessLog;
import org.defaulterivr.evidence.query.AuditRepository;
import org.defaulterivr.evidence.query.EvidenceFilter;
import org.defaulterivr.evidence.query.SearchCursor;

/** Evidence search: keyset pages of records by court, case, number, time and outcome. */
final class SearchRoutes {
    private final AuditRepository evidence;
    private final AccessLog accessLog;
    private final AuditAccess access;

    SearchRoutes(AuditRepository evidence, AccessLog accessLog, AuditAccess access) {
        this.evidence = evidence;
        this.accessLog = accessLog;
        this.access = access;
    }

    void search(RoutingContext ctx) {
        AuditParams p = new AuditParams(ctx);
        EvidenceFilter filter = p.filter();
        int limit = p.limit();
        SearchCursor after = p.cursor();
        p.check();
        evidence.search(filter, after, limit)
                .compose(page -> accessLog.read(access.principal().apply(ctx), "evidence.search", AuditJson.query(ctx),
                        page.records().size()).map(page))
                .onSuccess(page -> {
                    JsonArray records = new JsonArray();
                    page.records().forEach(r -> records.add(AuditJson.evidenceJson(r)));
                    AuditJson.json(ctx, new JsonObject().put("records", records)
                            .put("next", page.next() == null ? null : page.next().encode()));
                })
                .onFailure(ctx::fail);
    }
}
