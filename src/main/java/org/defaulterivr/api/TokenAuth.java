package org.defaulterivr.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.defaulterivr.access.Actor;
import org.defaulterivr.access.Role;
import org.defaulterivr.access.TokenRepository;

/**
 * Authenticates every {@code /v1} request by its bearer token and puts the {@link Actor} on the context; routes then
 * say which roles they admit ({@link #require}). Failed attempts are counted per client address.
 *
 * <p>The token is checked before the body is read: the request is paused during the database lookup, and the body
 * handler that follows resumes it, so an unauthenticated client cannot make us read a large upload.
 */
public final class TokenAuth implements Handler<RoutingContext> {
    private static final String ACTOR = "divr.actor";
    private static final String BEARER = "Bearer ";

    private final TokenRepository tokens;
    private final AuthFailureLimiter limiter;
    private final Clock clock;

    TokenAuth(TokenRepository tokens, AuthFailureLimiter limiter, Clock clock) {
        this.tokens = tokens;
        this.limiter = limiter;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
        long blocked = limiter.blockedForSeconds(address);
        if (blocked > 0) {
            ctx.response().putHeader("Retry-After", Long.toString(blocked));
            ctx.fail(new Problem(429, "too-many-failed-authentications", "Too many failed authentications",
                    "this address presented too many invalid tokens; try again in " + blocked + " s", List.of()));
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            ctx.fail(unauthorized("send a bearer token: Authorization: Bearer divr_..."));
            return;
        }
        String token = header.substring(BEARER.length()).strip();
        ctx.request().pause();
        tokens.check(token, clock.instant()).onComplete(ar -> {
            if (ar.failed()) {
                ctx.request().resume();
                ctx.fail(ar.cause());
            } else if (ar.result() instanceof TokenRepository.Check.Valid valid) {
                ctx.put(ACTOR, valid.actor());
                if (!takesBody(ctx.request().method())) {
                    ctx.request().resume();
                }
                ctx.next();
            } else {
                limiter.failed(address);
                ctx.request().resume();
                ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                ctx.fail(unauthorized(((TokenRepository.Check.Invalid) ar.result()).reason()));
            }
        });
    }

    private static boolean takesBody(HttpMethod method) {
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
    }

    private static Problem unauthorized(String detail) {
        return new Problem(401, "unauthorized", "Authentication required", detail, List.of());
    }

    /** The authenticated actor, if its role is one of {@code roles}; else 403. */
    public static Actor require(RoutingContext ctx, Role... roles) {
        Actor actor = ctx.get(ACTOR);
        if (actor == null) {
            throw unauthorized("send a bearer token");
        }
        if (Arrays.stream(roles).noneMatch(r -> r == actor.role())) {
            throw new Problem(403, "forbidden", "Not allowed", "a " + actor.role().wireName() + " token may not do this",
                    List.of());
        }
        return actor;
    }
}
