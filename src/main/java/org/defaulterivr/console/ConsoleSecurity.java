package org.defaulterivr.console;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.defaulterivr.access.Role;

/**
 * What guards every console request: strict response headers (no inline script anywhere, so the policy allows only
 * this origin's files), a synchronizer CSRF token per session checked on every state-changing request, the absolute
 * session limit, and the role a page needs.
 */
final class ConsoleSecurity {
    static final String CSRF_FIELD = "csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'; object-src 'none'";
    private static final String CSRF_KEY = "csrf";
    private static final String WHO_KEY = "who";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Duration maxSession;

    ConsoleSecurity(Clock clock, Duration maxSession) {
        this.clock = clock;
        this.maxSession = maxSession;
    }

    /** Headers for every console response; pages are never cached (they show personal data). */
    static void headers(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "same-origin")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Cache-Control", "no-store");
        ctx.next();
    }

    /** The session's CSRF token, made on first use. */
    static String csrfToken(Session session) {
        String token = session.get(CSRF_KEY);
        if (token == null) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            session.put(CSRF_KEY, token);
        }
        return token;
    }

    /** Refuses (403) a POST, PUT, PATCH or DELETE whose form field or header does not carry the session's token. */
    void checkCsrf(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            ctx.next();
            return;
        }
        String sent = ctx.request().getHeader(CSRF_HEADER);
        if (sent == null) {
            sent = ctx.request().getFormAttribute(CSRF_FIELD);
        }
        String expected = ctx.session() == null ? null : ctx.session().get(CSRF_KEY);
        if (sent == null || expected == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            ctx.fail(403, new ConsoleRefusal(403, "error.csrf"));
            return;
        }
        ctx.next();
    }

    /** Who is signed in, if anyone is and the session has not outlived its absolute limit. */
    SignedIn who(RoutingContext ctx) {
        Session session = ctx.session();
        if (session == null) {
            return null;
        }
        SignedIn who = session.get(WHO_KEY);
        if (who != null && clock.instant().isAfter(who.signedInAt().plus(maxSession))) {
            session.destroy();
            return null;
        }
        return who;
    }

    static void signIn(RoutingContext ctx, SignedIn who) {
        // a new session id at sign-in: an id planted before it (session fixation) is worth nothing after
        ctx.session().regenerateId();
        ctx.session().put(WHO_KEY, who);
    }

    /** The person signed in, if their role is one of {@code roles}; else the request is answered (sign-in or 403). */
    SignedIn require(RoutingContext ctx, Role... roles) {
        SignedIn who = who(ctx);
        if (who == null) {
            throw new ConsoleRefusal(401, "error.signedOut");
        }
        if (Arrays.stream(roles).noneMatch(r -> r == who.role())) {
            throw new ConsoleRefusal(403, "error.forbidden");
        }
        return who;
    }

    Duration maxSession() {
        return maxSession;
    }
}
