package org.defaulterivr.agi;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The post-dial delay this node adds to a call, as it sees it: from accepting Asterisk's connection to our first
 * command (a listed call's {@code EXEC Progress}, or the one variable an exempt or refused call is told) or, for a
 * call that hears no command (not listed), to our close, after which the dialplan dials. A caller hears nothing
 * meanwhile. Time spent in the kernel's accept queue before the accept is not in it (see {@code
 * divr_agi_accept_backlog} and {@code divr_agi_listen_overflows_total}), nor the network between Asterisk and us.
 *
 * <p>Buckets at 1 ms (the target for a call we let through) and 300 ms (a listed caller's silence becomes noticeable)
 * make the share of calls above either exact in Prometheus.
 */
public final class PostDialDelay {
    public static final String METER = "divr_agi_post_dial_delay_seconds";
    /** The delay a caller waiting for a notice starts to notice; its bucket is exact. */
    public static final Duration LATE = Duration.ofMillis(300);
    private final Timer toFirstCommand;
    private final Timer toClose;

    public PostDialDelay(MeterRegistry meters) {
        this.toFirstCommand = timer(meters, "first-command");
        this.toClose = timer(meters, "close");
    }

    private static Timer timer(MeterRegistry meters, String until) {
        return Timer.builder(METER)
                .tag("until", until)
                .description("From accepting Asterisk's connection to our first command, or to our close when the "
                        + "call hears none (not listed)")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(1), LATE)
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(meters);
    }

    /** Our first command is going out on a session accepted at {@code acceptedNanos} ({@link System#nanoTime}). */
    void firstCommand(long acceptedNanos) {
        toFirstCommand.record(System.nanoTime() - acceptedNanos, TimeUnit.NANOSECONDS);
    }

    /** We are closing a screened session that heard no command. */
    void closedWithoutCommand(long acceptedNanos) {
        toClose.record(System.nanoTime() - acceptedNanos, TimeUnit.NANOSECONDS);
    }
}
