package org.defaulterivr.api.audit;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.defaulterivr.api.Problem;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.defaulterivr.evidence.CaseIndex;
import org.defaulterivr.evidence.CaseIndexEntry;
import org.defaulterivr.evidence.CheckpointRepository;
import org.defaulterivr.evidence.ExportScope;
import org.defaulterivr.evidence.LogRepository;
import org.defaulterivr.evidence.SignedTreeHead;
import org.defaulterivr.tlog.SignedNote;
import org.defaulterivr.evidence.query.AuditRepository;

/**
 * A case's evidence bundle: its records with inclusion proofs against one signed head, the checkpoint of that head
 * (with witnesses' cosignatures) and the case's entry in the per-case index it commits to, which proves the bundle
 * complete; and their context.
 */
final class BundleRoutes {
    private final LogRepository logRepository;
    private final CheckpointRepository checkpoints;
    private final AuditRepository evidence;
    private final AuditedStream stream;

    BundleRoutes(LogRepository logRepository, CheckpointRepository checkpoints, AuditRepository evidence,
            AuditedStream stream) {
        this.logRepository = logRepository;
        this.checkpoints = checkpoints;
        this.evidence = evidence;
        this.stream = stream;
    }

    /**
     * One case's evidence, verifiable on its own: the latest checkpoint's signed head (the latest head if no checkpoint
     * was signed yet), that checkpoint with its cosignatures, the case's index entry with its proof, each record of the
     * case the head covers with an inclusion proof against it, and as context lines the case's registry facts and
     * history and every notice version it used (with the SHA-256 of the audio).
     */
    void caseBundle(RoutingContext ctx) {
        long caseId = AuditJson.pathId(ctx);
        checkpoints.latest()
                .compose(checkpoint -> (checkpoint.isPresent()
                        ? logRepository.head(checkpoint.get().treeSize()) : logRepository.latestHead())
                        .map(head -> head.orElseThrow(SignedHeads::noHeadYet))
                        .compose(head -> completeness(ctx.vertx(), checkpoint, caseId).map(c -> new Signed(head, c))))
                .compose(signed -> evidence.caseFacts(caseId).compose(facts -> {
                    SignedTreeHead head = signed.head();
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
                                            if (signed.completeness().isPresent()) {
                                                Completeness c = signed.completeness().get();
                                                w.writeCheckpoint(head.treeSize(), c.note().format());
                                                if (c.entry() != null) {
                                                    w.writeCaseIndex(head.treeSize(), c.entry(), c.seqs(), c.index(),
                                                            c.indexSize(), c.proof());
                                                }
                                            }
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

    private record Signed(SignedTreeHead head, Optional<Completeness> completeness) {
    }

    /** The checkpoint with its cosignatures, and the case's index entry (null if it has no records) with its proof. */
    private record Completeness(SignedNote note, CaseIndexEntry entry, List<Long> seqs, long index, long indexSize,
            List<byte[]> proof) {
    }

    private Future<Optional<Completeness>> completeness(io.vertx.core.Vertx vertx,
            Optional<CheckpointRepository.StoredCheckpoint> checkpoint, long caseId) {
        if (checkpoint.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        long size = checkpoint.get().treeSize();
        return checkpoints.cosigned(size).compose(note -> checkpoints.entriesAsOf(size).compose(entries -> {
            int index = Collections.binarySearch(entries.stream().map(CaseIndexEntry::caseId).toList(), caseId);
            if (index < 0) {
                return Future.succeededFuture(Optional.of(new Completeness(note.orElseThrow(), null, List.of(), -1,
                        entries.size(), List.of())));
            }
            // the index as signed (two hashes per case, off the event loop); the seqs as the database holds them now
            // (a record lost there shows in verify)
            return vertx.executeBlocking(() -> CaseIndex.tree(entries).inclusionProof(index, entries.size()))
                    .compose(proof -> checkpoints.seqsOfCase(caseId, size).map(seqs -> Optional.of(new Completeness(
                            note.orElseThrow(), entries.get(index), seqs, index, entries.size(), proof))));
        }));
    }
}
