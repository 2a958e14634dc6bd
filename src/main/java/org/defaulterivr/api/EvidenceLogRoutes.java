package org.defaulterivr.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.defaulterivr.evidence.EvidenceExportWriter;
import org.defaulterivr.evidence.EvidenceRecord;
import org.defaulterivr.evidence.ExportScope;
import org.defaulterivr.evidence.LeafEncoding;
import org.defaulterivr.evidence.LogRepository;
import org.defaulterivr.evidence.NoticeOutcome;
import org.defaulterivr.evidence.SignedTreeHead;
import org.defaulterivr.evidence.query.AccessLog;
import org.defaulterivr.evidence.query.AuditRepository;
import org.defaulterivr.evidence.query.EvidenceFilter;
import org.defaulterivr.evidence.query.LoggedEvidence;
import org.defaulterivr.evidence.query.NoticeStats;
import org.defaulterivr.evidence.query.RecordStream;
import org.defaulterivr.evidence.query.SearchCursor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auditors' API under {@code /v1}: the evidence log (public key, signed tree heads, inclusion and consistency
 * proofs, the full log as a verifiable export), evidence search and exports, a case's evidence bundle, notice
 * statistics, and the access log. Read only.
 *
 * <p>Every route but the public key passes {@link AuditAccess#authorise()} first. Every read of personal data (records,
 * bundles, statistics, the access log itself) is written to the {@link AccessLog} before data leaves: with its size
 * for a page, or as a start and an end with the count for a stream.
 */
public final class EvidenceLogRoutes {
    private static final Logger log = LoggerFactory.getLogger(EvidenceLogRoutes.class);
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;
    private static final HexFormat HEX = HexFormat.of();

    private final AuditAccess access;
    private final LogRepository logRepository;
    private final AuditRepository evidence;
    private final AccessLog accessLog;
    private final String publicKeyPem;

    public EvidenceLogRoutes(AuditAccess access, LogRepository logRepository, AuditRepository evidence,
            AccessLog accessLog, String publicKeyPem) {
        this.access = access;
        this.logRepository = logRepository;
        this.evidence = evidence;
        this.accessLog = accessLog;
        this.publicKeyPem = publicKeyPem;
    }

    /** Adds the routes to {@code v1}, the router mounted at {@code /v1} (paths relative to it). */
    public void mount(Router v1) {
        v1.get("/log/public-key").handler(this::publicKey);
        get(v1, "/log/tree-heads/latest", this::latestHead);
        get(v1, "/log/tree-heads", this::treeHeads);
        get(v1, "/log/proofs/inclusion", this::inclusionProof);
        get(v1, "/log/proofs/consistency", this::consistencyProof);
        get(v1, "/log/export", this::logExport);
        get(v1, "/evidence/search", this::search);
        get(v1, "/evidence/export", this::searchExport);
        get(v1, "/cases/:id/evidence-bundle", this::caseBundle);
        get(v1, "/stats/cases/:id", this::caseStats);
        get(v1, "/stats/courts/:code", this::courtStats);
        get(v1, "/access-log", this::accessLogPage);
    }

    private void get(Router router, String path, Handler<RoutingContext> handler) {
        router.get(path).handler(access.authorise()).handler(handler);
    }

    // ---- the log

    private void publicKey(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/x-pem-file").end(publicKeyPem);
    }

    private void latestHead(RoutingContext ctx) {
        logRepository.latestHead()
                .map(head -> head.orElseThrow(EvidenceLogRoutes::noHeadYet))
                .onSuccess(head -> json(ctx, headJson(head)))
                .onFailure(ctx::fail);
    }

    private void treeHeads(RoutingContext ctx) {
        Params p = new Params(ctx);
        long from = p.size("from", 0);
        int limit = p.limit();
        p.check();
        logRepository.heads(from - 1, limit)
                .onSuccess(heads -> {
                    JsonArray list = new JsonArray();
                    heads.forEach(h -> list.add(headJson(h)));
                    Long next = heads.size() == limit ? heads.get(limit - 1).treeSize() + 1 : null;
                    json(ctx, new JsonObject().put("treeHeads", list).put("next", next));
                })
                .onFailure(ctx::fail);
    }

    private void inclusionProof(RoutingContext ctx) {
        Params p = new Params(ctx);
        long seq = p.requiredSize("seq");
        Long treeSize = p.optionalSize("treeSize");
        p.check();
        signedHead(treeSize)
                .compose(head -> {
                    if (seq >= head.treeSize()) {
                        throw Problem.badRequest("record " + seq + " is not in the tree of size " + head.treeSize(),
                                List.of(new Problem.FieldError("seq", "must be below treeSize")));
                    }
                    return logRepository.leaf(seq).compose(leaf -> logRepository
                            .inclusionProof(seq, head.treeSize())
                            .map(proof -> new JsonObject()
                                    .put("seq", seq)
                                    .put("treeSize", head.treeSize())
                                    .put("leafHash", HEX.formatHex(leaf.orElseThrow().leafHash()))
                                    .put("proof", hashes(proof))
                                    .put("treeHead", headJson(head))));
                })
                .onSuccess(body -> json(ctx, body))
                .onFailure(ctx::fail);
    }

    private void consistencyProof(RoutingContext ctx) {
        Params p = new Params(ctx);
        long from = p.requiredSize("from");
        Long to = p.optionalSize("to");
        p.check();
        signedHead(to)
                .compose(toHead -> {
                    if (from > toHead.treeSize()) {
                        throw Problem.badRequest("from must not exceed to",
                                List.of(new Problem.FieldError("from", "must be at most " + toHead.treeSize())));
                    }
                    Future<Optional<SignedTreeHead>> fromHead = from == 0 ? Future.succeededFuture(Optional.empty())
                            : signedHead(from).map(Optional::of);
                    return fromHead.compose(f -> logRepository.consistencyProof(from, toHead.treeSize())
                            .map(proof -> {
                                JsonObject body = new JsonObject()
                                        .put("fromSize", from)
                                        .put("toSize", toHead.treeSize())
                                        .put("proof", hashes(proof))
                                        .put("toTreeHead", headJson(toHead));
                                f.ifPresent(h -> body.put("fromTreeHead", headJson(h)));
                                return body;
                            }));
                })
                .onSuccess(body -> json(ctx, body))
                .onFailure(ctx::fail);
    }

    /**
     * The whole log up to its latest signed head, as a full export the offline verifier accepts. With {@code from}
     * (the size of a signed head), only the records from that seq on, with that head and a consistency proof from it:
     * the continuation of an earlier export that ended at that head (say, one taken before a month was archived), to
     * be verified together with it.
     */
    private void logExport(RoutingContext ctx) {
        Params p = new Params(ctx);
        String heads = p.choice("heads", "latest", "latest", "all");
        long from = p.size("from", 0);
        p.check();
        logRepository.latestHead()
                .map(head -> head.orElseThrow(EvidenceLogRoutes::noHeadYet))
                .compose(latest -> (from == 0 ? Future.succeededFuture(Optional.<SignedTreeHead>empty())
                        : signedHead(from).map(Optional::of))
                        .compose(start -> {
                            if (from > latest.treeSize()) {
                                throw Problem.badRequest("from is beyond the latest signed head",
                                        List.of(new Problem.FieldError("from", "must be at most " + latest.treeSize())));
                            }
                            return streamed(ctx, "log.export", "application/x-ndjson", "evidence-log.jsonl",
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
        return written.map(v -> logged -> Future.succeededFuture(lines.write(w -> w.writeRecord(logged.seq(),
                logged.record(), logged.leafHash()))));
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
        return logRepository.heads(after, MAX_PAGE).compose(page -> {
            Future<SignedTreeHead> chain = Future.succeededFuture(previous);
            for (SignedTreeHead head : page) {
                if (head.treeSize() > last) {
                    break;
                }
                chain = chain.compose(prev -> step.apply(prev, head).map(head));
            }
            return chain.compose(lastDone -> page.size() < MAX_PAGE || lastDone == null
                    || lastDone.treeSize() >= last ? Future.<Void>succeededFuture()
                    : eachHead(lastDone.treeSize(), last, lastDone, step));
        });
    }

    // ---- evidence

    private void search(RoutingContext ctx) {
        Params p = new Params(ctx);
        EvidenceFilter filter = p.filter();
        int limit = p.limit();
        SearchCursor after = p.cursor();
        p.check();
        evidence.search(filter, after, limit)
                .compose(page -> accessLog.read(access.principal().apply(ctx), "evidence.search", query(ctx),
                        page.records().size()).map(page))
                .onSuccess(page -> {
                    JsonArray records = new JsonArray();
                    page.records().forEach(r -> records.add(evidenceJson(r)));
                    json(ctx, new JsonObject().put("records", records)
                            .put("next", page.next() == null ? null : page.next().encode()));
                })
                .onFailure(ctx::fail);
    }

    private void searchExport(RoutingContext ctx) {
        Params p = new Params(ctx);
        EvidenceFilter filter = p.filter();
        String format = p.choice("format", "csv", "csv", "jsonl");
        p.check();
        boolean csv = "csv".equals(format);
        streamed(ctx, "evidence.export." + format, csv ? "text/csv; charset=utf-8" : "application/x-ndjson",
                csv ? "evidence.csv" : "evidence.jsonl",
                () -> evidence.stream(filter),
                response -> {
                    if (csv) {
                        response.write(EvidenceCsv.HEADER);
                        return Future.succeededFuture(logged -> Future.succeededFuture(
                                Buffer.buffer(EvidenceCsv.line(logged))));
                    }
                    return Future.succeededFuture(logged -> Future.succeededFuture(
                            Buffer.buffer(evidenceJson(logged).encode()).appendByte((byte) '\n')));
                }, HttpServerResponse::end)
                .onFailure(ctx::fail);
    }

    /**
     * One case's evidence, verifiable on its own: the latest signed head, each record of the case it covers with an
     * inclusion proof against it, and as context lines the case's registry facts and history and every notice version
     * it used (with the SHA-256 of the audio).
     */
    private void caseBundle(RoutingContext ctx) {
        long caseId = pathId(ctx);
        logRepository.latestHead()
                .map(head -> head.orElseThrow(EvidenceLogRoutes::noHeadYet))
                .compose(head -> evidence.caseFacts(caseId).compose(facts -> {
                    if (facts.isEmpty()) {
                        throw Problem.notFound("no case " + caseId);
                    }
                    return evidence.caseNotices(caseId).compose(notices -> evidence.registryHistory(caseId)
                            .compose(history -> streamed(ctx, "case.bundle", "application/x-ndjson",
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

    // ---- statistics and the access log

    private void caseStats(RoutingContext ctx) {
        long caseId = pathId(ctx);
        stats(ctx, "stats.case", evidence.caseStats(caseId), new JsonObject().put("caseId", caseId));
    }

    private void courtStats(RoutingContext ctx) {
        String code = ctx.pathParam("code");
        stats(ctx, "stats.court", evidence.courtStats(code), new JsonObject().put("courtCode", code));
    }

    private void stats(RoutingContext ctx, String action, Future<NoticeStats> query, JsonObject subject) {
        query.compose(stats -> accessLog.read(access.principal().apply(ctx), action, query(ctx), stats.attempted())
                        .map(stats))
                .onSuccess(stats -> json(ctx, subject
                        .put("noticesAttempted", stats.attempted())
                        .put("played", stats.played())
                        .put("partial", stats.partial())
                        .put("hungUp", stats.hungUp())
                        .put("failed", stats.failed())
                        .put("distinctCallersReached", stats.callersReached())
                        .put("anonymousCallersReached", stats.anonymousReached())
                        .put("firstNotice", stats.first() == null ? null : stats.first().toString())
                        .put("lastNotice", stats.last() == null ? null : stats.last().toString())))
                .onFailure(ctx::fail);
    }

    private void accessLogPage(RoutingContext ctx) {
        Params p = new Params(ctx);
        long after = p.size("after", 0);
        int limit = p.limit();
        String principal = ctx.request().getParam("principal");
        p.check();
        accessLog.list(after, limit, principal)
                .compose(page -> accessLog.read(access.principal().apply(ctx), "access-log.read", query(ctx),
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
                    json(ctx, new JsonObject().put("entries", entries).put("next", page.next()));
                })
                .onFailure(ctx::fail);
    }

    // ---- streaming with an access-log entry at each end

    private interface Preamble {
        /** Writes what comes before the records; the function that turns each record into bytes. */
        Future<Function<LoggedEvidence, Future<Buffer>>> start(HttpServerResponse response);
    }

    private Future<Void> streamed(RoutingContext ctx, String action, String contentType, String fileName,
            java.util.function.Supplier<Future<RecordStream<LoggedEvidence>>> open, Preamble preamble,
            Handler<HttpServerResponse> finish) {
        String principal = access.principal().apply(ctx);
        JsonObject query = query(ctx);
        HttpServerResponse response = ctx.response();
        return accessLog.streamStarted(principal, action, query).compose(startedId -> open.get()
                .recover(e -> accessLog.streamEnded(startedId, principal, action, query, 0, false)
                        .transform(logged -> Future.<RecordStream<LoggedEvidence>>failedFuture(e)))
                .compose(records -> {
            response.setChunked(true)
                    .putHeader("Content-Type", contentType)
                    .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
            long[] sent = {0};
            Future<Long> pumped = preamble.start(response).compose(encode -> ResponseStream.pump(records, response,
                    (LoggedEvidence logged) -> {
                        sent[0]++;
                        return encode.apply(logged);
                    }));
            pumped.onSuccess(count -> finish.handle(response)).onFailure(e -> {
                records.close();
                log.warn("{} by {} stopped after {} records: {}", action, principal, sent[0], e.getMessage());
                if (!response.ended() && !response.closed()) {
                    response.reset();
                }
            });
            return pumped.transform(result -> {
                long count = result.succeeded() ? result.result() : sent[0];
                return accessLog.streamEnded(startedId, principal, action, query, count, result.succeeded())
                        .<Void>mapEmpty()
                        .recover(e -> {
                            log.error("access log: cannot record the end of {} by {}: {}", action, principal,
                                    e.getMessage());
                            return Future.succeededFuture();
                        });
            });
        })).recover(e -> response.headWritten() ? Future.succeededFuture() : Future.failedFuture(e));
    }

    /** An export being written: each call renders some lines and hands back their bytes. */
    private static final class ExportLines {
        private final BufferOutputStream out = new BufferOutputStream();
        private final EvidenceExportWriter writer;

        ExportLines(ExportScope scope) {
            try {
                writer = EvidenceExportWriter.start(out, scope);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        interface Lines {
            void write(EvidenceExportWriter writer) throws IOException;
        }

        Buffer write(Lines lines) {
            try {
                lines.write(writer);
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.take();
        }
    }

    // ---- helpers

    private Future<SignedTreeHead> signedHead(Long size) {
        return (size == null ? logRepository.latestHead() : logRepository.head(size))
                .map(head -> head.orElseThrow(() -> size == null ? noHeadYet()
                        : Problem.notFound("no signed tree head of size " + size)));
    }

    private static Problem noHeadYet() {
        return new Problem(503, "no-tree-head", "No signed tree head yet",
                "the log has not signed a tree head yet; try again in a few seconds", List.of());
    }

    private static long pathId(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw Problem.notFound("case ids are whole numbers");
        }
    }

    private static JsonObject query(RoutingContext ctx) {
        JsonObject params = new JsonObject();
        ctx.queryParams().forEach(entry -> params.put(entry.getKey(), entry.getValue()));
        return new JsonObject().put("path", ctx.request().path()).put("params", params);
    }

    static JsonObject headJson(SignedTreeHead head) {
        return new JsonObject()
                .put("treeSize", head.treeSize())
                .put("rootHash", HEX.formatHex(head.rootHash()))
                .put("timestamp", head.timestamp().toString())
                .put("signature", Base64.getEncoder().encodeToString(head.signature()));
    }

    private static JsonArray hashes(List<byte[]> hashes) {
        JsonArray list = new JsonArray();
        hashes.forEach(h -> list.add(HEX.formatHex(h)));
        return list;
    }

    static JsonObject evidenceJson(LoggedEvidence logged) {
        EvidenceRecord r = logged.record();
        return new JsonObject()
                .put("seq", logged.seq())
                .put("leafHash", logged.leafHash() == null ? null : HEX.formatHex(logged.leafHash()))
                .put("nodeId", r.nodeId())
                .put("callId", r.callId())
                .put("occurredAt", LeafEncoding.truncateToMicros(r.occurredAt()).toString())
                .put("calledNumber", r.calledNumber())
                .put("callerPseudonym", r.callerPseudonym())
                .put("courtCode", r.courtCode())
                .put("caseId", r.caseId())
                .put("caseNumber", r.caseNumber())
                .put("noticeId", r.noticeId())
                .put("noticeSha256", r.noticeSha256())
                .put("outcome", r.outcome().wireName())
                .put("heardMs", r.heardMs())
                .put("noticeMs", r.noticeMs());
    }

    private static void json(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
    }

    /** Query parameters read with every error collected, then reported at once as a 400 problem. */
    private static final class Params {
        private final RoutingContext ctx;
        private final List<Problem.FieldError> errors = new ArrayList<>();

        Params(RoutingContext ctx) {
            this.ctx = ctx;
        }

        String text(String name) {
            String value = ctx.request().getParam(name);
            return value == null || value.isEmpty() ? null : value;
        }

        Long optionalSize(String name) {
            String value = text(name);
            if (value == null) {
                return null;
            }
            try {
                long n = Long.parseLong(value);
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            errors.add(new Problem.FieldError(name, "must be a whole number, 0 or more"));
            return null;
        }

        long size(String name, long defaultValue) {
            Long n = optionalSize(name);
            return n == null ? defaultValue : n;
        }

        long requiredSize(String name) {
            if (text(name) == null) {
                errors.add(new Problem.FieldError(name, "is required"));
                return -1;
            }
            return size(name, -1);
        }

        int limit() {
            long n = size("limit", DEFAULT_PAGE);
            if (n < 1 || n > MAX_PAGE) {
                errors.add(new Problem.FieldError("limit", "must be 1 to " + MAX_PAGE));
                return DEFAULT_PAGE;
            }
            return (int) n;
        }

        String choice(String name, String defaultValue, String... allowed) {
            String value = text(name);
            if (value == null) {
                return defaultValue;
            }
            for (String a : allowed) {
                if (a.equals(value)) {
                    return value;
                }
            }
            errors.add(new Problem.FieldError(name, "must be one of " + String.join(", ", allowed)));
            return defaultValue;
        }

        Instant instant(String name) {
            String value = text(name);
            if (value == null) {
                return null;
            }
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                errors.add(new Problem.FieldError(name, "must be an ISO-8601 UTC time like 2025-06-01T00:00:00Z"));
                return null;
            }
        }

        SearchCursor cursor() {
            String value = text("cursor");
            if (value == null) {
                return null;
            }
            try {
                return SearchCursor.decode(value);
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("cursor", "is not a cursor this service gave out"));
                return null;
            }
        }

        EvidenceFilter filter() {
            String court = text("court");
            Long caseId = optionalSize("case");
            String called = text("calledNumber");
            if (called != null && called.matches(" [0-9]+")) {
                called = "+" + called.substring(1); // a '+' sent unencoded in a query string arrives as a space
            }
            Instant from = instant("from");
            Instant to = instant("to");
            NoticeOutcome outcome = null;
            String outcomeText = text("outcome");
            if (outcomeText != null) {
                try {
                    outcome = NoticeOutcome.fromWireName(outcomeText);
                    if (!outcome.wireName().equals(outcomeText.toLowerCase(Locale.ROOT))) {
                        outcome = null;
                    }
                } catch (IllegalArgumentException e) {
                    errors.add(new Problem.FieldError("outcome", "must be played, partial, hung_up or failed"));
                }
            }
            if (from != null && to != null && !from.isBefore(to)) {
                errors.add(new Problem.FieldError("to", "must be after from"));
                return EvidenceFilter.all();
            }
            return new EvidenceFilter(court, caseId, called, from, to, outcome);
        }

        void check() {
            if (!errors.isEmpty()) {
                throw Problem.badRequest("the query is not valid", errors);
            }
        }
    }
}
