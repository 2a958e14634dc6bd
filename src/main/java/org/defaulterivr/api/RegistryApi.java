package org.defaulterivr.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Optional;
import org.defaulterivr.access.FirstAdmin;
import org.defaulterivr.access.FirstAdminTokenFile;
import org.defaulterivr.access.HistoryRepository;
import org.defaulterivr.access.Role;
import org.defaulterivr.access.TokenRepository;
import org.defaulterivr.api.audit.HistoryRoutes;
import org.defaulterivr.config.Config;
import org.defaulterivr.notice.NoticeStore;
import org.defaulterivr.numbers.PhoneNumbers;
import org.defaulterivr.registry.CaseRepository;
import org.defaulterivr.registry.CaseRules;
import org.defaulterivr.registry.CourtRepository;
import org.defaulterivr.registry.ExemptCallerRepository;
import org.defaulterivr.registry.NoticeProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry API under {@code /v1}: courts register and delist cases and their notices, auditors read the record,
 * carriers report reassigned numbers, admins keep courts, tokens and the global allowlist. Every request carries a
 * bearer token; {@code /v1/openapi.yaml} describes it all and is the one route open to anyone.
 *
 * <p>Also runs the two pieces of upkeep the API's data needs: the first admin token at first start, and marking
 * cases whose window ended as expired.
 */
public final class RegistryApi {
    private static final Logger log = LoggerFactory.getLogger(RegistryApi.class);
    static final String OPENAPI_RESOURCE = "/openapi/registry-v1.yaml";
    static final long JSON_LIMIT = 64 * 1024;
    static final long CSV_LIMIT = 5L * 1024 * 1024;
    static final long UPLOAD_LIMIT = NoticeProducer.UPLOAD_LIMITS.maxBytes() + 64 * 1024;
    private static final long EXPIRY_INTERVAL_MS = 30_000;

    private final Vertx vertx;
    private final Config config;
    private final Clock clock;
    private final TokenRepository tokens;
    private final FirstAdmin firstAdmin;
    private final CourtRepository courts;
    private final CaseRepository cases;
    private final ExemptCallerRepository exemptCallers;
    private final HistoryRepository history;
    private final PersonalDataReads reads;
    private final NoticeProducer producer;
    private final CaseRules rules;
    private final PhoneNumbers phoneNumbers;
    private final AuthFailureLimiter limiter;
    private byte[] openApi;
    private long expiryTimer = -1;

    public RegistryApi(Vertx vertx, Pool pool, Config config, PhoneNumbers phoneNumbers, NoticeStore store,
            Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
        this.phoneNumbers = phoneNumbers;
        this.tokens = new TokenRepository(pool, this::tokenFirstUsed);
        this.firstAdmin = new FirstAdmin(vertx, tokens, new FirstAdminTokenFile(config.dataDir()));
        this.courts = new CourtRepository(pool);
        this.cases = new CaseRepository(pool);
        this.exemptCallers = new ExemptCallerRepository(pool);
        this.history = new HistoryRepository(pool);
        this.reads = new PersonalDataReads(new org.defaulterivr.evidence.query.AccessLog(pool));
        this.producer = new NoticeProducer(vertx, store, config.mandarinEngine());
        this.rules = new CaseRules(phoneNumbers, config.maxListingTerm());
        this.limiter = new AuthFailureLimiter(config.authFailuresPerMinute(), clock);
    }

    /** The body handlers of the three kinds of request, each with its own size limit. */
    record Bodies(Handler<RoutingContext> json, Handler<RoutingContext> csv, Handler<RoutingContext> upload) {
    }

    /**
     * Makes sure an admin can get in (the first start leaves a new admin token in a file only the service's user can
     * read; see {@link FirstAdmin}), reads the OpenAPI document, and starts the expiry job.
     */
    public Future<Void> start() {
        // windows end on time whether or not start-up reached the database
        expiryTimer = vertx.setPeriodic(EXPIRY_INTERVAL_MS, t -> expireEnded());
        return vertx.executeBlocking(() -> {
                    try (InputStream in = RegistryApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
                        if (in == null) {
                            throw new IOException(OPENAPI_RESOURCE + " missing from the build");
                        }
                        return in.readAllBytes();
                    }
                })
                .onSuccess(bytes -> openApi = bytes)
                .compose(v -> firstAdmin.ensure(config.adminToken(), clock.instant()))
                .compose(v -> config.adminToken().isEmpty() ? Future.succeededFuture()
                        : tokens.check(config.adminToken(), clock.instant()).onSuccess(check -> {
                            if (check instanceof TokenRepository.Check.Invalid invalid) {
                                log.error("DIVR_ADMIN_TOKEN cannot be used: {}; issue a new admin token with "
                                        + "'token issue --role admin'", invalid.reason());
                            }
                        }).mapEmpty())
                .onSuccess(v -> expireEnded())
                .mapEmpty();
    }

    private void tokenFirstUsed(byte[] sha256) {
        firstAdmin.used(sha256);
    }

    private void expireEnded() {
        cases.expireEnded(clock.instant())
                .onSuccess(n -> {
                    if (n > 0) {
                        log.info("{} cases reached the end of their window and are now expired", n);
                    }
                })
                .onFailure(e -> log.warn("expiry job failed ({}); retrying at the next run", e.getMessage()));
    }

    /** The {@code /v1} router, to mount under the HTTP server's root. */
    public Router router(Vertx vertx) {
        Router v1 = Router.router(vertx);
        v1.get("/openapi.yaml").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/yaml")
                .end(io.vertx.core.buffer.Buffer.buffer(openApi)));
        v1.route().handler(RegistryApi::refuseControlCharacters);
        v1.route().handler(new TokenAuth(tokens, limiter, new ClientAddress(config.trustedProxies()), clock));
        v1.get("/whoami").handler(ctx -> {
            var actor = TokenAuth.require(ctx, Role.values());
            json(ctx, 200, new JsonObject().put("tokenId", actor.tokenId()).put("label", actor.label())
                    .put("role", actor.role().wireName()).put("court", actor.courtCode()));
        });
        String uploads = config.dataDir().resolve("uploads").toString();
        Bodies bodies = new Bodies(
                BodyHandler.create(false).setBodyLimit(JSON_LIMIT),
                BodyHandler.create(false).setBodyLimit(CSV_LIMIT),
                BodyHandler.create(uploads).setBodyLimit(UPLOAD_LIMIT).setDeleteUploadedFilesOnEnd(true));
        new ImportRoutes(cases, courts, rules, producer, clock).mount(v1, bodies);
        new CaseRoutes(cases, courts, rules, producer, phoneNumbers, clock, reads).mount(v1, bodies);
        new NoticeRoutes(cases, courts, producer, reads).mount(v1, bodies);
        new AdminRoutes(courts, tokens, exemptCallers, phoneNumbers, clock).mount(v1, bodies);
        new CarrierRoutes(cases, rules).mount(v1, bodies);
        new HistoryRoutes(history, reads).mount(v1);
        ProblemHandler.install(v1);
        return v1;
    }

    public Future<Void> stop() {
        if (expiryTimer >= 0) {
            vertx.cancelTimer(expiryTimer);
        }
        return producer.close();
    }

    /** No query parameter or path segment of the API has any use for control characters (NUL, newlines, ...). */
    private static void refuseControlCharacters(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        boolean controlInQuery = ctx.queryParams().entries().stream()
                .anyMatch(e -> hasControl(e.getKey()) || hasControl(e.getValue()));
        String decodedPath;
        try {
            decodedPath = java.net.URLDecoder.decode(path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decodedPath = path;
        }
        if (controlInQuery || hasControl(decodedPath)) {
            ctx.fail(Problem.badRequest("the request's path or query contains control characters",
                    java.util.List.of()));
            return;
        }
        ctx.next();
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    public static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
