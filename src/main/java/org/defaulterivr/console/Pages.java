package org.defaulterivr.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rendering a page: the precompiled jte template of that page (plain Java classes made at build time; rendering a
 * page of 50 rows takes microseconds, so it runs on the event loop), with the {@link View} every page gets.
 */
final class Pages {
    static final String LANGUAGE_COOKIE = "divr_lang";
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);

    private final ConsoleSecurity security;
    private final ZoneId zone;

    Pages(ConsoleSecurity security, ZoneId zone) {
        this.security = security;
        this.zone = zone;
    }

    ZoneId zone() {
        return zone;
    }

    /** The time zone of a court's times: its own ({@code timeZone} of {@code /v1/courts/CODE}), else the default. */
    Future<ZoneId> courtZone(RoutingContext ctx, ApiLoopback api, SignedIn who, String courtCode) {
        if (courtCode == null || !courtCode.matches("[a-z0-9][a-z0-9-]{1,62}")) {
            return Future.succeededFuture(zone);
        }
        return api.get(ctx, who, "/v1/courts/" + courtCode).map(reply -> reply.ok() ? zoneOf(reply.json()) : zone);
    }

    /** A court's zone from its JSON ({@code timeZone}), else the default. */
    ZoneId zoneOf(io.vertx.core.json.JsonObject court) {
        String id = court.getString("timeZone");
        try {
            return id == null ? zone : ZoneId.of(id);
        } catch (java.time.DateTimeException e) {
            return zone;
        }
    }

    /** Every court's zone by its code (for auditors and admins, who may list the courts). */
    Future<Map<String, ZoneId>> courtZones(RoutingContext ctx, ApiLoopback api, SignedIn who) {
        return api.get(ctx, who, "/v1/courts").map(reply -> {
            Map<String, ZoneId> zones = new HashMap<>();
            if (reply.ok()) {
                View.objects(reply.json().getJsonArray("items")).forEach(c -> zones.put(c.getString("code"), zoneOf(c)));
            }
            return zones;
        });
    }

    ConsoleSecurity security() {
        return security;
    }

    static Messages messages(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(LANGUAGE_COOKIE);
        return Messages.choose(cookie == null ? null : cookie.getValue(), ctx.acceptableLanguages());
    }

    View view(RoutingContext ctx) {
        return view(ctx, null, Map.of(), Map.of());
    }

    /** The view of a form the API refused: its problem detail, errors by field, and the values as sent. */
    View view(RoutingContext ctx, ApiReply refused, Map<String, String> form) {
        Messages t = messages(ctx);
        return view(ctx, refused == null ? null : refused.detail(t),
                refused == null ? Map.of() : refused.fieldErrors(t), form);
    }

    View view(RoutingContext ctx, String problem, Map<String, List<String>> errors, Map<String, String> form) {
        String csrf = ctx.session() == null ? null : ConsoleSecurity.csrfToken(ctx.session());
        return new View(messages(ctx), csrf, security.who(ctx), ctx.request().uri(), zone, problem, errors, form,
                Map.of());
    }

    void render(RoutingContext ctx, int status, String template, View view, Object... namesAndValues) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("v", view);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        StringOutput out = new StringOutput();
        TEMPLATES.render(template, parameters, out);
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(out.toString());
    }

    void render(RoutingContext ctx, String template, View view, Object... namesAndValues) {
        render(ctx, 200, template, view, namesAndValues);
    }

    static void redirect(RoutingContext ctx, String location) {
        ctx.response().setStatusCode(303).putHeader("Location", location).end();
    }

    /** The error page for a status; 401 sends the person to sign in. */
    void error(RoutingContext ctx, int status, String messageKey, String detail) {
        if (status == 401) {
            if (ctx.session() != null) {
                ctx.session().destroy();
            }
            redirect(ctx, "/sign-in");
            return;
        }
        render(ctx, status, "error.jte", view(ctx), "status", status, "message", messageKey, "detail",
                detail == null ? "" : detail);
    }

    /** A reply the page cannot use (401, 403, 404, 5xx): the error page with the API's detail. */
    void apiError(RoutingContext ctx, ApiReply reply) {
        String key = switch (reply.status()) {
            case 401 -> "error.signedOut";
            case 403 -> "error.forbidden";
            case 404 -> "error.notFound";
            default -> "error.api";
        };
        error(ctx, reply.status(), key, reply.detail(messages(ctx)));
    }
}
