package org.defaulterivr.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.defaulterivr.config.Config;
import org.defaulterivr.evidence.EvidenceLog;
import org.defaulterivr.index.ListingIndex;
import org.defaulterivr.index.RegistryRepository;

/**
 * The HTTP side: notice audio for Asterisk's media cache, health for orchestrators, metrics for Prometheus, and the
 * registry API under {@code /v1} ({@link RegistryApi}).
 */
public final class HttpApiVerticle extends VerticleBase {
    private static final Pattern NOTICE_FILE = Pattern.compile("([0-9a-f]{64})\\.wav");
    private static final long MAX_BODY_BYTES = 1024 * 1024;
    /**
     * Longest a notice request waits for us to start answering (the file lookup runs on a worker, which may be
     * queued behind others): a 503 at once lets Asterisk's STREAM FILE fail and the call go on, where a hanging
     * answer would hold the caller in silent early media for res_http_media_cache's timeout_secs, per fetch.
     */
    static final long NOTICE_ANSWER_DEADLINE_MS = 1000;

    private final HttpServerOptions serverOptions;
    private final Function<String, Path> noticeFiles;
    private final ListingIndex index;
    private final Supplier<Optional<Duration>> indexStaleness;
    private final EvidenceLog evidence;
    private final RegistryRepository registry;
    private final PrometheusMeterRegistry meters;
    private final Function<Vertx, Router> v1;
    private final boolean tls;
    private final ConnectionCap connections;
    private final Supplier<Optional<String>> logAlarm;
    private final BiConsumer<Vertx, Router> console;
    private HttpServer server;

    /**
     * @param noticeFiles where the notice with a given SHA-256 is kept (computed, not looked up)
     * @param v1          builds the registry API's router, mounted at {@code /v1} with its own body limits; null for none
     * @param console     adds the web console's routes to the root router; null for none
     */
    public HttpApiVerticle(Config config, Function<String, Path> noticeFiles, ListingIndex index,
            Supplier<Optional<Duration>> indexStaleness, EvidenceLog evidence, RegistryRepository registry,
            PrometheusMeterRegistry meters, Function<Vertx, Router> v1, Supplier<Optional<String>> logAlarm,
            BiConsumer<Vertx, Router> console, OptionalLong openFiles) {
        this.serverOptions = serverOptions(config);
        this.tls = config.httpTls();
        this.connections = new ConnectionCap(config.httpMaxConnections(), config.httpMaxConnectionsPerAddress(),
                new ClientAddress(config.trustedProxies()), openFiles, meters);
        this.logAlarm = logAlarm;
        this.v1 = v1;
        this.console = console;
        this.noticeFiles = noticeFiles;
        this.index = index;
        this.indexStaleness = indexStaleness;
        this.evidence = evidence;
        this.registry = registry;
        this.meters = meters;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(new ResponseHeaders(tls));
        if (v1 != null) {
            // before the body handler below: /v1 reads bodies itself, after authentication, with per-route limits
            router.route("/v1/*").subRouter(v1.apply(vertx));
        }
        if (console != null) {
            // the web console's pages, at the root; they read their own bodies (forms, uploads)
            console.accept(vertx, router);
        }
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        // Asterisk's media cache revalidates with HEAD: it must get GET's headers
        router.get("/notices/:file").handler(this::notice);
        router.head("/notices/:file").handler(this::notice);
        router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "up")));
        router.get("/health/ready").handler(this::ready);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(meters.scrape()));
        ProblemHandler.install(router);
        server = vertx.createHttpServer(serverOptions);
        server.connectionHandler(connections::accept);
        return server.requestHandler(router).listen();
    }

    private static HttpServerOptions serverOptions(Config config) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.httpHost())
                .setPort(config.httpPort())
                .setMaxInitialLineLength(4096)
                .setMaxHeaderSize(16 * 1024)
                // HTTP/1.1 only: with h2c sniffing, a connection that sends nothing is not counted (see ConnectionCap)
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) config.httpIdleTimeout().toSeconds())
                .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS)
                // an upload is one file: a form with more parts than this is refused before it is buffered
                .setMaxFormFields(16);
        if (config.httpTls()) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(config.httpTlsCert())
                    .setKeyPath(config.httpTlsKey()));
        }
        return options;
    }

    public int actualPort() {
        return server.actualPort();
    }

    /** Notices are named by their SHA-256, so a URL's content never changes: caches may keep it for good. */
    private void notice(RoutingContext ctx) {
        var match = NOTICE_FILE.matcher(ctx.pathParam("file"));
        if (!match.matches()) {
            throw Problem.notFound("notices are named <sha256>.wav");
        }
        String sha256 = match.group(1);
        String etag = "\"" + sha256 + "\"";
        if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
            ctx.response().setStatusCode(304).putHeader("ETag", etag).end();
            return;
        }
        String file = noticeFiles.apply(sha256).toString();
        long deadline = vertx.setTimer(NOTICE_ANSWER_DEADLINE_MS, t -> {
            if (!ctx.response().headWritten() && !ctx.failed()) {
                ctx.fail(new Problem(503, "notice-unavailable", "Notice not available now",
                        "the notice could not be read in time; try again", java.util.List.of()));
            }
        });
        ctx.addHeadersEndHandler(v -> vertx.cancelTimer(deadline));
        // the file system is asked off the event loop, as sendFile reads it
        vertx.fileSystem().props(file).onComplete(props -> {
            if (ctx.response().headWritten() || ctx.failed()) {
                return; // answered already: the deadline passed
            }
            if (props.failed() || !props.result().isRegularFile()) {
                ctx.fail(Problem.notFound("no notice with that hash"));
                return;
            }
            var response = ctx.response()
                    .putHeader("Content-Type", "audio/wav")
                    .putHeader("Cache-Control", "public, max-age=31536000, immutable")
                    .putHeader("ETag", etag);
            if (ctx.request().method() == io.vertx.core.http.HttpMethod.HEAD) {
                // sendFile would send the body to a HEAD as well
                response.putHeader("Content-Length", Long.toString(props.result().size())).end();
                return;
            }
            response.sendFile(file).onFailure(ctx::fail);
        });
    }

    private void ready(RoutingContext ctx) {
        registry.ping().timeout(2, java.util.concurrent.TimeUnit.SECONDS).transform(ping -> {
            boolean databaseUp = ping.succeeded();
            boolean indexLoaded = index.ready();
            JsonObject body = new JsonObject()
                    .put("status", indexLoaded ? "ready" : "not-ready")
                    .put("database", databaseUp ? "up" : "down")
                    .put("index", new JsonObject()
                            .put("loaded", indexLoaded)
                            .put("numbers", index.numberCount())
                            .put("quarantinedCases", new io.vertx.core.json.JsonArray(
                                    java.util.List.copyOf(index.quarantined().keySet())))
                            .put("stalenessSeconds", indexStaleness.get().map(Duration::toSeconds).orElse(null)))
                    .put("evidenceSpool", new JsonObject()
                            .put("backlogBytes", evidence.backlogBytes())
                            .put("accepting", evidence.accepting())
                            .put("reason", evidence.refusal().orElse(null)));
            Optional<String> alarm = logAlarm.get();
            alarm.ifPresent(reason -> body.put("evidenceLog", new JsonObject().put("alarm", reason)));
            boolean ready = indexLoaded && evidence.accepting() && alarm.isEmpty();
            if (!ready) {
                // what an orchestrator's operator reads first
                body.put("reason", !indexLoaded ? "registry index not loaded"
                        : evidence.refusal().orElseGet(() -> "evidence log: " + alarm.orElse("?")));
            }
            // a node that screens from its index and keeps evidence locally still serves calls without the database;
            // one whose evidence log's history is in doubt signs nothing and says so
            json(ctx, ready ? 200 : 503, body);
            return Future.succeededFuture();
        });
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
