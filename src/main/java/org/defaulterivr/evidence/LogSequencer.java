package org.defaulterivr.evidence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.defaulterivr.evidence.merkle.MerkleFrontier;
import org.defaulterivr.evidence.merkle.Subtree;
import org.defaulterivr.evidence.merkle.TreeHasher;
import org.defaulterivr.tlog.Checkpoint;
import org.defaulterivr.tlog.NoteSigner;
import org.defaulterivr.tlog.SignedNote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the evidence log. Every node runs one; the one holding a PostgreSQL advisory lock (on its own
 * connection) is the leader, the others retry each interval and take over when the leader's connection goes away,
 * since PostgreSQL releases a session's advisory locks with the session.
 *
 * <p>The leader takes queued records in order of arrival, gives each the next {@code seq}, computes its leaf hash
 * ({@link LeafEncoding}), and appends the leaves, the perfect subtrees they complete and the removal from the queue in
 * one transaction on that same connection: a leader that loses its connection loses its lock and its unfinished
 * transaction together, so two writers can never interleave. It signs a tree head whenever the log has grown and the
 * last head is at least one interval old.
 *
 * <p>Taking over, it restores the frontier from {@code O(log n)} stored subtrees and refuses to lead (logging why)
 * if the latest stored head is not signed by its key or if the stored leaves no longer give that head's root: it
 * will not sign on top of a log it cannot vouch for.
 *
 * <p>Heads cannot be withdrawn: each head is first written durably to {@code data.dir/log/heads} ({@link HeadStore}),
 * then stored in the database with its checkpoint, so nobody can read a head that a crash or a database restore could
 * take back. Taking over, the leader also compares the log with the head in that file: a log that does not extend it
 * (leaves lost to a rollback or a restore, or changed) is never signed over, since its next head could contradict one
 * already served; the {@link LogAlarm} goes up with the reason and how to recover, until the database holds the log
 * again. Each head is also published as a checkpoint (c2sp.org/tlog-checkpoint) whose extension line commits to the
 * per-case index ({@link CaseIndex}); {@code published} hears of each, to ask the witnesses for cosignatures.
 */
public final class LogSequencer {
    private static final Logger log = LoggerFactory.getLogger(LogSequencer.class);
    /** The advisory lock key: "divrlog!" in ASCII. */
    static final long LOCK_KEY = 0x6469_7672_6c6f_6721L;
    private static final int BATCH = 5000;
    private static final Duration PARTITION_CHECK = Duration.ofHours(1);
    private static final int PARTITION_MONTHS_AHEAD = 2;

    private final Vertx vertx;
    private final Context context;
    private final PgConnectOptions options;
    private final TreeHeadSigner signer;
    private final long intervalMs;
    private final Clock clock;
    private final Counter appended;
    private final NoteSigner checkpointSigner;
    private final String origin;
    private final HeadStore heads;
    private final LogAlarm alarm;
    private final Consumer<CheckpointRepository.StoredCheckpoint> published;
    private final WitnessedHeads witnessed;
    private CheckpointRepository checkpoints;
    private CaseIndex cases = new CaseIndex();
    private PgConnection connection;
    private LogRepository repository;
    private boolean leader;
    private MerkleFrontier frontier = MerkleFrontier.empty();
    private SignedTreeHead lastHead;
    private long lastHeadNanos;
    private long lastPartitionCheckNanos;
    private boolean partitionsChecked;
    private String refusal;
    private boolean ticking;
    private boolean failing;
    private boolean stopped;
    private long timer = -1;

    /**
     * @param origin    the log's identity in its checkpoints (c2sp.org/tlog-checkpoint), also their key name
     * @param heads     where signed heads are kept outside the database
     * @param published hears of each checkpoint once it is stored (on the sequencer's context)
     * @param witnessed the checkpoints the witnesses hold, checked at each takeover like the head file
     */
    public LogSequencer(Vertx vertx, PgConnectOptions options, TreeHeadSigner signer, String origin, HeadStore heads,
            LogAlarm alarm, Consumer<CheckpointRepository.StoredCheckpoint> published, WitnessedHeads witnessed,
            Duration headInterval, Clock clock, MeterRegistry meters) {
        this.witnessed = witnessed;
        this.checkpointSigner = signer.noteSigner(origin);
        this.origin = origin;
        this.heads = heads;
        this.alarm = alarm;
        this.published = published;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.options = options;
        this.signer = signer;
        this.intervalMs = headInterval.toMillis();
        this.clock = clock;
        this.appended = Counter.builder("divr_log_appended_total")
                .description("Evidence records given a place in the log by this node").register(meters);
        Gauge.builder("divr_log_leader", this, s -> s.leader ? 1 : 0)
                .description("1 while this node is the log's sequencer").register(meters);
        Gauge.builder("divr_log_size", this, s -> s.frontier.size())
                .description("Records in the log, as this node last saw it leading").register(meters);
    }

    /** Starts trying to lead at once and then every interval; does not wait for leadership. */
    public Future<Void> start() {
        context.runOnContext(v -> {
            timer = vertx.setPeriodic(intervalMs, t -> tick());
            tick();
        });
        return Future.succeededFuture();
    }

    /** True while this node holds the lock and appends. */
    public boolean leader() {
        return leader;
    }

    /** Stops after the batch in progress and closes the connection, which hands the lock to another node. */
    public Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            stopped = true;
            vertx.cancelTimer(timer);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            vertx.setPeriodic(10, t -> {
                if (!ticking || System.nanoTime() > deadline) {
                    vertx.cancelTimer(t);
                    dropConnection().onComplete(r -> done.complete());
                }
            });
        });
        return done.future();
    }

    private void tick() {
        if (ticking || stopped) {
            return;
        }
        ticking = true;
        step().onComplete(ar -> {
            ticking = false;
            if (ar.failed() && !stopped) {
                // once per outage, not once per interval
                if (!failing) {
                    log.warn("evidence log sequencer: {}; retrying every interval as a new session",
                            ar.cause().toString());
                }
                failing = true;
                dropConnection();
            } else if (ar.succeeded() && failing) {
                failing = false;
                log.info("evidence log sequencer: database session back");
            }
        });
    }

    private Future<Void> step() {
        return connect()
                .compose(v -> leader ? Future.succeededFuture(true) : tryToLead())
                .compose(leading -> leading ? sequenceAll() : Future.succeededFuture());
    }

    private Future<Void> connect() {
        if (connection != null) {
            return Future.succeededFuture();
        }
        return PgConnection.connect(vertx, options).map(c -> {
            connection = c;
            repository = new LogRepository(c);
            checkpoints = new CheckpointRepository(c);
            c.closeHandler(v -> {
                if (connection == c) {
                    if (leader) {
                        log.warn("evidence log sequencer lost its database session; another node may take over");
                    }
                    connection = null;
                    leader = false;
                }
            });
            return null;
        });
    }

    private Future<Void> dropConnection() {
        PgConnection c = connection;
        connection = null;
        leader = false;
        return c == null ? Future.succeededFuture() : c.close().recover(e -> Future.succeededFuture());
    }

    private Future<Boolean> tryToLead() {
        return connection.preparedQuery("select pg_try_advisory_lock($1)").execute(Tuple.of(LOCK_KEY))
                .compose(rows -> rows.iterator().next().getBoolean(0) ? takeOver() : standBy());
    }

    /**
     * While another node leads, checks that the log it keeps still extends the last head this node signed: a node
     * that signed a head and then lost the lead is the one that can tell that the database lost it.
     */
    private Future<Boolean> standBy() {
        return readKnownHead()
                .compose(known -> repository.size().compose(size -> extendsKnown(size, known)))
                .map(problem -> {
                    if (problem.isPresent()) {
                        if (!problem.get().equals(refusal)) {
                            log.error("evidence log: the leading node signs over a log that does not extend this"
                                    + " node's last head: {}", problem.get());
                            refusal = problem.get();
                        }
                        alarm.raise(STANDBY_ALARM, "evidence log: the log another node leads does not extend the"
                                + " head this node signed: " + problem.get());
                    } else {
                        alarm.clear(STANDBY_ALARM);
                    }
                    return false;
                });
    }

    private static final String STANDBY_ALARM = "standby";

    /** Restores the log's state and checks it may sign on top of it; releases the lock if not. */
    private Future<Boolean> takeOver() {
        return repository.size()
                .compose(size -> repository.frontier(size))
                .compose(restored -> repository.latestHead().compose(head -> readKnownHead().compose(known ->
                        vouchable(restored, head)
                        .compose(problem -> problem.isPresent() ? Future.succeededFuture(problem)
                                : extendsKnown(restored.size(), known))
                        .compose(problem -> problem.isPresent() ? Future.succeededFuture(problem)
                                : extendsWitnessed(restored.size()))
                        .compose(problem -> {
                            if (problem.isPresent()) {
                                return refuse(problem.get());
                            }
                            return adopt(head, known).compose(latest -> restoreCaseIndex(restored.size())
                                    .map(index -> {
                                        refusal = null;
                                        alarm.clear(ALARM_SOURCE);
                                        frontier = restored;
                                        cases = index;
                                        lastHead = latest.orElse(null);
                                        lastHeadNanos = System.nanoTime() - intervalMs * 1_000_000L;
                                        partitionsChecked = false;
                                        leader = true;
                                        log.info("evidence log sequencer: leading from size {} (latest signed head {},"
                                                + " {} cases indexed)", restored.size(), latest.map(h ->
                                                Long.toString(h.treeSize())).orElse("none"), index.cases());
                                        return true;
                                    }));
                        }))));
    }

    private static final String ALARM_SOURCE = "sequencer";

    /** Refuses to lead: says why (once per reason), raises the alarm and lets the lock go. */
    private Future<Boolean> refuse(String problem) {
        if (!problem.equals(refusal)) {
            log.error("evidence log: this node will not sequence: {}", problem);
            refusal = problem;
        }
        alarm.raise(ALARM_SOURCE, "evidence log: this node signs nothing: " + problem);
        return connection.preparedQuery("select pg_advisory_unlock($1)").execute(Tuple.of(LOCK_KEY)).map(false);
    }

    private Future<Optional<SignedTreeHead>> readKnownHead() {
        return vertx.executeBlocking(heads::read)
                .onSuccess(head -> alarm.clear("head-file"))
                .recover(e -> {
                    alarm.raise("head-file", "evidence log: cannot read the last signed head (" + e.getMessage()
                            + "): this node signs nothing until it can");
                    return Future.failedFuture(new IllegalStateException("cannot read the last signed head: "
                            + e.getMessage(), e));
                });
    }

    private Future<Void> writeKnownHead(SignedTreeHead head) {
        return vertx.<Void>executeBlocking(() -> {
            heads.write(head);
            return null;
        }).onComplete(ar -> {
            if (ar.failed()) {
                alarm.raise("head-store", "evidence log: signed heads cannot be kept in " + heads.file() + " ("
                        + ar.cause().getMessage() + "): this node signs nothing until it can");
            } else {
                alarm.clear("head-store");
            }
        });
    }

    /**
     * Empty if the log extends the head this node keeps outside the database, i.e. holds at least its leaves and they
     * give its root; otherwise what happened and how to recover.
     */
    private Future<Optional<String>> extendsKnown(long logSize, Optional<SignedTreeHead> known) {
        if (known.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        SignedTreeHead head = known.get();
        String recovery = " To recover, restore the database from a backup or replica that holds at least those "
                + head.treeSize() + " leaves (this node resumes by itself once the log extends that head). Do not"
                + " delete " + heads.file() + " to get signing going again: the next head could contradict one"
                + " already served, which is a fork.";
        if (!signer.verifier().verify(head)) {
            return Future.succeededFuture(Optional.of("the head kept in " + heads.file() + " (size " + head.treeSize()
                    + ") is not signed by this node's key; provision the log's key in data.dir/keys"));
        }
        if (logSize < head.treeSize()) {
            return Future.succeededFuture(Optional.of("the database holds " + logSize + " leaves, but a head of"
                    + " size " + head.treeSize() + " was signed (kept in " + heads.file() + "): the database lost"
                    + " part of the log (rolled back or restored from an older backup)." + recovery));
        }
        return repository.root(head.treeSize()).map(root -> TreeHasher.same(root, head.rootHash())
                ? Optional.<String>empty()
                : Optional.of("the database's first " + head.treeSize() + " leaves do not give the root of the head of"
                        + " that size signed before (kept in " + heads.file() + "): the log in the database was"
                        + " replaced or altered." + recovery));
    }

    /**
     * Empty if the log extends every checkpoint the witnesses cosigned: they remember what any node of the deployment
     * signed, even one whose data directory is gone.
     */
    private Future<Optional<String>> extendsWitnessed(long logSize) {
        return witnessed.latest().compose(checkpoints -> {
            Future<Optional<String>> result = Future.succeededFuture(Optional.empty());
            for (Checkpoint checkpoint : checkpoints) {
                result = result.compose(problem -> {
                    if (problem.isPresent()) {
                        return Future.succeededFuture(problem);
                    }
                    String recovery = " To recover, restore the database from a backup or replica that holds at"
                            + " least those " + checkpoint.size() + " leaves; this node resumes by itself once the log"
                            + " extends that checkpoint.";
                    if (logSize < checkpoint.size()) {
                        return Future.succeededFuture(Optional.of("a witness cosigned this log's checkpoint of size "
                                + checkpoint.size() + " but the database holds " + logSize + " leaves: the database"
                                + " lost part of the log (rolled back or restored from an older backup)." + recovery));
                    }
                    return repository.root(checkpoint.size()).map(root -> TreeHasher.same(root, checkpoint.rootHash())
                            ? Optional.<String>empty()
                            : Optional.of("the database's first " + checkpoint.size() + " leaves do not give the root"
                                    + " of the checkpoint a witness cosigned at that size: the log in the database was"
                                    + " replaced or altered." + recovery));
                });
            }
            return result;
        });
    }

    /**
     * Brings the file and the database to the same latest head: a head only the file has (the database lost it, or
     * crashed between the two writes) is stored again as it was signed; a newer one in the database (signed by another
     * node) is written to the file. The latest of the two.
     */
    private Future<Optional<SignedTreeHead>> adopt(Optional<SignedTreeHead> stored, Optional<SignedTreeHead> known) {
        if (known.isPresent() && (stored.isEmpty() || stored.get().treeSize() < known.get().treeSize())) {
            log.warn("evidence log: the database lacked the signed head of size {} kept in {}; storing it again",
                    known.get().treeSize(), heads.file());
            return repository.storeHead(known.get()).map(known);
        }
        if (stored.isPresent() && (known.isEmpty() || known.get().treeSize() < stored.get().treeSize())) {
            return writeKnownHead(stored.get()).map(stored);
        }
        return Future.succeededFuture(stored);
    }

    /** The case index as of the latest checkpoint, brought up to the log's {@code size} from its leaves. */
    private Future<CaseIndex> restoreCaseIndex(long size) {
        CaseIndex index = new CaseIndex();
        return checkpoints.latest().compose(latest -> {
            long from = latest.map(CheckpointRepository.StoredCheckpoint::treeSize).orElse(0L);
            if (from > size) {
                return Future.failedFuture("the latest checkpoint has size " + from + " but the log holds " + size
                        + " leaves");
            }
            Future<List<CaseIndexEntry>> entries = latest.isEmpty() ? Future.succeededFuture(List.of())
                    : checkpoints.entriesAsOf(from);
            return entries.compose(list -> {
                list.forEach(index::restore);
                return vertx.executeBlocking(() -> index.tree().root());
            }).compose(root -> {
                if (latest.isPresent() && !TreeHasher.same(root, latest.get().caseIndexRoot())) {
                    return Future.failedFuture("the case index stored with the checkpoint of size " + from
                            + " does not give the root that checkpoint signs: case_index_entry was altered");
                }
                return replayCases(index, from, size);
            });
        }).map(index);
    }

    private Future<Void> replayCases(CaseIndex index, long from, long to) {
        if (from >= to) {
            return Future.succeededFuture();
        }
        long end = Math.min(to, from + 50_000);
        return checkpoints.caseSeqs(from, end).compose(seqs -> {
            seqs.forEach(s -> index.add(s.caseId(), s.seq()));
            return replayCases(index, end, to);
        });
    }

    /** Empty if this node may extend the log; otherwise why not. */
    private Future<Optional<String>> vouchable(MerkleFrontier restored, Optional<SignedTreeHead> latest) {
        if (latest.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        SignedTreeHead head = latest.get();
        if (!signer.verifier().verify(head)) {
            return Future.succeededFuture(Optional.of("the latest tree head (size " + head.treeSize()
                    + ") is not signed by this node's key; provision the log's key in data.dir/keys"));
        }
        if (head.treeSize() > restored.size()) {
            return Future.succeededFuture(Optional.of("the latest tree head has size " + head.treeSize()
                    + " but the log holds only " + restored.size() + " leaves"));
        }
        return repository.root(head.treeSize()).map(root -> TreeHasher.same(root, head.rootHash())
                ? Optional.empty()
                : Optional.of("the stored leaves do not give the root of the latest signed tree head (size "
                        + head.treeSize() + "): the log was altered in the database"));
    }

    /** Appends everything queued, batch by batch, signing heads as it goes. */
    private Future<Void> sequenceAll() {
        if (stopped || !leader) {
            return Future.succeededFuture();
        }
        return maintainPartitions()
                .compose(v -> repository.pending(BATCH))
                .compose(batch -> {
                    if (batch.isEmpty()) {
                        return signIfDue();
                    }
                    return append(batch).compose(v -> signIfDue()).compose(v -> sequenceAll());
                });
    }

    private Future<Void> append(List<EvidenceRecord> batch) {
        long first = frontier.size();
        MerkleFrontier next = frontier;
        List<byte[]> leaves = new ArrayList<>(batch.size());
        Map<Subtree, byte[]> completed = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            byte[] leaf = LeafEncoding.leafHash(first + i, batch.get(i));
            leaves.add(leaf);
            next = next.append(leaf, completed::put);
        }
        MerkleFrontier appendedFrontier = next;
        return connection.begin().compose(tx -> repository.size()
                .compose(size -> size == first
                        ? repository.append(first, batch, leaves, completed)
                        : Future.failedFuture("the log holds " + size + " leaves, not the " + first + " expected"))
                .compose(v -> tx.commit())
                .recover(e -> tx.rollback().transform(r -> Future.<Void>failedFuture(e))))
                .onSuccess(v -> {
                    frontier = appendedFrontier;
                    for (int i = 0; i < batch.size(); i++) {
                        cases.add(batch.get(i).caseId(), first + i);
                    }
                    appended.increment(batch.size());
                });
    }

    private Future<Void> signIfDue() {
        long size = frontier.size();
        boolean grown = lastHead == null || size > lastHead.treeSize();
        boolean due = System.nanoTime() - lastHeadNanos >= intervalMs * 1_000_000L;
        if (!grown || !due) {
            return Future.succeededFuture();
        }
        Instant now = clock.instant();
        // a head never claims an earlier time than the one before it, whatever the clock of the node that signed that
        Instant timestamp = lastHead != null && now.isBefore(lastHead.timestamp()) ? lastHead.timestamp() : now;
        SignedTreeHead head = signer.sign(size, frontier.root(), timestamp);
        long caseCount = cases.cases();
        List<CaseIndexEntry> changed = cases.changed();
        CaseIndex index = cases;
        // two hashes per case: off the event loop (nothing changes the index while this step runs)
        return vertx.executeBlocking(() -> index.tree().root())
                .compose(indexRoot -> signAndStore(head, caseCount, indexRoot, changed));
    }

    private Future<Void> signAndStore(SignedTreeHead head, long caseCount, byte[] indexRoot,
            List<CaseIndexEntry> changed) {
        long size = head.treeSize();
        Checkpoint checkpoint = new Checkpoint(origin, size, head.rootHash(),
                List.of(CaseIndex.extensionLine(caseCount, indexRoot)));
        SignedNote note = new SignedNote(checkpoint.text(), List.of(checkpointSigner.sign(checkpoint.text())));
        // durable outside the database before anyone can read it there
        return writeKnownHead(head)
                .compose(v -> {
                    lastHead = head;
                    lastHeadNanos = System.nanoTime();
                    return connection.begin().compose(tx -> repository.storeHead(head)
                            .compose(stored -> checkpoints.store(size, note, indexRoot, caseCount, changed))
                            .compose(stored -> tx.commit())
                            .recover(e -> tx.rollback().transform(r -> Future.<Void>failedFuture(e))));
                })
                .onSuccess(v -> {
                    cases.stored(changed);
                    published.accept(new CheckpointRepository.StoredCheckpoint(size, note, indexRoot, caseCount));
                });
    }

    /** The origin of this log's checkpoints. */
    public String origin() {
        return origin;
    }

    private Future<Void> maintainPartitions() {
        if (partitionsChecked && System.nanoTime() - lastPartitionCheckNanos < PARTITION_CHECK.toNanos()) {
            return Future.succeededFuture();
        }
        partitionsChecked = true;
        lastPartitionCheckNanos = System.nanoTime();
        return repository.ensurePartitions(PARTITION_MONTHS_AHEAD)
                .onSuccess(created -> {
                    if (created > 0) {
                        log.info("created {} monthly evidence partition(s)", created);
                    }
                })
                .mapEmpty();
    }
}
