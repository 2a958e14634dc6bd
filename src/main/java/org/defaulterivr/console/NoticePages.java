package org.defaulterivr.console;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.multipart.MultipartForm;
import java.util.Map;
import org.defaulterivr.access.Role;

/**
 * A case's notice: upload a recording, send one recorded in the browser (the page's script captures the microphone's
 * PCM and sends it as a WAV file), or render one from the court's wording; and play any notice version in the page
 * (the audio as the call path plays it, streamed from the API). Every recording is converted to 8 kHz by the API,
 * exactly as uploads through {@code /v1} are.
 */
final class NoticePages {
    private final Pages pages;
    private final ApiLoopback api;
    private final CasePages cases;

    NoticePages(Pages pages, ApiLoopback api, CasePages cases) {
        this.pages = pages;
        this.api = api;
        this.cases = cases;
    }

    void mount(Router root) {
        root.post("/cases/:id/notice/upload").handler(this::upload);
        root.post("/cases/:id/notice/recording").handler(this::recording);
        root.post("/cases/:id/notice/render").handler(this::render);
        root.get("/cases/:id/notices/:notice/audio").handler(this::audio);
    }

    private String noticeUri(RoutingContext ctx) {
        return "/v1/cases/" + ctx.pathParam("id") + "/notice";
    }

    private void upload(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, WebConsole.CLERK);
        Forms form = new Forms(ctx, pages.zone(), "version");
        var uploads = ctx.fileUploads();
        if (uploads.size() != 1 || uploads.get(0).size() == 0) {
            View base = pages.view(ctx);
            cases.show(ctx, pages.view(ctx, base.t("notice.noFile"), Map.of(), form.values()), 400);
            return;
        }
        var file = uploads.get(0);
        MultipartForm multipart = MultipartForm.create().binaryFileUpload("file", "notice.wav",
                file.uploadedFileName(), "audio/wav");
        api.multipart(ctx, who, HttpMethod.PUT, noticeUri(ctx), multipart, form.text("version")).onSuccess(reply -> {
            if (reply.ok()) {
                Pages.redirect(ctx, "/cases/" + ctx.pathParam("id") + "#notice");
            } else {
                cases.refused(ctx, who, reply, form);
            }
        }).onFailure(ctx::fail);
    }

    /** From the page's recorder (a script, not a form): the WAV as the body, the version in the query. */
    private void recording(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, WebConsole.CLERK);
        String version = ctx.queryParams().get("version");
        var body = ctx.body().buffer();
        api.raw(ctx, who, HttpMethod.PUT, noticeUri(ctx), "audio/wav", body == null ? io.vertx.core.buffer.Buffer.buffer()
                : body, version).onSuccess(reply -> {
                    JsonObject answer = reply.ok() ? new JsonObject().put("status", reply.status())
                            : reply.json().put("status", reply.status());
                    ctx.response().setStatusCode(reply.status()).putHeader("Content-Type", "application/json")
                            .end(answer.encode());
                }).onFailure(ctx::fail);
    }

    private void render(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, WebConsole.CLERK);
        Forms form = new Forms(ctx, pages.zone(), "template", "version");
        JsonObject body = new JsonObject().put("template", form.values().getOrDefault("template", ""));
        api.json(ctx, who, HttpMethod.PUT, noticeUri(ctx), body, form.text("version")).onSuccess(reply -> {
            if (reply.ok()) {
                Pages.redirect(ctx, "/cases/" + ctx.pathParam("id") + "#notice");
            } else {
                cases.refused(ctx, who, reply, form);
            }
        }).onFailure(ctx::fail);
    }

    /** A notice's audio, streamed from the API (which checks the person may hear it) to the page's player. */
    private void audio(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, Role.COURT, Role.AUDITOR);
        String notice = ctx.pathParam("notice");
        if (!notice.matches("[0-9]{1,18}")) {
            pages.error(ctx, 404, "error.notFound", null);
            return;
        }
        Streams.relay(ctx, pages, api.stream(ctx, who, "/v1/notices/" + notice + "/audio"), null);
    }
}
