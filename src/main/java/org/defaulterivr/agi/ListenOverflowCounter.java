package org.defaulterivr.agi;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exports the kernel's count of connections dropped because an accept queue was full
 * ({@code divr_agi_listen_overflows_total}): a burst of calls beyond the FastAGI port's backlog never reaches us, so
 * only the kernel can count it. The count is the network namespace's (every listening socket of this container or
 * host), read from {@code /proc/net/netstat} every 10 s on a worker thread and counted from start-up.
 */
public final class ListenOverflowCounter {
    private static final long PERIOD_MS = 10_000;

    private ListenOverflowCounter() {
    }

    public static void start(Vertx vertx, MeterRegistry meters) {
        AtomicLong baseline = new AtomicLong(-1);
        AtomicLong seen = new AtomicLong();
        Runnable sample = () -> {
            OptionalLong now = HostLimits.listenOverflows();
            if (now.isPresent()) {
                baseline.compareAndSet(-1, now.getAsLong());
                seen.set(now.getAsLong() - baseline.get());
            }
        };
        vertx.executeBlocking(() -> {
            sample.run();
            return null;
        }, false);
        vertx.setPeriodic(PERIOD_MS, id -> vertx.executeBlocking(() -> {
            sample.run();
            return null;
        }, false));
        FunctionCounter.builder("divr_agi_listen_overflows", seen, AtomicLong::get)
                .description("Connections the kernel dropped since start-up because a listening socket's accept"
                        + " queue was full (whole network namespace; read every 10 s)")
                .register(meters);
    }
}
