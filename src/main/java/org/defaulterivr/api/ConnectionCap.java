package org.defaulterivr.api;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpConnection;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>One client address (the connection's peer) may hold at most {@code http.max.connections.per.address} of them,
 * so that one client cannot fill the cap and lock every other client out until its connections time out; an IPv6
 * client's /64 counts as one address (a host is usually given a whole /64 to pick from). The reverse proxies in
 * {@code api.trusted.proxies} carry many clients' connections and are bounded by the cap alone.
 */
final class ConnectionCap {
    private static final Logger log = LoggerFactory.getLogger(ConnectionCap.class);
    /** The share of the descriptor limit the HTTP API may hold: 1 in this many. */
    static final int RESERVE_DIVISOR = 4;

    private final int cap;
    private final int perAddress;
    private final ClientAddress proxies;
    private final AtomicInteger open = new AtomicInteger();
    /** Open connections per peer address; an address with none has no entry. */
    private final ConcurrentHashMap<String, Integer> byAddress = new ConcurrentHashMap<>();
    private final Counter refused;
    private final Counter refusedPerAddress;

    /** @param limit the process's open-file limit, if the OS tells ({@code agi.HostLimits}, read off the event loop) */
    ConnectionCap(int configured, int perAddress, ClientAddress proxies, OptionalLong limit, MeterRegistry meters) {
        this.perAddress = perAddress;
        this.proxies = proxies;
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
        Gauge.builder("divr_http_connections_per_address_max", () -> perAddress)
                .description("The cap on open HTTP connections from one client address "
                        + "(http.max.connections.per.address)").register(meters);
        this.refusedPerAddress = Counter.builder("divr_http_connections_refused_per_address_total")
                .description("HTTP connections closed at once because their client address held its cap")
                .register(meters);
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
        String address = connection.remoteAddress() == null ? null : connection.remoteAddress().hostAddress();
        if (address == null || proxies.isTrusted(address)) {
            connection.closeHandler(v -> open.decrementAndGet());
            return;
        }
        String client = client(address);
        if (!takeSlot(client)) {
            open.decrementAndGet();
            refusedPerAddress.increment();
            connection.close();
            return;
        }
        connection.closeHandler(v -> {
            byAddress.computeIfPresent(client, (a, n) -> n == 1 ? null : n - 1);
            open.decrementAndGet();
        });
    }

    /** The client a peer address counts as: itself, or for IPv6 its /64 (an IPv4-mapped address is the IPv4 one). */
    static String client(String hostAddress) {
        IPAddress address = new IPAddressString(hostAddress).getAddress();
        if (address == null) {
            return hostAddress;
        }
        if (address.isIPv6() && address.isIPv4Convertible()) {
            return address.toIPv4().toCanonicalString();
        }
        return address.isIPv6() ? address.toPrefixBlock(64).toCanonicalString() : address.toCanonicalString();
    }

    /** Counts one more connection from this address, unless it holds its cap already. */
    private boolean takeSlot(String address) {
        boolean[] taken = {false};
        byAddress.compute(address, (a, n) -> {
            int held = n == null ? 0 : n;
            if (held >= perAddress) {
                return n;
            }
            taken[0] = true;
            return held + 1;
        });
        return taken[0];
    }
}
