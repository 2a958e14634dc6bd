package org.defaulterivr.console;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.defaulterivr.people.People;
import org.defaulterivr.people.Person;
import org.defaulterivr.people.SignInThrottle;
import org.defaulterivr.access.Actor;
import org.defaulterivr.access.TokenRepository;

/**
 * Signing in: the password first, then the TOTP code, then a bearer token for the person made for the session's
 * lifetime; signing out revokes it. A wrong name, password or code all read the same, and every failure counts
 * towards the {@link SignInThrottle} of that name from that address.
 */
final class SignInPages {
    private static final String PENDING = "pending";
    private static final Duration PENDING_FOR = Duration.ofMinutes(5);

    /** Password checked, code not yet. */
    private record Pending(long personId, String username, Instant at) {
    }

    private final Pages pages;
    private final People people;
    private final TokenRepository tokens;
    private final SignInThrottle throttle;
    private final Clock clock;

    SignInPages(Pages pages, People people, TokenRepository tokens, SignInThrottle throttle, Clock clock) {
        this.pages = pages;
        this.people = people;
        this.tokens = tokens;
        this.throttle = throttle;
        this.clock = clock;
    }

    void mount(Router root) {
        root.get("/sign-in").handler(ctx -> pages.render(ctx, "sign-in.jte", pages.view(ctx)));
        root.post("/sign-in").handler(this::password);
        root.get("/sign-in/code").handler(ctx -> {
            if (pending(ctx) == null) {
                Pages.redirect(ctx, "/sign-in");
                return;
            }
            pages.render(ctx, "sign-in-code.jte", pages.view(ctx));
        });
        root.post("/sign-in/code").handler(this::code);
        root.post("/sign-out").handler(this::signOut);
    }

    private static String address(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    }

    private void refuse(RoutingContext ctx, String template, String messageKey, Object... arguments) {
        String message = pages.view(ctx).f(messageKey, arguments);
        pages.render(ctx, 400, template, pages.view(ctx, message, Map.of(), Map.of()));
    }

    private boolean throttled(RoutingContext ctx, String template, String username) {
        long wait = throttle.waitSeconds(username, address(ctx));
        if (wait > 0) {
            ctx.response().putHeader("Retry-After", Long.toString(wait));
            String message = pages.view(ctx).f("signIn.wait", wait);
            pages.render(ctx, 429, template, pages.view(ctx, message, Map.of(), Map.of()));
            return true;
        }
        return false;
    }

    private void password(RoutingContext ctx) {
        String username = trimmed(ctx.request().getFormAttribute("username"));
        String password = ctx.request().getFormAttribute("password");
        if (username.isEmpty() || password == null || password.isEmpty() || password.length() > 200) {
            refuse(ctx, "sign-in.jte", "signIn.wrong");
            return;
        }
        if (throttled(ctx, "sign-in.jte", username)) {
            return;
        }
        people.checkPassword(username, password).onComplete(checked -> {
            if (checked.failed()) {
                ctx.fail(checked.cause());
            } else if (checked.result().isEmpty()) {
                throttle.failed(username, address(ctx));
                refuse(ctx, "sign-in.jte", "signIn.wrong");
            } else {
                Person person = checked.result().get();
                ctx.session().put(PENDING, new Pending(person.id(), person.username(), clock.instant()));
                Pages.redirect(ctx, "/sign-in/code");
            }
        });
    }

    private Pending pending(RoutingContext ctx) {
        Pending pending = ctx.session().get(PENDING);
        if (pending != null && clock.instant().isAfter(pending.at().plus(PENDING_FOR))) {
            ctx.session().remove(PENDING);
            return null;
        }
        return pending;
    }

    private void code(RoutingContext ctx) {
        Pending pending = pending(ctx);
        if (pending == null) {
            Pages.redirect(ctx, "/sign-in");
            return;
        }
        if (throttled(ctx, "sign-in-code.jte", pending.username())) {
            return;
        }
        people.checkCode(pending.personId(), trimmed(ctx.request().getFormAttribute("code")))
                .compose(ok -> ok ? people.repository().byId(pending.personId()).map(p -> p.orElse(null))
                        : Future.succeededFuture((Person) null))
                .compose(person -> person == null ? Future.succeededFuture((SignedIn) null) : startSession(ctx, person))
                .onComplete(done -> {
                    if (done.failed()) {
                        ctx.fail(done.cause());
                    } else if (done.result() == null) {
                        throttle.failed(pending.username(), address(ctx));
                        refuse(ctx, "sign-in-code.jte", "signIn.wrongCode");
                    } else {
                        throttle.succeeded(pending.username(), address(ctx));
                        ctx.session().remove(PENDING);
                        pages.security().signIn(ctx, done.result());
                        Pages.redirect(ctx, "/");
                    }
                });
    }

    /** The person's bearer token for this session: their role and court, their name as its label. */
    private Future<SignedIn> startSession(RoutingContext ctx, Person person) {
        Instant now = clock.instant();
        return tokens.issue(person.role(), person.courtId(), person.principal(),
                        now.plus(pages.security().maxSession()), Actor.system("console"))
                .map(issued -> new SignedIn(person.id(), person.username(), person.displayName(), person.role(),
                        person.courtCode(), issued.info().id(), issued.token(), now));
    }

    private void signOut(RoutingContext ctx) {
        SignedIn who = pages.security().who(ctx);
        if (who != null) {
            pages.security().signedOut(who);
        }
        Future<?> revoked = who == null ? Future.succeededFuture()
                : tokens.revoke(who.tokenId(), Actor.system("console sign-out"));
        revoked.onComplete(done -> {
            ctx.session().destroy();
            Pages.redirect(ctx, "/sign-in");
        });
    }

    private static String trimmed(String text) {
        return text == null ? "" : text.strip();
    }
}
