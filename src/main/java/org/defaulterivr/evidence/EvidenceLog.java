package org.defaulterivr.evidence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the call path hands evidence: {@link #append} completes once the record is durable in the local spool; a
 * background drain then copies the spool into PostgreSQL, retrying while the database is away.
 *
 * <p>Appends arriving together share one write and one fsync (group commit), so durability does not cost one disk
 * flush per call. All spool I/O runs on one dedicated worker thread, never on an event loop.
 */
public final class EvidenceLog {
    private static final Logger log = LoggerFactory.getLogger(EvidenceLog.class);
    private static final int DRAIN_BATCH = 500;
    private static final long DRAIN_INTERVAL_MS = 1000;
    /**
     * How long a drain waits after a write so that the records of the calls ending meanwhile go to PostgreSQL in one
     * transaction. Each drain wakes the spool thread, the database and an event loop several times whatever the
     * number of rows, and on a small machine those wake-ups are what a drain costs. The records are durable in the
     * spool while they wait, and the log's sequencer takes them up only every tree-head interval (2 s by default).
     */
    private static final long DRAIN_DELAY_MS = 250;
    private static final long MAX_RETRY_MS = 10_000;

    private final Vertx vertx;
    private final Context drainContext;
    private final WorkerExecutor spoolThread;
    private final EvidenceSpool spool;
    private final EvidenceRepository repository;
    private final long maxBacklogBytes;
    private final Queue<Waiting> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();
    /** A drain is due within {@link #DRAIN_DELAY_MS}: later writes need not wake the drain's event loop again. */
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Counter stored;
    private final Counter storeFailures;
    private volatile long backlogBytes;
    private volatile boolean databaseReachable = true;
    private volatile boolean stopped;
    private volatile boolean full;
    private long retryMs = 250;
    private long timerId = -1;

    private record Waiting(EvidenceRecord record, Promise<Void> promise, Context context) {
    }

    private EvidenceLog(Vertx vertx, EvidenceSpool spool, EvidenceRepository repository, long maxBacklogBytes,
            MeterRegistry meters) {
        this.vertx = vertx;
        // the drain's timers and callbacks belong to the log, not to whichever verticle's call appended last: a
        // verticle's timers die with it when it is undeployed at shutdown, exactly when the drain matters most
        this.drainContext = vertx.getOrCreateContext();
        this.spool = spool;
        this.repository = repository;
        this.maxBacklogBytes = maxBacklogBytes;
        this.spoolThread = vertx.createSharedWorkerExecutor("evidence-spool", 1);
        this.backlogBytes = spool.backlogBytes();
        this.stored = Counter.builder("divr_evidence_stored_total")
                .description("Evidence records copied from the spool into PostgreSQL").register(meters);
        this.storeFailures = Counter.builder("divr_evidence_store_failures_total")
                .description("Failed attempts to copy spooled evidence into PostgreSQL").register(meters);
        Gauge.builder("divr_evidence_spool_backlog_bytes", this, EvidenceLog::backlogBytes)
                .description("Evidence in the local spool not yet in PostgreSQL").register(meters);
    }

    /** Opens the spool under {@code dir} (blocking: call at start-up) and starts copying it to the database. */
    public static EvidenceLog open(Vertx vertx, Path dir, boolean fsync, EvidenceRepository repository,
            long maxBacklogBytes, MeterRegistry meters) {
        try {
            EvidenceLog evidenceLog = new EvidenceLog(vertx, new EvidenceSpool(dir, fsync), repository,
                    maxBacklogBytes, meters);
            evidenceLog.drainContext.runOnContext(v -> {
                evidenceLog.timerId = vertx.setPeriodic(DRAIN_INTERVAL_MS, t -> evidenceLog.drain());
                evidenceLog.drain();
            });
            return evidenceLog;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open evidence spool in " + dir, e);
        }
    }

    /** False when the spool is at its bound: the call path then plays no notice rather than one it cannot prove. */
    public boolean accepting() {
        boolean accepting = !stopped && backlogBytes < maxBacklogBytes;
        if (accepting == full) {
            full = !accepting;
            if (full && !stopped) {
                log.error("ALARM evidence spool at its bound ({} bytes not yet in the database): notices stop, calls "
                        + "still connect", backlogBytes);
            } else if (!full) {
                log.info("evidence spool below its bound again: notices resume");
            }
        }
        return accepting;
    }

    public long backlogBytes() {
        return backlogBytes;
    }

    public boolean databaseReachable() {
        return databaseReachable;
    }

    /** Completes when the record is durable on this node; fails if the spool cannot be written. */
    public Future<Void> append(EvidenceRecord record) {
        if (stopped) {
            return Future.failedFuture("evidence log is stopped");
        }
        Promise<Void> promise = Promise.promise();
        queue.add(new Waiting(record, promise, Vertx.currentContext()));
        if (flushing.compareAndSet(false, true)) {
            spoolThread.executeBlocking(this::flush, false);
        }
        return promise.future();
    }

    /** Writes what is queued, then keeps going while more arrives; runs on the spool thread. */
    private Void flush() {
        try {
            while (true) {
                List<Waiting> batch = new ArrayList<>();
                for (Waiting w; batch.size() < 10_000 && (w = queue.poll()) != null; ) {
                    batch.add(w);
                }
                if (batch.isEmpty()) {
                    flushing.set(false);
                    // an append may have queued after the poll and seen flushing=true: take it on
                    if (queue.isEmpty() || !flushing.compareAndSet(false, true)) {
                        return null;
                    }
                    continue;
                }
                Throwable failure = null;
                try {
                    spool.append(batch.stream().map(w -> EvidenceJson.encode(w.record())).toList());
                    backlogBytes = spool.backlogBytes();
                } catch (IOException | RuntimeException e) {
                    failure = e;
                    log.error("evidence spool write failed: {}", e.toString());
                }
                for (Waiting w : batch) {
                    complete(w, failure);
                }
                if (failure == null && drainScheduled.compareAndSet(false, true)) {
                    drainContext.runOnContext(v -> vertx.setTimer(DRAIN_DELAY_MS, t -> {
                        drainScheduled.set(false);
                        drain();
                    }));
                }
            }
        } catch (RuntimeException e) {
            flushing.set(false);
            throw e;
        }
    }

    private static void complete(Waiting w, Throwable failure) {
        Runnable done = failure == null ? w.promise()::complete : () -> w.promise().fail(failure);
        if (w.context() != null) {
            w.context().runOnContext(v -> done.run());
        } else {
            done.run();
        }
    }

    /** Copies spooled records to PostgreSQL until the spool is empty or the database fails. */
    private void drain() {
        // backlogBytes is set after every write and before its drain is scheduled
        if (stopped || backlogBytes == 0 || !draining.compareAndSet(false, true)) {
            return;
        }
        drainStep();
    }

    private void drainStep() {
        spoolThread.executeBlocking(() -> spool.readPending(DRAIN_BATCH), false)
                .compose(pending -> {
                    if (pending.records().isEmpty()) {
                        return Future.succeededFuture(false);
                    }
                    return repository.insert(pending.records())
                            .compose(v -> spoolThread.executeBlocking(() -> {
                                spool.acknowledge(pending.endOffset());
                                backlogBytes = spool.backlogBytes();
                                // look again only if more was written meanwhile
                                return backlogBytes > 0;
                            }, false))
                            .onSuccess(v -> stored.increment(pending.records().size()));
                })
                .onSuccess(more -> {
                    databaseReachable = true;
                    retryMs = 250;
                    if (more) {
                        drainStep();
                    } else {
                        draining.set(false);
                    }
                })
                .onFailure(e -> {
                    storeFailures.increment();
                    if (databaseReachable) {
                        log.warn("evidence is kept in the local spool until the database is back: {}", e.getMessage());
                    }
                    databaseReachable = false;
                    long delay = retryMs;
                    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
                    vertx.setTimer(delay, t -> {
                        draining.set(false);
                        drain();
                    });
                });
    }

    /** Drains what it can into the database within {@code graceMs}, then closes the spool. */
    public Future<Void> stop(long graceMs) {
        Promise<Void> done = Promise.promise();
        long deadline = System.currentTimeMillis() + graceMs;
        drainContext.runOnContext(start -> vertx.setPeriodic(50, id -> {
            boolean idle = queue.isEmpty() && !flushing.get();
            boolean drained = idle && backlogBytes == 0 && !draining.get();
            if (drained || System.currentTimeMillis() > deadline) {
                vertx.cancelTimer(id);
                if (!drained) {
                    log.warn("stopping with {} bytes of evidence not yet in the database (idle={}, draining={}); "
                            + "they stay in the spool and are written at the next start", backlogBytes, idle,
                            draining.get());
                }
                stopped = true;
                vertx.cancelTimer(timerId);
                spoolThread.executeBlocking(() -> {
                    spool.close();
                    return null;
                }, false).onComplete(r -> {
                    spoolThread.close();
                    done.complete();
                });
            }
        }));
        return done.future();
    }
}
