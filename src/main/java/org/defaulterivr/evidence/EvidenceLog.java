package org.defaulterivr.evidence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the call path hands evidence: {@link #begin} completes once a notice's start is durable in the local spool
 * (before the notice plays), {@link NoticeRecording#complete} once its outcome is; a background drain then copies
 * completed records into PostgreSQL, retrying while the database is away.
 *
 * <p>When the spool cannot be written (full disk, I/O error) the log refuses new notices at once ({@link
 * #accepting()} false, with the reason for readiness), keeps the outcomes it could not write, and tries the disk again
 * every second; once it takes writes, the kept outcomes are written and notices resume.
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
    private static final long RECOVERY_INTERVAL_MS = 1000;

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
    private final Counter spoolWriteFailures;
    private final Timer spoolWrites;
    /** Notices whose start is durable and whose outcome is not written yet. */
    private final java.util.Set<NoticeRecording> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Outcomes a failed write could not keep: written again once the spool takes writes. */
    private final Queue<EvidenceRecord> unwritten = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean recovering = new AtomicBoolean();
    /** Why the spool takes no writes (full disk, I/O error), or null. */
    private volatile String spoolFailure;
    private volatile long unreadBytes;
    private volatile long backlogBytes;
    private volatile boolean databaseReachable = true;
    private volatile boolean stopped;
    private volatile boolean full;
    private long retryMs = 250;
    private long timerId = -1;

    private record Waiting(EvidenceSpool.Entry entry, Promise<Void> promise, Context context) {
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
        this.unreadBytes = spool.unreadBytes();
        this.stored = Counter.builder("divr_evidence_stored_total")
                .description("Evidence records copied from the spool into PostgreSQL").register(meters);
        this.storeFailures = Counter.builder("divr_evidence_store_failures_total")
                .description("Failed attempts to copy spooled evidence into PostgreSQL").register(meters);
        this.spoolWriteFailures = Counter.builder("divr_evidence_spool_write_failures_total")
                .description("Spool writes or fsyncs that failed (full disk, I/O error): notices stop until the "
                        + "spool takes writes again").register(meters);
        this.spoolWrites = Timer.builder("divr_evidence_spool_write_seconds")
                .description("Writing one batch of evidence to the local spool, fsync included (appends arriving "
                        + "together share one): a notice waits for its start's write before it plays, and the "
                        + "dialplan for its outcome's, so a slow disk shows here first")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100))
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(meters);
        Gauge.builder("divr_evidence_spool_failed", this, l -> l.spoolFailure == null ? 0 : 1)
                .description("1 while the evidence spool cannot be written (notices stopped), else 0").register(meters);
        Gauge.builder("divr_evidence_notices_open", open, java.util.Set::size)
                .description("Notices playing whose start is recorded and whose outcome is not yet").register(meters);
        Gauge.builder("divr_evidence_spool_backlog_bytes", this, EvidenceLog::backlogBytes)
                .description("Evidence in the local spool not yet in PostgreSQL").register(meters);
    }

    /** Opens the spool under {@code dir} (blocking: call at start-up) and starts copying it to the database. */
    public static EvidenceLog open(Vertx vertx, Path dir, boolean fsync, EvidenceRepository repository,
            long maxBacklogBytes, MeterRegistry meters) {
        return open(vertx, dir, fsync, EvidenceSpool.Channels.REAL, repository, maxBacklogBytes, meters);
    }

    /** As above, with the spool's files opened through {@code channels} (tests inject disk faults there). */
    static EvidenceLog open(Vertx vertx, Path dir, boolean fsync, EvidenceSpool.Channels channels,
            EvidenceRepository repository, long maxBacklogBytes, MeterRegistry meters) {
        try {
            EvidenceLog evidenceLog = new EvidenceLog(vertx, new EvidenceSpool(dir, fsync, channels), repository,
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

    /**
     * False when the spool cannot be written or is at its bound: the call path then plays no notice rather than one
     * it cannot prove.
     */
    public boolean accepting() {
        boolean accepting = !stopped && spoolFailure == null && backlogBytes < maxBacklogBytes;
        if (accepting == full) {
            full = !accepting;
            if (full && !stopped) {
                log.error("ALARM evidence spool refuses notices ({}): notices stop, calls still connect",
                        refusal().orElse("?"));
            } else if (!full) {
                log.info("evidence spool takes records again: notices resume");
            }
        }
        return accepting;
    }

    /** Why notices are refused, for readiness and logs; empty while they are accepted. */
    public java.util.Optional<String> refusal() {
        if (stopped) {
            return java.util.Optional.of("evidence log stopped");
        }
        String failure = spoolFailure;
        if (failure != null) {
            return java.util.Optional.of("evidence spool cannot be written: " + failure);
        }
        if (backlogBytes >= maxBacklogBytes) {
            return java.util.Optional.of("evidence spool at its bound: " + backlogBytes
                    + " bytes not yet in the database");
        }
        return java.util.Optional.empty();
    }

    /** The refusal as a short label for metrics and the dialplan's DEFAULTER_REASON. */
    public String refusalLabel() {
        return spoolFailure != null ? "evidence-spool-failed" : "evidence-spool-full";
    }

    public long backlogBytes() {
        return backlogBytes;
    }

    public boolean databaseReachable() {
        return databaseReachable;
    }

    /**
     * Writes a notice's start (a record with outcome unknown) before the notice plays; completes with its recording
     * once the start is durable on this node, fails if the spool cannot be written (then the notice must not play).
     */
    public Future<NoticeRecording> begin(EvidenceRecord started) {
        NoticeRecording recording = new NoticeRecording(this, started);
        return enqueue(new EvidenceSpool.Entry(EvidenceSpool.Kind.STARTED, started)).map(v -> {
            open.add(recording);
            return recording;
        });
    }

    /** Writes a notice's outcome; see {@link NoticeRecording#complete}. */
    Future<Void> complete(NoticeRecording recording, EvidenceRecord completed) {
        open.remove(recording);
        return enqueue(new EvidenceSpool.Entry(EvidenceSpool.Kind.COMPLETED, completed));
    }

    /** Writes a record whose outcome is known, with no start before it; completes when it is durable. */
    public Future<Void> append(EvidenceRecord record) {
        return enqueue(new EvidenceSpool.Entry(EvidenceSpool.Kind.COMPLETED, record));
    }

    private Future<Void> enqueue(EvidenceSpool.Entry entry) {
        if (stopped) {
            if (entry.kind() == EvidenceSpool.Kind.COMPLETED) {
                unwritten.add(entry.record());
            }
            return Future.failedFuture("evidence log is stopped");
        }
        Promise<Void> promise = Promise.promise();
        queue.add(new Waiting(entry, promise, Vertx.currentContext()));
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
                long writeStarted = System.nanoTime();
                try {
                    spool.append(batch.stream().map(Waiting::entry).toList());
                    spoolWrites.record(System.nanoTime() - writeStarted, TimeUnit.NANOSECONDS);
                    backlogBytes = spool.backlogBytes();
                    unreadBytes = spool.unreadBytes();
                } catch (IOException | RuntimeException e) {
                    failure = e;
                    spoolFailed(e);
                    for (Waiting w : batch) {
                        if (w.entry().kind() == EvidenceSpool.Kind.COMPLETED) {
                            // the notice played and its start is durable: its outcome is written once the disk allows
                            unwritten.add(w.entry().record());
                        }
                    }
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

    /** On the spool thread, after a failed write or fsync: refuse notices and try the disk again every second. */
    private void spoolFailed(Throwable e) {
        spoolWriteFailures.increment();
        String reason = spool.failure() != null ? spool.failure() : e.toString();
        if (spoolFailure == null) {
            log.error("ALARM evidence spool write failed ({}): notices stop, calls connect unannounced, until the "
                    + "spool takes writes again", reason);
        }
        spoolFailure = reason;
        if (recovering.compareAndSet(false, true)) {
            drainContext.runOnContext(v -> vertx.setTimer(RECOVERY_INTERVAL_MS, t -> tryRecovery()));
        }
    }

    private void tryRecovery() {
        spoolThread.executeBlocking(spool::recover, false).onComplete(ar -> {
            if (ar.succeeded() && ar.result()) {
                recovering.set(false);
                spoolFailure = null;
                int kept = unwritten.size();
                for (EvidenceRecord r; (r = unwritten.poll()) != null; ) {
                    append(r);
                }
                log.info("evidence spool takes writes again; {} outcomes kept meanwhile are being written", kept);
            } else if (stopped) {
                recovering.set(false);
            } else {
                vertx.setTimer(RECOVERY_INTERVAL_MS, t -> tryRecovery());
            }
        });
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
        // unreadBytes is set after every write and before its drain is scheduled
        if (stopped || unreadBytes == 0 || !draining.compareAndSet(false, true)) {
            return;
        }
        drainStep();
    }

    private void drainStep() {
        spoolThread.executeBlocking(() -> spool.readPending(DRAIN_BATCH), false)
                .compose(pending -> {
                    // with synchronous_commit on (Database checks it) a committed insert is durable: only then is
                    // its part of the spool released
                    return repository.insert(pending.records())
                            .compose(v -> spoolThread.executeBlocking(() -> {
                                spool.acknowledge(pending.endOffset());
                                backlogBytes = spool.backlogBytes();
                                unreadBytes = spool.unreadBytes();
                                // look again only if more was written meanwhile
                                return unreadBytes > 0;
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

    /**
     * Completes the notices still playing as cut (heard from STREAM FILE until now), drains what it can into the
     * database within {@code graceMs}, then closes the spool.
     */
    public Future<Void> stop(long graceMs) {
        Promise<Void> done = Promise.promise();
        long deadline = System.currentTimeMillis() + graceMs;
        long now = System.nanoTime();
        int cut = 0;
        for (NoticeRecording recording : List.copyOf(open)) {
            EvidenceRecord record = recording.cut(now);
            open.remove(recording);
            if (record != null) {
                cut++;
                append(record);
            }
        }
        if (cut > 0) {
            log.warn("stopping while {} notices play: each is recorded as partial, heard until now", cut);
        }
        drainContext.runOnContext(start -> vertx.setPeriodic(50, id -> {
            boolean idle = queue.isEmpty() && !flushing.get();
            boolean drained = idle && unreadBytes == 0 && !draining.get();
            if (drained || System.currentTimeMillis() > deadline) {
                vertx.cancelTimer(id);
                if (!drained) {
                    log.warn("stopping with {} bytes of evidence not yet in the database (idle={}, draining={}); "
                            + "they stay in the spool and are written at the next start", unreadBytes, idle,
                            draining.get());
                }
                if (!unwritten.isEmpty()) {
                    log.error("stopping with {} outcomes the spool could not take; their notices' starts are in the "
                            + "spool and are stored as outcome unknown at the next start", unwritten.size());
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
