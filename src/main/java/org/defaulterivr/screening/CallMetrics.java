package org.defaulterivr.screening;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The call path's counters: what was decided, what was played, what went wrong. No personal data in any tag. */
public final class CallMetrics {
    private final MeterRegistry registry;
    private final Timer decisionTime;
    /** Meters looked up once: a registry lookup per call costs more than the decision it counts. */
    private final java.util.concurrent.ConcurrentHashMap<String, Counter> counters =
            new java.util.concurrent.ConcurrentHashMap<>();

    public CallMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.decisionTime = Timer.builder("divr_decision_seconds")
                .description("Time from the end of Asterisk's environment block to the decision")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(registry);
    }

    public void decided(Decision decision, long nanos) {
        decisionTime.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        String kind = decision.label();
        counters.computeIfAbsent("d:" + kind, k -> Counter.builder("divr_calls_screened_total").tag("decision", kind)
                .description("Calls screened, by decision").register(registry)).increment();
    }

    public void notice(String outcome) {
        counters.computeIfAbsent("n:" + outcome, k -> Counter.builder("divr_notices_total").tag("outcome", outcome)
                .description("Notices attempted, by outcome").register(registry)).increment();
    }

    /** A fault on the call path; the call connected unannounced or the notice's record may be at risk. */
    public void fault(String kind) {
        counters.computeIfAbsent("f:" + kind, k -> Counter.builder("divr_faults_total").tag("kind", kind)
                .description("Faults on the call path, by kind").register(registry)).increment();
    }
}
