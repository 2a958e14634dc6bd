package org.defaulterivr.console;

import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import java.time.Clock;
import org.defaulterivr.config.Config;
import org.defaulterivr.people.People;
import org.defaulterivr.people.SignInThrottle;
import org.defaulterivr.access.Role;
import org.defaulterivr.access.TokenRepository;

/**
 * The web console for court clerks, auditors and admins, at the root of the HTTP port: server-rendered pages in
 * Chinese and English, htmx for partial updates, Chart.js for charts, all served by the node itself. People sign in
 * with a password and a TOTP code; every page then works through {@code /v1} on their behalf ({@link ApiLoopback}).
 *
 * <p>Sessions live in this node's memory (a load balancer in front of several nodes keeps a person on one node);
 * signing out, or an admin revoking the person's token, ends the session on every node, since every page asks the API.
 */
public final class WebConsole {
    /** The console's pages; everything else on the port (/v1, /notices, /health, /metrics) is not the console's. */
    private static final String PAGES = "^/(|sign-in(/code)?|sign-out|language|cases(/.*)?|audit(/.*)?|admin(/.*)?)$";
    private static final long BODY_LIMIT = 6L * 1024 * 1024;

    private final Config config;
    private final People people;
    private final TokenRepository tokens;
    private final Clock clock;

    public WebConsole(Config config, People people, TokenRepository tokens, Clock clock) {
        this.config = config;
        this.people = people;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Adds the console's routes to the HTTP server's root router (before its own body handler). */
    public void mount(Vertx vertx, Router root) {
        ConsoleSecurity security = new ConsoleSecurity(clock, config.consoleSessionIdle(), config.consoleSessionMax(),
                tokens);
        vertx.setPeriodic(security.sweepMillis(), id -> security.sweep());
        Pages pages = new Pages(security, config.consoleTimeZone());
        ApiLoopback api = new ApiLoopback(vertx, config.httpTls());

        root.route("/static/*").handler(StaticHandler.create("console/static").setMaxAgeSeconds(3600));
        root.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars")
                .setMaxAgeSeconds(86400));
        root.routeWithRegex(PAGES).handler(ConsoleSecurity::headers);
        root.routeWithRegex(PAGES).handler(SessionHandler.create(LocalSessionStore.create(vertx))
                .setSessionCookieName("divr_console")
                .setCookieHttpOnlyFlag(true)
                .setCookieSameSite(CookieSameSite.STRICT)
                .setCookieSecureFlag(config.httpTls())
                .setSessionTimeout(config.consoleSessionIdle().toMillis())
                .setMinLength(32));
        String uploads = config.dataDir().resolve("uploads").toString();
        root.routeWithRegex(PAGES).handler(BodyHandler.create(uploads).setBodyLimit(BODY_LIMIT)
                .setDeleteUploadedFilesOnEnd(true));
        root.routeWithRegex(PAGES).handler(security::checkCsrf);
        root.routeWithRegex(PAGES).failureHandler(ctx -> onFailure(pages, ctx));

        new SignInPages(pages, people, tokens, new SignInThrottle(clock, config.authFailuresPerMinute()), clock)
                .mount(root);
        root.get("/language").handler(WebConsole::language);
        root.get("/").handler(ctx -> {
            SignedIn who = security.who(ctx);
            Pages.redirect(ctx, who == null ? "/sign-in" : switch (who.role()) {
                case COURT -> "/cases";
                case AUDITOR -> "/audit";
                default -> "/admin/courts";
            });
        });
        CasePages cases = new CasePages(pages, api);
        cases.mount(root);
        new NoticePages(pages, api, cases).mount(root);
        new AuditPages(pages, api).mount(root);
        new AdminPages(pages, api).mount(root);
    }

    /** The language switch: remembers the choice for a year and goes back to the page it was used on. */
    private static void language(RoutingContext ctx) {
        String to = "zh-CN".equals(ctx.queryParams().get("to")) ? "zh-CN" : "en";
        String back = ctx.queryParams().get("back");
        if (back == null || !back.startsWith("/") || back.startsWith("//") || back.contains("\\")) {
            back = "/"; // only a path on this site: the switch is no open redirect
        }
        ctx.response().addCookie(Cookie.cookie(Pages.LANGUAGE_COOKIE, to).setPath("/").setMaxAge(365L * 86400)
                .setSameSite(CookieSameSite.STRICT).setHttpOnly(true));
        Pages.redirect(ctx, back);
    }

    private static void onFailure(Pages pages, RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        Throwable failure = ctx.failure();
        if (failure instanceof ConsoleRefusal refusal) {
            pages.error(ctx, refusal.status(), refusal.messageKey(), null);
        } else if (ctx.statusCode() == 413) {
            pages.error(ctx, 413, "error.tooLarge", null);
        } else if (failure == null && ctx.statusCode() > 0) {
            pages.error(ctx, ctx.statusCode(), ctx.statusCode() == 404 ? "error.notFound" : "error.api", null);
        } else {
            org.slf4j.LoggerFactory.getLogger(WebConsole.class).error("console error on {} {}: {}",
                    ctx.request().method(), ctx.currentRoute() == null ? "?" : ctx.currentRoute().getPath(),
                    String.valueOf(failure));
            pages.error(ctx, 500, "error.api", null);
        }
    }

    /** For the role checks of pages: which roles see what. */
    static final Role[] CLERK = {Role.COURT};
    static final Role[] AUDITOR = {Role.AUDITOR};
    static final Role[] ADMIN = {Role.ADMIN};
}
