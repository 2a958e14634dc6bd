package org.defaulterivr.evidence;

import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The record of one notice while it plays: its start is durable in the spool (so a crash from now on leaves
 * "started, outcome unknown"); {@link #complete} writes the outcome. If the node stops while the notice plays, the
 * log completes it itself with the time heard as far as it knows ({@link #cut}).
 */
public final class NoticeRecording {
    private final EvidenceLog log;
    private final EvidenceRecord started;
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile long streamingSinceNanos = -1;

    NoticeRecording(EvidenceLog log, EvidenceRecord started) {
        this.log = log;
        this.started = started;
    }

    /** The record as started: outcome unknown. */
    public EvidenceRecord started() {
        return started;
    }

    /** STREAM FILE goes out now: from here on, time passing is time the caller may have heard. */
    public void streaming() {
        streamingSinceNanos = System.nanoTime();
    }

    /**
     * Writes the outcome; completes once it is durable. A completion that cannot be written now is kept and written
     * when the spool takes writes again (the future fails meanwhile). Only the first completion counts.
     */
    public Future<Void> complete(NoticeOutcome outcome, long heardMs) {
        if (!completed.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        return log.complete(this, started.withOutcome(outcome, heardMs));
    }

    /**
     * The outcome of a notice the node stops: partial, heard from STREAM FILE until now (at most its length); or
     * failed with nothing heard if STREAM FILE had not gone out. Null if it was completed already.
     */
    EvidenceRecord cut(long nowNanos) {
        if (!completed.compareAndSet(false, true)) {
            return null;
        }
        long since = streamingSinceNanos;
        if (since < 0) {
            return started.withOutcome(NoticeOutcome.FAILED, 0);
        }
        long heard = Math.min(started.noticeMs(), Math.max(0, (nowNanos - since) / 1_000_000));
        return started.withOutcome(NoticeOutcome.PARTIAL, heard);
    }
}
