package org.defaulterivr.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.defaulterivr.access.AccessTokens;
import org.defaulterivr.access.Actor;
import org.defaulterivr.access.Role;
import org.defaulterivr.access.TokenRepository;

/**
 * Authenticates every {@code /v1} request by its bearer token and puts the {@link Actor} on the context; routes then
 * say which roles they admit ({@link #require}). Failed attempts are counted per client address and per token
 * presented ({@link AuthFailureLimiter}); a valid token always passes. The client address is the peer's, or taken
 * from {@code X-Forwarded-For} only when the peer is a trusted proxy ({@link ClientAddress}).
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
    private final ClientAddress addresses;

    TokenAuth(TokenRepository tokens, AuthFailureLimiter limiter, ClientAddress addresses, Clock clock) {
        this.addresses = addresses;
        this.tokens = tokens;
        this.limiter = limiter;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String address = addresses.of(ctx);
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            ctx.fail(unauthorized("send a bearer token: Authorization: Bearer divr_..."));
            return;
        }
        String token = header.substring(BEARER.length()).strip();
        String credential = HexFormat.of().formatHex(AccessTokens.hash(token));
        long credentialBlocked = limiter.credentialBlockedForSeconds(credential);
        if (credentialBlocked > 0) {
            // this token failed too often: refused without asking the database (a valid token never fails)
            tooMany(ctx, credentialBlocked, "this token was refused too often; it is not checked again for "
                    + credentialBlocked + " s");
            return;
        }
        ctx.request().pause();
        tokens.check(token, clock.instant()).onComplete(ar -> {
            if (ar.failed()) {
                ctx.request().resume();
                ctx.fail(ar.cause());
            } else if (ar.result() instanceof TokenRepository.Check.Valid valid) {
                // a valid token passes whatever its address did: the limit must not lock a legitimate client out
                ctx.put(ACTOR, valid.actor());
                if (!takesBody(ctx.request().method())) {
                    ctx.request().resume();
                }
                ctx.next();
            } else {
                long blocked = limiter.blockedForSeconds(address);
                limiter.failed(address, credential);
                ctx.request().resume();
                if (blocked > 0) {
                    tooMany(ctx, blocked, "this address presented too many invalid tokens; try again in " + blocked
                            + " s");
                    return;
                }
                ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                ctx.fail(unauthorized(((TokenRepository.Check.Invalid) ar.result()).reason()));
            }
        });
    }

    private static void tooMany(RoutingContext ctx, long seconds, String detail) {
        ctx.response().putHeader("Retry-After", Long.toString(seconds));
        ctx.fail(new Problem(429, "too-many-failed-authentications", "Too many failed authentications", detail,
                List.of()));
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
