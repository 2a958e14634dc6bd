package org.defaulterivr.screening;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.defaulterivr.evidence.query.EvidenceReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the {@link RepeatCallMemory} from the evidence: at start the last period's hearings, then every few seconds
 * what all nodes recorded since, so nodes learn of each other's callers (eventually: evidence reaches the database
 * within about a second of a call). Also forgets hearings older than the period. A failed read is retried at the
 * next tick; the call path never waits for it.
 */
public final class HearingFeed {
    private static final Logger log = LoggerFactory.getLogger(HearingFeed.class);
    private static final long POLL_MS = 10_000;
    /** Evidence is stored up to a few seconds after the call (longer while the database was away): look back. */
    private static final Duration LOOK_BACK = Duration.ofMinutes(2);

    private final Vertx vertx;
    private final EvidenceReader reader;
    private final RepeatCallMemory memory;
    private final Clock clock;
    private long timer = -1;

    public HearingFeed(Vertx vertx, EvidenceReader reader, RepeatCallMemory memory, Clock clock) {
        this.vertx = vertx;
        this.reader = reader;
        this.memory = memory;
        this.clock = clock;
    }

    /** Seeds the memory (never fails: a node without it still screens) and starts polling. */
    public Future<Void> start() {
        if (!memory.enabled()) {
            return Future.succeededFuture();
        }
        Instant now = clock.instant();
        return feed(now.minus(memory.period()))
                .onSuccess(n -> log.info("repeat-call memory seeded with {} recent hearings", n))
                .onComplete(ar -> timer = vertx.setPeriodic(POLL_MS, t -> poll()))
                .otherwiseEmpty()
                .mapEmpty();
    }

    private void poll() {
        Instant now = clock.instant();
        memory.prune(now);
        feed(now.minusMillis(POLL_MS).minus(LOOK_BACK));
    }

    private Future<Integer> feed(Instant since) {
        return reader.hearingsSince(since)
                .map(hearings -> {
                    hearings.forEach(h -> memory.heard(h.caseId(), h.callerPseudonym(), h.at()));
                    return hearings.size();
                })
                .onFailure(e -> log.warn("reading recent hearings failed ({}); retrying", e.getMessage()));
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
