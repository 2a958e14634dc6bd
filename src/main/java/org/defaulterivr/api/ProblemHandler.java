package org.defaulterivr.api;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.defaulterivr.notice.InvalidNoticeException;
import org.defaulterivr.notice.SpeechUnavailableException;
import org.defaulterivr.notice.UnsupportedAudioException;
import org.defaulterivr.registry.InvalidCaseException;
import org.defaulterivr.registry.RegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place HTTP errors become {@code application/problem+json}. */
final class ProblemHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private ProblemHandler() {
    }

    static void install(Router router) {
        router.route().last().handler(ctx -> {
            Set<String> allowed = allowedMethods(router, ctx);
            if (allowed.isEmpty()) {
                send(ctx, Problem.notFound("no such resource: " + ctx.request().path()));
            } else {
                ctx.response().putHeader("Allow", String.join(", ", allowed));
                send(ctx, new Problem(405, "method-not-allowed", "Method not allowed", "this resource answers "
                        + String.join(", ", allowed) + ", not " + ctx.request().method(), List.of()));
            }
        });
        router.route().failureHandler(ProblemHandler::onFailure);
    }

    /**
     * The methods the router's routes give the request's path (relative to where the router is mounted); empty when
     * no route has the path, which is then 404. Routes without a method (filters like authentication) do not count.
     */
    private static Set<String> allowedMethods(Router router, RoutingContext ctx) {
        String mount = ctx.mountPoint() == null ? "" : ctx.mountPoint();
        String path = ctx.normalizedPath();
        if (mount.endsWith("/")) {
            mount = mount.substring(0, mount.length() - 1);
        }
        if (!path.startsWith(mount)) {
            return Set.of();
        }
        String relative = path.substring(mount.length());
        Set<String> allowed = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            String pattern = route.getPath();
            if (pattern == null || route.methods() == null || route.methods().isEmpty() || pattern.endsWith("*")) {
                continue;
            }
            if (relative.matches(pattern.replaceAll(":[A-Za-z0-9_]+", "[^/]+").replace(".", "\\."))) {
                route.methods().forEach(m -> allowed.add(m.name()));
            }
        }
        return allowed;
    }

    private static void onFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        Problem problem;
        if (failure instanceof Problem p) {
            problem = p;
        } else if (failure instanceof io.netty.handler.codec.DecoderException decoder) {
            // a multipart form Netty's decoder refused: too many parts, a part too long, a boundary that is not there
            problem = Problem.badRequest("the form could not be read (one file in multipart/form-data, with the "
                    + "boundary its Content-Type names)", List.of(new Problem.FieldError("file",
                            decoder instanceof io.netty.handler.codec.http.multipart.HttpPostRequestDecoder
                                    .TooManyFormFieldsException ? "the form has too many parts" : "is not readable")));
        } else if (failure instanceof InvalidCaseException invalid) {
            problem = new Problem(422, "invalid-case", "The case breaks a registry rule",
                    "nothing was changed: " + invalid.getMessage(), invalid.violations().stream()
                            .map(v -> new Problem.FieldError(v.field(), v.code(), v.message())).toList());
        } else if (failure instanceof UnsupportedAudioException audio) {
            problem = new Problem(422, "unsupported-audio", "The recording cannot be used", audio.getMessage(),
                    List.of(new Problem.FieldError("audio", audio.reason().name().toLowerCase(java.util.Locale.ROOT))));
        } else if (failure instanceof InvalidNoticeException notice) {
            problem = new Problem(422, "invalid-notice", "The notice cannot be made", notice.getMessage(), List.of());
        } else if (failure instanceof SpeechUnavailableException speech) {
            // nothing was wrong with the request: this node lacks a voice; the detail says what to install
            problem = new Problem(503, "speech-unavailable", "This node cannot speak the notice's language",
                    speech.getMessage() + " Nothing was changed.", List.of());
        } else if (failure instanceof RegistryException registry) {
            problem = switch (registry.kind()) {
                case NOT_FOUND -> Problem.notFound(registry.getMessage());
                case CONFLICT -> new Problem(409, "conflict", "Conflict", registry.getMessage(), List.of());
                case STALE_VERSION -> new Problem(412, "stale-version", "The case has changed", registry.getMessage(),
                        List.of());
            };
        } else if (failure == null) {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            problem = switch (status) {
                case 400 -> Problem.badRequest("the request could not be read", List.of());
                case 401 -> new Problem(401, "unauthorized", "Authentication required",
                        "a valid bearer token is required", List.of());
                case 403 -> new Problem(403, "forbidden", "Not allowed", "this token may not do that", List.of());
                case 404 -> Problem.notFound("no such resource");
                case 405 -> new Problem(405, "method-not-allowed", "Method not allowed",
                        "this resource does not support " + ctx.request().method(), List.of());
                case 413 -> new Problem(413, "too-large", "Request too large",
                        "the request body is larger than allowed", List.of());
                case 415 -> new Problem(415, "unsupported-media-type", "Unsupported media type",
                        "send the body as the endpoint documents", List.of());
                default -> new Problem(status, "error", "Request failed", "the request failed", List.of());
            };
        } else {
            // the route's pattern, not the path: a path may hold a phone number
            String route = ctx.currentRoute() == null || ctx.currentRoute().getPath() == null ? "?"
                    : ctx.currentRoute().getPath();
            log.error("unhandled error on {} {}: {}", ctx.request().method(), route, failure.toString());
            problem = new Problem(500, "internal", "Internal error",
                    "the service could not complete the request; nothing was changed", List.of());
        }
        send(ctx, problem);
    }

    static void send(RoutingContext ctx, Problem problem) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            response.reset();
            return;
        }
        if (!ctx.request().isEnded()) {
            // a body we refused (too large, unauthenticated) is read and dropped, so the client gets to read our answer
            ctx.request().resume();
        }
        response.setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.CONTENT_TYPE)
                .end(problem.toJson(ctx.request().path()).encode());
    }
}
