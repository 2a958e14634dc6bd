package org.defaulterivr.witness;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;

/**
 * The witness's HTTP edge (c2sp.org/tlog-witness), submission and monitoring prefix both the root:
 * {@code POST /add-checkpoint} and {@code GET /<hex SHA-256 of the origin>/checkpoint}. Requests are handled one at a
 * time on one worker thread, since {@link Witness} fsyncs and must check and persist atomically.
 */
public final class WitnessServer extends VerticleBase {
    private static final long MAX_BODY_BYTES = 64 * 1024;

    private final Witness witness;
    private final String host;
    private final int port;
    private WorkerExecutor worker;
    private HttpServer server;

    public WitnessServer(Witness witness, String host, int port) {
        this.witness = witness;
        this.host = host;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        worker = vertx.createSharedWorkerExecutor("witness", 1);
        Router router = Router.router(vertx);
        router.post("/add-checkpoint").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.post("/add-checkpoint").handler(this::addCheckpoint);
        router.get("/:originHash/checkpoint").handler(this::checkpoint);
        server = vertx.createHttpServer();
        return server.requestHandler(router).listen(port, host);
    }

    public int actualPort() {
        return server.actualPort();
    }

    private void addCheckpoint(RoutingContext ctx) {
        String body = ctx.body().buffer() == null ? "" : ctx.body().buffer().toString(StandardCharsets.UTF_8);
        worker.executeBlocking(() -> witness.addCheckpoint(body), true).onComplete(ar -> {
            WitnessReply reply = ar.succeeded() ? ar.result()
                    : WitnessReply.refused(500, "the witness failed: " + ar.cause().getMessage());
            ctx.response().setStatusCode(reply.status()).putHeader("Content-Type", reply.contentType())
                    .end(reply.body());
        });
    }

    private void checkpoint(RoutingContext ctx) {
        String originHash = ctx.pathParam("originHash");
        worker.executeBlocking(() -> witness.latestCheckpoint(originHash), true).onComplete(ar -> {
            if (ar.failed()) {
                ctx.response().setStatusCode(500).end();
            } else if (ar.result().isEmpty()) {
                ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end("this witness has cosigned no checkpoint of that log\n");
            } else {
                ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(ar.result().get());
            }
        });
    }

    @Override
    public Future<?> stop() {
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.eventually(() -> worker == null ? Future.succeededFuture() : worker.close());
    }
}
