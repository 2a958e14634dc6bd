package org.defaulterivr.api.audit;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.defaulterivr.api.Problem;
import org.defaulterivr.evidence.CheckpointRepository;
import org.defaulterivr.evidence.ExportScope;
import org.defaulterivr.evidence.LogRepository;
import org.defaulterivr.evidence.SignedTreeHead;
import org.defaulterivr.evidence.query.AuditRepository;
import org.defaulterivr.evidence.query.EvidenceFilter;
import org.defaulterivr.evidence.query.LoggedEvidence;

/**
 * Exports an auditor takes away and verifies offline: the whole log (or its continuation from a signed head) with
 * its heads and proofs, and the evidence a search selects, as CSV or JSON lines.
 */
final class ExportRoutes {
    private final LogRepository logRepository;
    private final CheckpointRepository checkpoints;
    private final AuditRepository evidence;
    private final AuditedStream stream;

    ExportRoutes(LogRepository logRepository, CheckpointRepository checkpoints, AuditRepository evidence,
            AuditedStream stream) {
        this.logRepository = logRepository;
        this.checkpoints = checkpoints;
        this.evidence = evidence;
        this.stream = stream;
    }

    /**
     * The whole log up to its latest signed head, as a full export the offline verifier accepts. With {@code from}
     * (the size of a signed head), only the records from that seq on, with that head and a consistency proof from it:
     * the continuation of an earlier export that ended at that head (say, one taken before a month was archived), to
     * be verified together with it.
     */
    void logExport(RoutingContext ctx) {
        AuditParams p = new AuditParams(ctx);
        String heads = p.choice("heads", "latest", "latest", "all");
        long from = p.size("from", 0);
        p.check();
        logRepository.latestHead()
                .map(head -> head.orElseThrow(SignedHeads::noHeadYet))
                .compose(latest -> (from == 0 ? Future.succeededFuture(Optional.<SignedTreeHead>empty())
                        : SignedHeads.signed(logRepository, from).map(Optional::of))
                        .compose(start -> {
                            if (from > latest.treeSize()) {
                                throw Problem.badRequest("from is beyond the latest signed head",
                                        List.of(new Problem.FieldError("from", "must be at most " + latest.treeSize())));
                            }
                            return stream.streamed(ctx, "log.export", "application/x-ndjson", "evidence-log.jsonl",
                                    () -> evidence.logRecords(from, latest.treeSize()),
                                    response -> preamble(response, heads, start.orElse(null), latest),
                                    HttpServerResponse::end);
                        }))
                .onFailure(ctx::fail);
    }

    /** The heads (and the proofs between them) of a log export; then each record as one line. */
    private Future<Function<LoggedEvidence, Future<Buffer>>> preamble(HttpServerResponse response, String heads,
            SignedTreeHead start, SignedTreeHead latest) {
        ExportLines lines = new ExportLines(ExportScope.FULL);
        Future<Void> written;
        if ("all".equals(heads)) {
            written = allHeadsWithProofs(response, lines, start == null ? -1 : start.treeSize() - 1, latest);
        } else {
            response.write(lines.write(w -> {
                if (start != null && start.treeSize() != latest.treeSize()) {
                    w.writeTreeHead(start);
                }
                w.writeTreeHead(latest);
            }));
            written = start == null || start.treeSize() == latest.treeSize() ? Future.succeededFuture()
                    : logRepository.consistencyProof(start.treeSize(), latest.treeSize())
                            .map(proof -> response.write(lines.write(w -> w.writeConsistencyProof(start.treeSize(),
                                    latest.treeSize(), proof))))
                            .mapEmpty();
        }
        // the latest head's checkpoint with its witnesses' cosignatures, for verify --witness-key
        return written.compose(v -> checkpoints.cosigned(latest.treeSize()))
                .map(note -> {
                    note.ifPresent(n -> response.write(lines.write(w -> w.writeCheckpoint(latest.treeSize(),
                            n.format()))));
                    return logged -> Future.succeededFuture(lines.write(w -> w.writeRecord(logged.seq(),
                            logged.record(), logged.leafHash())));
                });
    }

    /** Writes every signed head above {@code after} up to {@code latest}, then a consistency proof between each two. */
    private Future<Void> allHeadsWithProofs(HttpServerResponse response, ExportLines lines, long after,
            SignedTreeHead latest) {
        return eachHead(after, latest.treeSize(), (previous, head) -> {
            response.write(lines.write(w -> w.writeTreeHead(head)));
            return Future.succeededFuture();
        }).compose(v -> eachHead(after, latest.treeSize(), (previous, head) -> previous == null
                ? Future.succeededFuture()
                : logRepository.consistencyProof(previous.treeSize(), head.treeSize())
                        .map(proof -> response.write(lines.write(w -> w.writeConsistencyProof(
                                previous.treeSize(), head.treeSize(), proof))))
                        .mapEmpty()));
    }

    private interface HeadStep {
        Future<Void> apply(SignedTreeHead previous, SignedTreeHead head);
    }

    /** Runs {@code step} on each head of size above {@code after} up to {@code last}, in order, a page at a time. */
    private Future<Void> eachHead(long after, long last, HeadStep step) {
        return eachHead(after, last, null, step);
    }

    private Future<Void> eachHead(long after, long last, SignedTreeHead previous, HeadStep step) {
        return logRepository.heads(after, AuditParams.MAX_PAGE).compose(page -> {
            Future<SignedTreeHead> chain = Future.succeededFuture(previous);
            for (SignedTreeHead head : page) {
                if (head.treeSize() > last) {
                    break;
                }
                chain = chain.compose(prev -> step.apply(prev, head).map(head));
            }
            return chain.compose(lastDone -> page.size() < AuditParams.MAX_PAGE || lastDone == null
                    || lastDone.treeSize() >= last ? Future.<Void>succeededFuture()
                    : eachHead(lastDone.treeSize(), last, lastDone, step));
        });
    }

    void searchExport(RoutingContext ctx) {
        AuditParams p = new AuditParams(ctx);
        EvidenceFilter filter = p.filter();
        String format = p.choice("format", "csv", "csv", "jsonl");
        p.check();
        boolean csv = "csv".equals(format);
        stream.streamed(ctx, "evidence.export." + format, csv ? "text/csv; charset=utf-8" : "application/x-ndjson",
                csv ? "evidence.csv" : "evidence.jsonl",
                () -> evidence.stream(filter),
                response -> {
                    if (csv) {
                        response.write(EvidenceCsv.HEADER);
                        return Future.succeededFuture(logged -> Future.succeededFuture(
                                Buffer.buffer(EvidenceCsv.line(logged))));
                    }
                    return Future.succeededFuture(logged -> Future.succeededFuture(
                            Buffer.buffer(AuditJson.evidenceJson(logged).encode()).appendByte((byte) '\n')));
                }, HttpServerResponse::end)
                .onFailure(ctx::fail);
    }
}
