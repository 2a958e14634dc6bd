package org.defaulterivr.console;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * An admin's pages: courts, people (named accounts for the console), machine tokens (a new token's secret is shown
 * once; revoking), and the global exempt callers, all through the API.
 */
final class AdminPages {
    private final Pages pages;
    private final ApiLoopback api;

    AdminPages(Pages pages, ApiLoopback api) {
        this.pages = pages;
        this.api = api;
    }

    void mount(Router root) {
        root.get("/admin/courts").handler(ctx -> courts(ctx, pages.view(ctx), 200));
        root.post("/admin/courts").handler(this::createCourt);
        root.get("/admin/people").handler(ctx -> people(ctx, pages.view(ctx), 200, null));
        root.post("/admin/people").handler(this::enrol);
        root.post("/admin/people/:id/disable").handler(this::disable);
        root.get("/admin/tokens").handler(ctx -> tokens(ctx, pages.view(ctx), 200, null));
        root.post("/admin/tokens").handler(this::issue);
        root.post("/admin/tokens/:id/revoke").handler(this::revoke);
        root.get("/admin/exempt").handler(ctx -> exempt(ctx, pages.view(ctx), 200));
        root.post("/admin/exempt").handler(this::addExempt);
        root.post("/admin/exempt/remove").handler(this::removeExempt);
    }

    private Future<JsonArray> items(RoutingContext ctx, SignedIn who, String uri) {
        return api.get(ctx, who, uri).map(reply -> reply.ok() ? reply.json().getJsonArray("items") : new JsonArray());
    }

    // ---- courts

    private void courts(RoutingContext ctx, View view, int status) {
        SignedIn who = pages.security().require(ctx, WebConsole.ADMIN);
        items(ctx, who, "/v1/courts").onSuccess(list -> pages.render(ctx, status, "admin-courts.jte", view,
                "courts", list)).onFailure(ctx::fail);
    }

    private void createCourt(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, WebConsole.ADMIN);
        Forms form = new Forms(ctx, pages.zone(), "code", "name", "timeZone");
        JsonObject body = new JsonObject();
        form.text(body, "code").text(body, "name").text(body, "timeZone");
        api.json(ctx, who, HttpMethod.POST, "/v1/courts", body, null).onSuccess(reply -> {
            if (reply.ok()) {
                Pages.redirect(ctx, "/admin/courts");
            } else {
                courts(ctx, pages.view(ctx, reply, form.values()), reply.status());
            }
        }).onFailure(ctx::fail);
    }

    // ---- people

    private void people(RoutingContext ctx, View view, int status, JsonObject enrolled) {
        SignedIn who = pages.security().require(ctx, WebConsole.ADMIN);
        items(ctx, who, "/v1/courts").compose(courts -> items(ctx, who, "/v1/people").map(list -> {
            pages.render(ctx, status, "admin-people.jte", view, "people", list, "courts", courts,
                    "enrolled", enrolled);
            return null;
        })).onFailure(ctx::fail);
    }

    private void enrol(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, WebConsole.ADMIN);
        Forms form = new Forms(ctx, pages.zone(), "username", "displayName", "role", "court");
        JsonObject body = new JsonObject();
        form.text(body, "username").text(body, "displayName").text(body, "role");
        if ("court".equals(form.text("role"))) {
            form.text(body, "court");
        }
        api.json(ctx, who, HttpMethod.POST, "/v1/people", body, null).onSuccess(reply -> {
            if (reply.ok()) {
                people(ctx, pages.view(ctx), 201, reply.json());
            } else {
                people(ctx, pages.view(ctx, reply, form.values()), reply.status(), null);
            }
        }).onFailure(ctx::fail);
    }

    private void disable(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, WebConsole.ADMIN);
        String id = ctx.pathParam("id");
        if (!id.matches("[0-9]{1,18}")) {
            pages.error(ctx, 404, "error.notFound", null);
            return;
        }
        api.json(ctx, who, HttpMethod.POST, "/v1/people/" + id + "/disable", new JsonObject(), null)
                .onSuccess(reply -> {
                    if (reply.ok()) {
                        Pages.redirect(ctx, "/admin/people");
                    } else {
                        pages.apiError(ctx, reply);
                    }
                }).onFailure(ctx::fail);
    }

    // ---- tokens

    private void tokens(RoutingContext ctx, View view, int status, JsonObject issued) {
        SignedIn who = pages.security().require(ctx, WebConsole.ADMIN);
        items(ctx, who, "/v1/courts").compose(courts -> items(ctx, who, "/v1/tokens").map(list -> {
            pages.render(ctx, status, "admin-tokens.jte", view, "tokens", list, "courts", courts, "issued", issued);
            return null;
        })).onFailure(ctx::fail);
    }

    private void issue(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, WebConsole.ADMIN);
        Forms form = new Forms(ctx, pages.zone(), "role", "court", "label", "days");
        JsonObject body = new JsonObject();
        form.text(body, "role").text(body, "label");
        if (!"court".equals(form.text("role"))) {
            form.values().remove("court");
        } else {
            form.text(body, "court");
        }
        if (form.text("days") != null) {
            body.put("days", form.number("days") == null ? (Object) form.text("days") : form.number("days"));
        }
        api.json(ctx, who, HttpMethod.POST, "/v1/tokens", body, null).onSuccess(reply -> {
            if (reply.ok()) {
                tokens(ctx, pages.view(ctx), 201, reply.json());
            } else {
                tokens(ctx, pages.view(ctx, reply, form.values()), reply.status(), null);
            }
        }).onFailure(ctx::fail);
    }

    private void revoke(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, WebConsole.ADMIN);
        String id = ctx.pathParam("id");
        if (!id.matches("[0-9]{1,18}")) {
            pages.error(ctx, 404, "error.notFound", null);
            return;
        }
        api.json(ctx, who, HttpMethod.POST, "/v1/tokens/" + id + "/revoke", new JsonObject(), null)
                .onSuccess(reply -> {
                    if (reply.ok() || reply.status() == 404 || reply.status() == 409) {
                        Pages.redirect(ctx, "/admin/tokens");
                    } else {
                        pages.apiError(ctx, reply);
                    }
                }).onFailure(ctx::fail);
    }

    // ---- exempt callers

    private void exempt(RoutingContext ctx, View view, int status) {
        SignedIn who = pages.security().require(ctx, WebConsole.ADMIN);
        items(ctx, who, "/v1/exempt-callers").onSuccess(list -> pages.render(ctx, status, "admin-exempt.jte", view,
                "callers", list)).onFailure(ctx::fail);
    }

    private void addExempt(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, WebConsole.ADMIN);
        Forms form = new Forms(ctx, pages.zone(), "caller", "label");
        String caller = form.text("caller") == null ? "" : form.text("caller");
        JsonObject body = new JsonObject();
        form.text(body, "label");
        api.json(ctx, who, HttpMethod.PUT, "/v1/exempt-callers/" + View.encode(caller).replace("+", "%20"), body, null)
                .onSuccess(reply -> {
                    if (reply.ok()) {
                        Pages.redirect(ctx, "/admin/exempt");
                    } else {
                        exempt(ctx, pages.view(ctx, reply, form.values()), reply.status());
                    }
                }).onFailure(ctx::fail);
    }

    private void removeExempt(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, WebConsole.ADMIN);
        String caller = new Forms(ctx, pages.zone(), "caller").text("caller");
        api.delete(ctx, who, "/v1/exempt-callers/" + View.encode(caller == null ? "" : caller).replace("+", "%20"))
                .onSuccess(reply -> Pages.redirect(ctx, "/admin/exempt")).onFailure(ctx::fail);
    }
}
