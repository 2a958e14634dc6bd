package org.defaulterivr.api.audit;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.function.Function;
import org.defaulterivr.access.Actor;
import org.defaulterivr.access.Role;
import org.defaulterivr.api.TokenAuth;

/**
 * Who may use the auditors' evidence-log routes and who the caller is, for the access log. {@code authorise} runs
 * before every such handler and either calls {@code next()} or fails the request (401/403); {@code principal} names
 * the caller it let through.
 */
public record AuditAccess(Handler<RoutingContext> authorise, Function<RoutingContext, String> principal) {

    public AuditAccess {
        Objects.requireNonNull(authorise, "authorise");
        Objects.requireNonNull(principal, "principal");
    }

    /**
     * The registry's bearer tokens ({@link TokenAuth}, which has already authenticated every {@code /v1} request):
     * auditor tokens only; the principal is the token's id and label.
     */
    public static AuditAccess auditorTokens() {
        return new AuditAccess(ctx -> {
            TokenAuth.require(ctx, Role.AUDITOR);
            ctx.next();
        }, ctx -> {
            Actor actor = TokenAuth.require(ctx, Role.values());
            return "token " + actor.tokenId() + " (" + actor.label() + ")";
        });
    }
}
