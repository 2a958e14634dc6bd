package org.defaulterivr.console;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.defaulterivr.access.Role;

/**
 * A court clerk's pages: the court's cases (search, filter, paging), registering, a case with its numbers, notice
 * and history, amending (with the version read, so a change made meanwhile shows as a conflict), delisting, and
 * bulk CSV import. Auditors may read the lists and cases too; only clerks write.
 */
final class CasePages {
    static final String[] REGISTER_FIELDS = {"caseNumber", "legalBasis", "debtorName", "debtorIdMasked",
        "debtorIsAdult", "amount", "currency", "numbers", "validFrom", "validUntil", "exemptCallers"};
    private static final int PAGE = 20;

    private final Pages pages;
    private final ApiLoopback api;

    CasePages(Pages pages, ApiLoopback api) {
        this.pages = pages;
        this.api = api;
    }

    void mount(Router root) {
        root.get("/cases").handler(this::list);
        root.get("/cases/new").handler(this::newCase);
        root.post("/cases/new").handler(this::register);
        root.get("/cases/import").handler(ctx -> {
            pages.security().require(ctx, WebConsole.CLERK);
            pages.render(ctx, "case-import.jte", pages.view(ctx), "report", new JsonObject());
        });
        root.post("/cases/import").handler(this::importCsv);
        root.get("/cases/:id").handler(ctx -> show(ctx, pages.view(ctx), 200));
        root.post("/cases/:id/amend").handler(this::amend);
        root.post("/cases/:id/delist").handler(this::delist);
    }

    private void list(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, Role.COURT, Role.AUDITOR);
        var params = ctx.queryParams();
        StringBuilder query = new StringBuilder("/v1/cases?limit=" + PAGE);
        for (String name : List.of("status", "caseNumber", "number", "court", "listedAt", "endsBefore", "after")) {
            String value = params.get(name);
            if (value != null && !value.isBlank()) {
                String sent = name.equals("listedAt") || name.equals("endsBefore") ? startOfDay(value.strip())
                        : value.strip();
                query.append('&').append(name).append('=').append(View.encode(sent));
            }
        }
        Map<String, String> filter = new java.util.HashMap<>();
        params.forEach(e -> filter.put(e.getKey(), e.getValue()));
        api.get(ctx, who, query.toString()).onSuccess(reply -> {
            if (reply.status() == 400) {
                pages.render(ctx, 400, "cases.jte", pages.view(ctx, reply, filter), "page", new JsonObject());
            } else if (!reply.ok()) {
                pages.apiError(ctx, reply);
            } else {
                pages.render(ctx, "cases.jte", pages.view(ctx, null, filter), "page", reply.json());
            }
        }).onFailure(ctx::fail);
    }

    /** A date from the filter's date input, as the start of that day in the console's zone; as typed if not one. */
    private String startOfDay(String date) {
        try {
            return java.time.LocalDate.parse(date).atStartOfDay(pages.zone()).toOffsetDateTime().toString();
        } catch (java.time.format.DateTimeParseException e) {
            return date;
        }
    }

    private void newCase(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, WebConsole.CLERK);
        pages.courtZone(ctx, api, who, who.courtCode()).onSuccess(zone -> pages.render(ctx, "case-new.jte",
                pages.view(ctx, null, Map.of("currency", "CNY", "debtorIsAdult", "on")).inZone(zone)))
                .onFailure(ctx::fail);
    }

    /** A new case; its window typed in the court's time zone. */
    private void register(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, WebConsole.CLERK);
        pages.courtZone(ctx, api, who, who.courtCode()).compose(zone -> {
            Forms form = new Forms(ctx, zone, REGISTER_FIELDS);
            JsonObject body = new JsonObject();
            form.text(body, "caseNumber").text(body, "legalBasis").text(body, "debtorName")
                    .text(body, "debtorIdMasked").checkbox(body, "debtorIsAdult").text(body, "amount")
                    .text(body, "currency").lines(body, "numbers").instant(body, "validFrom")
                    .instant(body, "validUntil").lines(body, "exemptCallers");
            return api.json(ctx, who, HttpMethod.POST, "/v1/cases", body, null).map(reply -> {
                if (reply.ok()) {
                    Pages.redirect(ctx, "/cases/" + reply.json().getLong("id"));
                } else if (reply.status() == 400 || reply.status() == 409 || reply.status() == 422) {
                    pages.render(ctx, reply.status(), "case-new.jte", pages.view(ctx, reply, form.values()).inZone(zone));
                } else {
                    pages.apiError(ctx, reply);
                }
                return null;
            });
        }).onFailure(ctx::fail);
    }

    /** The case page: the case, its notice versions and its history (three reads of the API). */
    void show(RoutingContext ctx, View view, int status) {
        SignedIn who = pages.security().require(ctx, Role.COURT, Role.AUDITOR);
        String id = ctx.pathParam("id");
        if (!id.matches("[0-9]{1,18}")) {
            pages.error(ctx, 404, "error.notFound", null);
            return;
        }
        api.get(ctx, who, "/v1/cases/" + id).compose(found -> {
            if (!found.ok()) {
                pages.apiError(ctx, found);
                return Future.succeededFuture();
            }
            Future<java.time.ZoneId> zone = pages.courtZone(ctx, api, who, found.json().getString("court"));
            return zone.compose(z -> api.get(ctx, who, "/v1/cases/" + id + "/notices")).compose(notices ->
                    api.get(ctx, who, "/v1/history?case=" + id + "&limit=200").map(history -> {
                        pages.render(ctx, status, "case.jte", view.inZone(zone.result()), "c", found.json(),
                                "notices", notices.ok() ? notices.json().getJsonArray("items") : new JsonArray(),
                                "history", history.ok() ? history.json().getJsonArray("items") : new JsonArray());
                        return null;
                    }));
        }).onFailure(ctx::fail);
    }

    /**
     * After a refused change: the case page again, with the API's errors; for a version conflict, who changed the
     * case and when (the newest history entry), and the form values as typed.
     */
    void refused(RoutingContext ctx, SignedIn who, ApiReply reply, Forms form) {
        if (reply.status() != 412) {
            show(ctx, pages.view(ctx, reply, form.values()), reply.status());
            return;
        }
        api.get(ctx, who, "/v1/history?case=" + ctx.pathParam("id") + "&limit=1000").onSuccess(history -> {
            JsonArray items = history.ok() ? history.json().getJsonArray("items") : new JsonArray();
            JsonObject last = items.isEmpty() ? new JsonObject() : items.getJsonObject(items.size() - 1);
            View base = pages.view(ctx);
            String message = base.f("case.conflict", last.getJsonObject("actor", new JsonObject()).getString("label", "?"),
                    base.time(last.getString("at")));
            show(ctx, pages.view(ctx, message, Map.of(), form.values()), 412);
        }).onFailure(ctx::fail);
    }

    /** An amendment; its window typed in the court's time zone, as the case page showed it. */
    private void amend(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, WebConsole.CLERK);
        pages.courtZone(ctx, api, who, who.courtCode()).compose(zone -> {
            Forms form = new Forms(ctx, zone, "amount", "currency", "numbers", "validFrom", "validUntil",
                    "exemptCallers", "version");
            JsonObject body = new JsonObject();
            form.text(body, "amount").text(body, "currency").lines(body, "numbers").instant(body, "validFrom")
                    .instant(body, "validUntil").lines(body, "exemptCallers");
            String version = form.text("version");
            return api.json(ctx, who, HttpMethod.PATCH, "/v1/cases/" + ctx.pathParam("id"), body, version)
                    .map(reply -> {
                        if (reply.ok()) {
                            Pages.redirect(ctx, "/cases/" + ctx.pathParam("id"));
                        } else {
                            refused(ctx, who, reply, form);
                        }
                        return null;
                    });
        }).onFailure(ctx::fail);
    }

    private void delist(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, WebConsole.CLERK);
        Forms form = new Forms(ctx, pages.zone(), "reason", "note", "version");
        JsonObject body = new JsonObject();
        form.text(body, "reason").text(body, "note");
        api.json(ctx, who, HttpMethod.POST, "/v1/cases/" + ctx.pathParam("id") + "/delist", body, form.text("version"))
                .onSuccess(reply -> {
                    if (reply.ok()) {
                        Pages.redirect(ctx, "/cases/" + ctx.pathParam("id"));
                    } else {
                        refused(ctx, who, reply, form);
                    }
                }).onFailure(ctx::fail);
    }

    /** Bulk import: the CSV goes to the API as it is; its answer is the per-row report. */
    private void importCsv(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, WebConsole.CLERK);
        var uploads = ctx.fileUploads();
        if (uploads.size() != 1) {
            pages.render(ctx, 400, "case-import.jte",
                    pages.view(ctx, pages.view(ctx).t("import.noFile"), Map.of(), Map.of()), "report", new JsonObject());
            return;
        }
        ctx.vertx().fileSystem().readFile(uploads.get(0).uploadedFileName())
                .compose(csv -> api.raw(ctx, who, HttpMethod.POST, "/v1/cases/import", "text/csv; charset=utf-8", csv,
                        null))
                .onSuccess(reply -> {
                    if (reply.status() == 401 || reply.status() == 403) {
                        pages.apiError(ctx, reply);
                        return;
                    }
                    pages.render(ctx, reply.ok() ? 200 : reply.status(), "case-import.jte",
                            pages.view(ctx, reply.ok() ? null : reply.detail(Pages.messages(ctx)), Map.of(), Map.of()),
                            "report", reply.json());
                })
                .onFailure(ctx::fail);
    }
}
