package org.defaulterivr.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Who may use the auditors' routes and who the caller is, for the access log. {@code authorise} runs before every
 * auditor handler and either calls {@code next()} or fails the request (401/403); {@code principal} names the caller
 * it let through. The registry's bearer tokens with their roles plug in here; until they do, a node refuses all.
 */
public record AuditAccess(Handler<RoutingContext> authorise, Function<RoutingContext, String> principal) {

    public AuditAccess {
        Objects.requireNonNull(authorise, "authorise");
        Objects.requireNonNull(principal, "principal");
    }

    /** Refuses every request: the safe default while no token scheme is configured. */
    public static AuditAccess denyAll() {
        return new AuditAccess(ctx -> ctx.fail(new Problem(401, "unauthorized", "Authentication required",
                "no auditor credentials are configured on this node", List.of())), ctx -> "nobody");
    }

    /** Lets through requests bearing exactly {@code token} ({@code Authorization: Bearer <token>}) as {@code principal}. */
    public static AuditAccess bearerToken(String token, String principal) {
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        return new AuditAccess(ctx -> {
            String given = ctx.request().getHeader("Authorization");
            if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
                ctx.next();
            } else {
                ctx.response().putHeader("WWW-Authenticate", "Bearer");
                ctx.fail(new Problem(401, "unauthorized", "Authentication required",
                        "a valid auditor bearer token is required", List.of()));
            }
        }, ctx -> principal);
    }
}
