package org.defaulterivr.screening;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.defaulterivr.evidence.Pseudonymiser;
import org.defaulterivr.numbers.PhoneNumbers;

/**
 * This node's memory of which caller heard which case's notice when, so a caller hears one case's notice at most
 * once per period and repeat calls connect at once. Decided in memory, like everything on the call path.
 *
 * <p>Callers are remembered by the same pseudonym the evidence records them under, so at start the memory is seeded
 * from recent evidence, and it keeps catching up with the evidence other nodes write. Across nodes it is eventually
 * consistent: a caller who calls twice within seconds through two different nodes may hear the notice on both, and
 * nodes recognise each other's callers only if they share the pseudonym key ({@code data/keys/pseudonym.key}).
 * Callers without a number ("anonymous") cannot be told apart and always hear the notice.
 *
 * <p>A caller is remembered when the notice is decided, not when it ends: one who hangs up at once is not played the
 * notice again within the period either.
 */
public final class RepeatCallMemory {
    private final Duration period;
    private final Pseudonymiser pseudonymiser;
    private final PhoneNumbers numbers;
    private final Map<Key, Instant> lastHeard = new ConcurrentHashMap<>();
    private final Counter repeats;

    private record Key(long caseId, String caller) {
    }

    /** @param period how long a caller is spared a case's notice after hearing it; zero turns the memory off */
    public RepeatCallMemory(Duration period, Pseudonymiser pseudonymiser, PhoneNumbers numbers, MeterRegistry meters) {
        this.period = period;
        this.pseudonymiser = pseudonymiser;
        this.numbers = numbers;
        this.repeats = Counter.builder("divr_repeat_calls_total")
                .description("Calls to a listed number that connected without the notice: the caller heard it "
                        + "within the repeat period")
                .register(meters);
    }

    /** A memory that remembers nothing: every call hears the notice. */
    public static RepeatCallMemory off() {
        return new RepeatCallMemory(Duration.ZERO, null, null, new SimpleMeterRegistry());
    }

    public boolean enabled() {
        return !period.isZero();
    }

    /** The caller as the evidence names them, or null when they cannot be told apart (no number) or memory is off. */
    public String callerKey(String callerRaw) {
        if (!enabled() || callerRaw == null) {
            return null;
        }
        String pseudonym = pseudonymiser.pseudonym(numbers.toE164(callerRaw).orElse(callerRaw));
        return "anonymous".equals(pseudonym) ? null : pseudonym;
    }

    /** Whether the caller heard the case's notice less than one period before {@code now}. */
    public boolean heardWithinPeriod(long caseId, String callerKey, Instant now) {
        if (callerKey == null) {
            return false;
        }
        Instant last = lastHeard.get(new Key(caseId, callerKey));
        return last != null && now.isBefore(last.plus(period));
    }

    /** Remembers that the caller heard (or is about to hear) the case's notice at {@code at}. */
    public void heard(long caseId, String callerKey, Instant at) {
        if (callerKey != null && enabled()) {
            lastHeard.merge(new Key(caseId, callerKey), at, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /** Forgets a hearing that did not happen after all (the file failed, the caller left before it began). */
    public void notHeard(long caseId, String callerKey) {
        if (callerKey != null) {
            lastHeard.remove(new Key(caseId, callerKey));
        }
    }

    /** Counts a call that connected without the notice because of this memory. */
    public void repeatPassed() {
        repeats.increment();
    }

    /** Forgets what no longer matters: hearings more than one period old. */
    public void prune(Instant now) {
        Instant horizon = now.minus(period);
        lastHeard.values().removeIf(at -> at.isBefore(horizon));
    }

    public Duration period() {
        return period;
    }

    public int size() {
        return lastHeard.size();
    }
}
