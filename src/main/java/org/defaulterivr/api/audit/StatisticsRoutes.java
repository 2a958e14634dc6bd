package org.defaulterivr.api.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.defaulterivr.evidence.query.AccessLog;
import org.defaulterivr.evidence.query.AuditRepository;
import org.defaulterivr.evidence.query.NoticeStats;

/** What the evidence says about the notices of one case or one court. */
final class StatisticsRoutes {
    private final AuditRepository evidence;
    private final AccessLog accessLog;
    private final AuditAccess access;

    StatisticsRoutes(AuditRepository evidence, AccessLog accessLog, AuditAccess access) {
        this.evidence = evidence;
        this.accessLog = accessLog;
        this.access = access;
    }

    void caseStats(RoutingContext ctx) {
        long caseId = AuditJson.pathId(ctx);
        stats(ctx, "stats.case", evidence.caseStats(caseId), new JsonObject().put("caseId", caseId));
    }

    void courtStats(RoutingContext ctx) {
        String code = ctx.pathParam("code");
        stats(ctx, "stats.court", evidence.courtStats(code), new JsonObject().put("courtCode", code));
    }

    private void stats(RoutingContext ctx, String action, Future<NoticeStats> query, JsonObject subject) {
        query.compose(stats -> accessLog.read(access.principal().apply(ctx), action, AuditJson.query(ctx), stats.attempted())
                        .map(stats))
                .onSuccess(stats -> AuditJson.json(ctx, subject
                        .put("noticesAttempted", stats.attempted())
                        .put("played", stats.played())
                        .put("partial", stats.partial())
                        .put("hungUp", stats.hungUp())
                        .put("failed", stats.failed())
                        .put("unknown", stats.unknown())
                        .put("distinctCallersReached", stats.callersReached())
                        .put("anonymousCallersReached", stats.anonymousReached())
                        .put("probes", stats.probes())
                        .put("firstNotice", stats.first() == null ? null : stats.first().toString())
                        .put("lastNotice", stats.last() == null ? null : stats.last().toString())))
                .onFailure(ctx::fail);
    }
}
