package org.defaulterivr.api.audit;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.defaulterivr.evidence.CheckpointRepository;
import org.defaulterivr.evidence.LogRepository;
import org.defaulterivr.evidence.query.AccessLog;
import org.defaulterivr.evidence.query.AuditRepository;

/**
 * The auditors' API under {@code /v1}: the evidence log (public key, signed tree heads, inclusion and consistency
 * proofs, the full log as a verifiable export), evidence search and exports, a case's evidence bundle, notice
 * statistics, and the access log. Read only.
 *
 * <p>Every route but the public key passes {@link AuditAccess#authorise()} first. Every read of personal data (records,
 * bundles, statistics, the access log itself) is written to the {@link AccessLog} before data leaves: with its size
 * for a page, or as a start and an end with the count for a stream.
 */
public final class AuditorRoutes {
    private final AuditAccess access;
    private final LogRoutes log;
    private final ExportRoutes exports;
    private final SearchRoutes search;
    private final BundleRoutes bundles;
    private final StatisticsRoutes statistics;
    private final AccessLogRoutes accessLogRoutes;
    private final CheckpointRoutes checkpointRoutes;

    /** @param verifierKey the log's checkpoint verifier key (c2sp.org/signed-note vkey) */
    public AuditorRoutes(AuditAccess access, LogRepository logRepository, AuditRepository evidence,
            AccessLog accessLog, String publicKeyPem, CheckpointRepository checkpoints, String verifierKey) {
        this.access = access;
        AuditedStream stream = new AuditedStream(access, accessLog);
        this.log = new LogRoutes(logRepository, publicKeyPem);
        this.exports = new ExportRoutes(logRepository, checkpoints, evidence, stream);
        this.search = new SearchRoutes(evidence, accessLog, access);
        this.bundles = new BundleRoutes(logRepository, checkpoints, evidence, stream);
        this.checkpointRoutes = new CheckpointRoutes(checkpoints, verifierKey);
        this.statistics = new StatisticsRoutes(evidence, accessLog, access);
        this.accessLogRoutes = new AccessLogRoutes(accessLog, access);
    }

    /** Adds the routes to {@code v1}, the router mounted at {@code /v1} (paths relative to it). */
    public void mount(Router v1) {
        v1.get("/log/public-key").handler(log::publicKey);
        v1.get("/log/vkey").handler(checkpointRoutes::verifierKey);
        v1.get("/log/checkpoint").handler(checkpointRoutes::latest);
        v1.get("/log/checkpoints/:size").handler(checkpointRoutes::ofSize);
        get(v1, "/log/tree-heads/latest", log::latestHead);
        get(v1, "/log/tree-heads", log::treeHeads);
        get(v1, "/log/proofs/inclusion", log::inclusionProof);
        get(v1, "/log/proofs/consistency", log::consistencyProof);
        get(v1, "/log/export", exports::logExport);
        get(v1, "/evidence/search", search::search);
        get(v1, "/evidence/export", exports::searchExport);
        get(v1, "/cases/:id/evidence-bundle", bundles::caseBundle);
        get(v1, "/stats/cases/:id", statistics::caseStats);
        get(v1, "/stats/courts/:code", statistics::courtStats);
        get(v1, "/access-log", accessLogRoutes::accessLogPage);
    }

    private void get(Router router, String path, Handler<RoutingContext> handler) {
        router.get(path).handler(access.authorise()).handler(handler);
    }
}
