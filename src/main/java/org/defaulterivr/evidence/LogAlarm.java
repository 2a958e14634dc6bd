package org.defaulterivr.evidence;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Raised when the evidence log's history is in doubt: the database no longer extends the last signed head (rolled
 * back, restored, altered), a witness refuses the log's checkpoint, or a head cannot be kept outside the database.
 * The node then signs nothing until an operator acts; readiness fails with the reason and the gauge
 * {@code divr_log_alarm} is 1. Thread-safe.
 */
public final class LogAlarm {

    private final Map<String, String> reasons = new ConcurrentSkipListMap<>();

    public LogAlarm(MeterRegistry meters) {
        Gauge.builder("divr_log_alarm", this, a -> a.reasons.isEmpty() ? 0 : 1)
                .description("1 while the evidence log's history is in doubt and this node signs nothing (see /health/ready)")
                .register(meters);
    }

    /** Raises (or replaces) the alarm from {@code source}. */
    public void raise(String source, String reason) {
        reasons.put(source, reason);
    }

    public void clear(String source) {
        reasons.remove(source);
    }

    /** Every raised reason, one per line; empty when all is well. */
    public Optional<String> reason() {
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", reasons.values()));
    }
}
