package org.defaulterivr.agi;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.defaulterivr.screening.CallFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FastAGI server: accepts Asterisk's connections and gives each its {@link AgiSession}. Deploy one instance per
 * FastAGI event loop ({@code agi.event.loops}); they share the port and the session count.
 */
public final class AgiServerVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(AgiServerVerticle.class);

    private final String host;
    private final int port;
    private final AgiLimits limits;
    private final CallFlow flow;
    private final Sessions sessions;
    private final AtomicInteger boundPort;
    private NetServer server;

    /** Sessions open on this node, across all instances of the verticle. */
    public static final class Sessions {
        private final AtomicInteger active = new AtomicInteger();
        private final SourcePolicy sources;
        private final Counter refused;
        private final Counter refusedPerSource;
        private final Counter forbidden;
        private final SourceLog log = new SourceLog(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(1));
        private final PostDialDelay postDial;

        public Sessions(SourcePolicy sources, MeterRegistry meters) {
            this.sources = sources;
            this.postDial = new PostDialDelay(meters);
            Gauge.builder("divr_agi_sessions_active", active, AtomicInteger::get)
                    .description("FastAGI sessions open now").register(meters);
            this.refused = Counter.builder("divr_agi_sessions_refused_total").tag("limit", "sessions")
                    .description("FastAGI connections closed at once because a session cap was reached")
                    .register(meters);
            this.refusedPerSource = Counter.builder("divr_agi_sessions_refused_total").tag("limit", "per-source")
                    .description("FastAGI connections closed at once because a session cap was reached")
                    .register(meters);
            this.forbidden = Counter.builder("divr_agi_sessions_forbidden_total")
                    .description("FastAGI connections closed at once: source address not allowed")
                    .register(meters);
        }

        public int active() {
            return active.get();
        }
    }

    /**
     * @param port      the port, or a negative number for one random port shared by all instances
     * @param boundPort receives the port actually bound
     */
    public AgiServerVerticle(String host, int port, AgiLimits limits, CallFlow flow, Sessions sessions,
            AtomicInteger boundPort) {
        this.host = host;
        this.port = port;
        this.limits = limits;
        this.flow = flow;
        this.sessions = sessions;
        this.boundPort = boundPort;
    }

    @Override
    public Future<?> start() {
        server = vertx.createNetServer(ListeningSocket.options(host, port, limits));
        server.connectHandler(this::accept);
        // the counts of a flood that stopped are still written when its minute ends
        vertx.setPeriodic(10_000, t -> sessions.log.flushIfDue());
        // accepted on this verticle's own event loop: Asterisk connects once per call (see SessionLoopAccept)
        return SessionLoopAccept.listen((ContextInternal) context, server::listen).onSuccess(s -> {
            if (boundPort.getAndSet(s.actualPort()) == 0) {
                log.info("FastAGI listening on {}:{}", host, s.actualPort());
            }
        });
    }

    private void accept(NetSocket socket) {
        String source = socket.remoteAddress().hostAddress();
        if (!sessions.sources.allows(source)) {
            sessions.forbidden.increment();
            sessions.log.warn(source, "source not in agi.allowed.sources");
            socket.close();
            return;
        }
        if (sessions.active.incrementAndGet() > limits.maxSessions()) {
            sessions.active.decrementAndGet();
            sessions.refused.increment();
            // closing before any command: Asterisk goes on with the dialplan, the call connects unannounced
            socket.close();
            return;
        }
        if (!sessions.sources.acquire(source)) {
            sessions.active.decrementAndGet();
            sessions.refusedPerSource.increment();
            socket.close();
            return;
        }
        new AgiSession(vertx, socket, limits, flow, sessions.log, sessions.postDial, () -> {
            sessions.active.decrementAndGet();
            sessions.sources.release(source);
        }).start();
    }

    @Override
    public Future<?> stop() {
        // stop accepting; calls in progress finish their notice (each is bounded by its own command timeouts)
        return server == null ? Future.succeededFuture() : server.shutdown(limits.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    }
}
