package org.defaulterivr.console;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.defaulterivr.access.Actor;
import org.defaulterivr.access.Role;
import org.defaulterivr.access.TokenRepository;

/**
 * What guards every console request: strict response headers (no inline script anywhere, so the policy allows only
 * this origin's files), a synchronizer CSRF token per session checked on every state-changing request, the idle and
 * absolute session limits, and the role a page needs.
 *
 * <p>A session's API token must not outlive the session: this node remembers when each of its sessions was last used,
 * and revokes the token of one left idle (at its next page, or by the sweep that runs a few times per idle period),
 * and of one past its absolute limit (the token also expires then by itself). A node that crashes leaves its sessions'
 * tokens to expire at the absolute limit.
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
    private final Duration idle;
    private final Duration maxSession;
    private final TokenRepository tokens;
    /** The API token of each session signed in on this node, with when the session was last used. */
    private final Map<Long, Instant> lastUsed = new ConcurrentHashMap<>();

    ConsoleSecurity(Clock clock, Duration idle, Duration maxSession, TokenRepository tokens) {
        this.clock = clock;
        this.idle = idle;
        this.maxSession = maxSession;
        this.tokens = tokens;
    }

    /** How often {@link #sweep} should run: a quarter of the idle limit, between 0.2 and 30 seconds. */
    long sweepMillis() {
        return Math.max(200, Math.min(30_000, idle.toMillis() / 4));
    }

    /** Revokes the token of every session left idle too long (the session itself ends with it); how many. */
    int sweep() {
        Instant now = clock.instant();
        int ended = 0;
        for (Map.Entry<Long, Instant> entry : lastUsed.entrySet()) {
            if (now.isAfter(entry.getValue().plus(idle)) && lastUsed.remove(entry.getKey(), entry.getValue())) {
                revoke(entry.getKey(), "console idle timeout");
                ended++;
            }
        }
        return ended;
    }

    private void revoke(long tokenId, String why) {
        if (tokens != null) {
            tokens.revoke(tokenId, Actor.system(why)).onFailure(e -> org.slf4j.LoggerFactory
                    .getLogger(ConsoleSecurity.class).warn("could not revoke an ended session's token {}: {}", tokenId,
                            String.valueOf(e)));
        }
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

    /**
     * Who is signed in, if anyone is and the session has outlived neither its idle nor its absolute limit; an ended
     * session is destroyed and its token revoked. Counts as a use of the session.
     */
    SignedIn who(RoutingContext ctx) {
        Session session = ctx.session();
        if (session == null) {
            return null;
        }
        SignedIn who = session.get(WHO_KEY);
        if (who == null) {
            return null;
        }
        Instant now = clock.instant();
        Instant last = lastUsed.get(who.tokenId());
        boolean idled = last == null || now.isAfter(last.plus(idle));
        if (idled || now.isAfter(who.signedInAt().plus(maxSession))) {
            session.destroy();
            if (last == null || lastUsed.remove(who.tokenId(), last)) {
                revoke(who.tokenId(), idled ? "console idle timeout" : "console session limit");
            }
            return null;
        }
        lastUsed.replace(who.tokenId(), last, now);
        return who;
    }

    void signIn(RoutingContext ctx, SignedIn who) {
        // a new session id at sign-in: an id planted before it (session fixation) is worth nothing after
        ctx.session().regenerateId();
        ctx.session().put(WHO_KEY, who);
        lastUsed.put(who.tokenId(), clock.instant());
    }

    /** The session ends by signing out (its token is revoked by the caller). */
    void signedOut(SignedIn who) {
        lastUsed.remove(who.tokenId());
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
