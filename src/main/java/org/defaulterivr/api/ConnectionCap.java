package org.defaulterivr.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the HTTP API's open connections, so that idle or slow clients (no token is needed to connect) cannot use up
 * the process's file descriptors, which calls need: a FastAGI session, the database, the evidence spool and notice
 * files all take one. A connection beyond the cap is closed as soon as it is accepted, before any request is read.
 *
 * <p>The cap is {@code http.max.connections}, and never more than a quarter of the process's descriptor limit
 * ({@code Max open files} in {@code /proc/self/limits}): three quarters stay in reserve for calls. The JVM raises
 * its own soft limit to the hard limit at start ({@code -XX:+MaxFDLimit}, on by default on Linux), so the soft limit
 * read here is what the OS allows the process; raise the hard limit ({@code LimitNOFILE=} in systemd, {@code ulimit
 * -Hn}, a container's {@code nofile}) to allow more of both.
 */
final class ConnectionCap {
    private static final Logger log = LoggerFactory.getLogger(ConnectionCap.class);
    /** The share of the descriptor limit the HTTP API may hold: 1 in this many. */
    static final int RESERVE_DIVISOR = 4;

    private final int cap;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter refused;

    ConnectionCap(int configured, MeterRegistry meters) {
        OptionalLong limit = openFilesLimit();
        this.cap = limit.isPresent() ? (int) Math.max(1, Math.min(configured, limit.getAsLong() / RESERVE_DIVISOR))
                : configured;
        if (cap < configured) {
            log.warn("http.max.connections lowered from {} to {}: a quarter of the process's {} file descriptors "
                    + "(the rest are kept for calls); raise the hard limit to allow more", configured, cap,
                    limit.getAsLong());
        }
        Gauge.builder("divr_http_connections_open", open, AtomicInteger::get)
                .description("HTTP connections open now").register(meters);
        Gauge.builder("divr_http_connections_max", () -> cap)
                .description("The cap on open HTTP connections (http.max.connections, within the descriptor reserve)")
                .register(meters);
        this.refused = Counter.builder("divr_http_connections_refused_total")
                .description("HTTP connections closed at once because the cap was reached").register(meters);
    }

    int cap() {
        return cap;
    }

    /** For the server's connection handler: counts the connection, or closes it if the cap is reached. */
    void accept(HttpConnection connection) {
        if (open.incrementAndGet() > cap) {
            open.decrementAndGet();
            refused.increment();
            connection.close();
            return;
        }
        connection.closeHandler(v -> open.decrementAndGet());
    }

    /** The soft limit on open files of this process, if the OS tells (Linux: /proc/self/limits). */
    static OptionalLong openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
                    return fields[0].equals("unlimited") ? OptionalLong.empty()
                            : OptionalLong.of(Long.parseLong(fields[0]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no /proc: the configured cap stands
        }
        return OptionalLong.empty();
    }
}
