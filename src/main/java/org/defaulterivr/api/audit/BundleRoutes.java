package org.defaulterivr.api.audit;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.defaulterivr.api.Problem;
import org.defaulterivr.evidence.ExportScope;
import org.defaulterivr.evidence.LogRepository;
import org.defaulterivr.evidence.query.AuditRepository;

/** A case's evidence bundle: its records with inclusion proofs against one signed head, and their context. */
final class BundleRoutes {
    private final LogRepository logRepository;
    private final AuditRepository evidence;
    private final AuditedStream stream;

    BundleRoutes(LogRepository logRepository, AuditRepository evidence, AuditedStream stream) {
        this.logRepository = logRepository;
        this.evidence = evidence;
        this.stream = stream;
    }

    /**
     * One case's evidence, verifiable on its own: the latest signed head, each record of the case it covers with an
     * inclusion proof against it, and as context lines the case's registry facts and history and every notice version
     * it used (with the SHA-256 of the audio).
     */
    void caseBundle(RoutingContext ctx) {
        long caseId = AuditJson.pathId(ctx);
        logRepository.latestHead()
                .map(head -> head.orElseThrow(SignedHeads::noHeadYet))
                .compose(head -> evidence.caseFacts(caseId).compose(facts -> {
                    if (facts.isEmpty()) {
                        throw Problem.notFound("no case " + caseId);
                    }
                    return evidence.caseNotices(caseId).compose(notices -> evidence.registryHistory(caseId)
                            .compose(history -> stream.streamed(ctx, "case.bundle", "application/x-ndjson",
                                    "case-" + caseId + "-evidence.jsonl",
                                    () -> evidence.caseRecords(caseId, head.treeSize()),
                                    response -> {
                                        ExportLines lines = new ExportLines(ExportScope.SELECTION);
                                        response.write(lines.write(w -> {
                                            w.writeTreeHead(head);
                                            w.writeContext("case", facts.get().getMap());
                                            for (JsonObject notice : notices) {
                                                w.writeContext("notice", notice.getMap());
                                            }
                                            if (history.isPresent()) {
                                                for (JsonObject entry : history.get()) {
                                                    w.writeContext("registry_history", entry.getMap());
                                                }
                                            } else {
                                                w.writeContext("registry_history_unavailable", new JsonObject()
                                                        .put("reason", "this database has no registry_history table")
                                                        .getMap());
                                            }
                                        }));
                                        return Future.succeededFuture(logged -> logRepository
                                                .inclusionProof(logged.seq(), head.treeSize())
                                                .map(proof -> lines.write(w -> {
                                                    w.writeInclusionProof(logged.seq(), head.treeSize(), proof);
                                                    w.writeRecord(logged.seq(), logged.record(), logged.leafHash());
                                                })));
                                    }, HttpServerResponse::end)));
                }))
                .onFailure(ctx::fail);
    }
}
