package org.defaulterivr.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.defaulterivr.access.Actor;
import org.defaulterivr.access.Role;
import org.defaulterivr.notice.StoredNotice;
import org.defaulterivr.registry.CaseRepository;
import org.defaulterivr.registry.CourtRepository;
import org.defaulterivr.registry.NoticeChoice;
import org.defaulterivr.registry.NoticeProducer;
import org.defaulterivr.registry.RegistryException;

/**
 * Notice versions and their audio: a court uploads a recording (raw {@code audio/wav}, or a multipart form with one
 * file) for a case or for later use, or has a case's notice rendered from a template; it fetches any of its notices'
 * audio as the call path plays it (8 kHz mono WAV).
 */
final class NoticeRoutes {
    private static final Set<String> WAV_TYPES = Set.of("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave");

    private final CaseRepository cases;
    private final CourtRepository courts;
    private final NoticeProducer producer;
    private final PersonalDataReads reads;

    NoticeRoutes(CaseRepository cases, CourtRepository courts, NoticeProducer producer, PersonalDataReads reads) {
        this.reads = reads;
        this.cases = cases;
        this.courts = courts;
        this.producer = producer;
    }

    void mount(Router v1, RegistryApi.Bodies bodies) {
        v1.post("/notices").handler(bodies.upload()).handler(this::record);
        v1.get("/notices/:noticeId").handler(this::read);
        v1.get("/notices/:noticeId/audio").handler(this::audio);
        v1.get("/cases/:caseId/notices").handler(this::versions);
        v1.put("/cases/:caseId/notice").handler(bodies.upload()).handler(this::replace);
    }

    /** A recording for later use by several cases ({@code "notice": {"id": ...}} or the CSV's notice_id). */
    private void record(RoutingContext ctx) {
        Actor court = TokenAuth.require(ctx, Role.COURT);
        convertUpload(ctx)
                .compose(stored -> cases.recordNotice(court, new NoticeChoice.Produced(stored, "upload", null, null)))
                .onSuccess(info -> {
                    ctx.response().putHeader("Location", "/v1/notices/" + info.id());
                    RegistryApi.json(ctx, 201, info.toJson());
                })
                .onFailure(ctx::fail);
    }

    private void read(RoutingContext ctx) {
        Actor actor = TokenAuth.require(ctx, Role.COURT, Role.AUDITOR);
        cases.notice(actor, Requests.id(ctx, "noticeId"))
                .onSuccess(info -> RegistryApi.json(ctx, 200, info.toJson()))
                .onFailure(ctx::fail);
    }

    private void audio(RoutingContext ctx) {
        Actor actor = TokenAuth.require(ctx, Role.COURT, Role.AUDITOR);
        cases.notice(actor, Requests.id(ctx, "noticeId"))
                // a recording may speak the debtor's name
                .compose(info -> reads.logged(ctx, actor, "notices.audio", 1, info))
                .compose(info -> producer.file(info.sha256()).map(path -> new Object[] {info, path}))
                .onSuccess(found -> {
                    var info = (org.defaulterivr.registry.CaseRecord.NoticeInfo) found[0];
                    ctx.response()
                            .putHeader("Content-Type", "audio/wav")
                            .putHeader("ETag", "\"" + info.sha256() + "\"")
                            // a court's recording may speak the debtor's name: personal data, not kept by browsers
                            .putHeader("Cache-Control", "no-store")
                            .sendFile(found[1].toString())
                            .onFailure(ctx::fail);
                })
                .onFailure(ctx::fail);
    }

    private void versions(RoutingContext ctx) {
        Actor actor = TokenAuth.require(ctx, Role.COURT, Role.AUDITOR);
        cases.noticeVersions(actor, Requests.id(ctx, "caseId"))
                .onSuccess(versions -> {
                    JsonArray items = new JsonArray();
                    versions.forEach(v -> items.add(v.toJson()));
                    RegistryApi.json(ctx, 200, new JsonObject().put("items", items));
                })
                .onFailure(ctx::fail);
    }

    /**
     * A new notice version for a case: an uploaded recording, or JSON {@code {"template": ...}} / {@code {"id": ...}}
     * as in an amendment. Needs the version read ({@code If-Match}).
     */
    private void replace(RoutingContext ctx) {
        Actor court = TokenAuth.require(ctx, Role.COURT);
        long caseId = Requests.id(ctx, "caseId");
        boolean json = contentType(ctx).endsWith("json");
        CaseRoutes.NoticeRequest request = null;
        Long bodyVersion = null;
        if (json) {
            Requests.Fields fields = new Requests.Fields(Requests.object(ctx), Set.of("template", "id", "version"));
            bodyVersion = fields.integer("version");
            request = CaseRoutes.NoticeRequest.topLevel(fields);
            fields.check();
        }
        int version = Requests.expectedVersion(ctx, bodyVersion);
        CaseRoutes.NoticeRequest fromJson = request;
        cases.get(court, caseId)
                .compose(current -> {
                    if (current.version() != version) {
                        return Future.failedFuture(RegistryException.stale(current.version()));
                    }
                    if (fromJson == null) {
                        return convertUpload(ctx)
                                .map(stored -> (NoticeChoice) new NoticeChoice.Produced(stored, "upload", null, null));
                    }
                    return courts.byId(court.courtId())
                            .compose(c -> fromJson.choose(producer, c.orElseThrow(), current.asValid()));
                })
                .compose(choice -> cases.changeNotice(court, caseId, version, choice))
                .onSuccess(record -> CaseRoutes.send(ctx, 200, record))
                .onFailure(ctx::fail);
    }

    /** The uploaded WAV, raw or as the one file of a multipart form, converted and stored. */
    private Future<StoredNotice> convertUpload(RoutingContext ctx) {
        String type = contentType(ctx);
        if (type.startsWith("multipart/form-data")) {
            List<FileUpload> uploads = ctx.fileUploads();
            if (uploads.size() != 1) {
                return Future.failedFuture(Problem.badRequest("send exactly one file in the form",
                        List.of(new Problem.FieldError("file", uploads.isEmpty() ? "is missing" : "only one file"))));
            }
            return producer.convert(Path.of(uploads.get(0).uploadedFileName()));
        }
        if (!WAV_TYPES.contains(type)) {
            return Future.failedFuture(Requests.unsupported(
                    "send the recording as audio/wav (or one file in multipart/form-data)"));
        }
        return producer.convert(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
    }

    private static String contentType(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type == null ? "" : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
    }
}
