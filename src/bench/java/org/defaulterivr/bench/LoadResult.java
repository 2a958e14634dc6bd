package org.defaulterivr.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.defaulterivr.agi.PostDialDelay;

/** What one load run measured, over the calls started inside the measured window. */
final class LoadResult {
    /** Latencies in microseconds. */
    final Histogram firstCommandListed = histogram();
    final Histogram endUnlisted = histogram();
    /**
     * The two halves of {@link #endUnlisted}: scheduled start to the TCP connection being established as the generator
     * sees it (the kernel completes the handshake without the server; this is the generator's own delay), and from
     * there to the close (the server's share, plus the generator noticing the close).
     */
    final Histogram connectUnlisted = histogram();
    /**
     * The generator's own lateness, part of {@link #connectUnlisted}: scheduled start to its event loop calling
     * {@code connect()}. Asterisk has none (a channel's thread calls connect() when the dialplan reaches AGI), so
     * {@link #fromConnectCallUnlisted}, connect() called to close, is the connect-to-close an Asterisk would see, with
     * only the generator's Vert.x connect path (socket, register, the wake-up on connected) still in it.
     */
    final Histogram lateUnlisted = histogram();
    final Histogram fromConnectCallUnlisted = histogram();
    final Histogram connectedToCloseUnlisted = histogram();
    /**
     * The post-dial delay our screening adds to a listed call: from the TCP connection to the first command (Progress,
     * then the notice). For an unlisted call it is {@link #connectedToCloseUnlisted}: the dialplan goes on to Dial at
     * the close.
     */
    final Histogram connectedToFirstCommandListed = histogram();
    final Histogram endListed = histogram();
    final Histogram afterNotice = histogram();
    /** How late the generator's own 5 ms timer fired in the measured window: its event loops' lag, microseconds. */
    final Histogram generatorLag = histogram();
    long started;
    long measured;
    long ok;
    long okListed;
    long okUnlisted;
    long refused;
    long timeouts;
    /**
     * Listed calls whose first command came more than {@link #LATE_MICROS} after they connected: the server's own
     * threshold ({@code PostDialDelay.LATE}), so both counts of late calls mean the same.
     */
    long lateListed;
    static final long LATE_MICROS = PostDialDelay.LATE.toNanos() / 1000;
    final Map<String, Long> failures = new TreeMap<>();
    double measureSeconds;
    int peakInFlight;
    int peakHolding;

    static Histogram histogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    void fail(String why) {
        failures.merge(why, 1L, Long::sum);
    }

    void add(LoadResult other) {
        firstCommandListed.add(other.firstCommandListed);
        endUnlisted.add(other.endUnlisted);
        connectUnlisted.add(other.connectUnlisted);
        lateUnlisted.add(other.lateUnlisted);
        fromConnectCallUnlisted.add(other.fromConnectCallUnlisted);
        connectedToCloseUnlisted.add(other.connectedToCloseUnlisted);
        endListed.add(other.endListed);
        connectedToFirstCommandListed.add(other.connectedToFirstCommandListed);
        lateListed += other.lateListed;
        afterNotice.add(other.afterNotice);
        generatorLag.add(other.generatorLag);
        started += other.started;
        measured += other.measured;
        ok += other.ok;
        okListed += other.okListed;
        okUnlisted += other.okUnlisted;
        refused += other.refused;
        timeouts += other.timeouts;
        other.failures.forEach((k, v) -> failures.merge(k, v, Long::sum));
    }

    /** Calls that ended as Asterisk expects, per second of the measured window. */
    double throughput() {
        return measureSeconds <= 0 ? 0 : ok / measureSeconds;
    }

    /** Every latency this run recorded, one line each, each line starting with {@code indent}. */
    void printLatencies(String indent) {
        System.out.println(indent + "unlisted, connect to close:       " + percentiles(endUnlisted));
        System.out.println(indent + "  of which to TCP connected:      " + percentiles(connectUnlisted));
        System.out.println(indent + "    of which to connect() called: " + percentiles(lateUnlisted));
        System.out.println(indent + "  of which connected to close:    " + percentiles(connectedToCloseUnlisted));
        System.out.println(indent + "listed, connect to first command: " + percentiles(firstCommandListed));
        System.out.println(indent + "  of which connected to first:    " + percentiles(connectedToFirstCommandListed)
                + " (late, over " + LATE_MICROS / 1000 + " ms: " + lateListed + ")");
        System.out.println(indent + "listed, notice end to close:      " + percentiles(afterNotice));
        System.out.println(indent + "listed, connect to close:         " + percentiles(endListed));
    }

    static String percentiles(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "n=0";
        }
        return String.format(Locale.ROOT, "n=%d p50=%s p90=%s p99=%s p99.9=%s max=%s", h.getTotalCount(),
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
    }

    static String ms(long micros) {
        return String.format(Locale.ROOT, "%.3fms", micros / 1000.0);
    }

    String summary() {
        return String.format(Locale.ROOT,
                "started %d, measured %d: ok %d (listed %d, unlisted %d), refused %d, failed %d %s, timeouts %d;"
                        + " %.1f calls/s; peak in flight %d, peak holding a notice %d; generator lag p99 %s max %s",
                started, measured, ok, okListed, okUnlisted, refused, failed(), failures, timeouts, throughput(),
                peakInFlight, peakHolding, ms(generatorLag.getValueAtPercentile(99)), ms(generatorLag.getMaxValue()));
    }
}
