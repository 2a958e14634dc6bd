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
import org.defaulterivr.evidence.merkle.MerkleFrontier;
import org.defaulterivr.evidence.merkle.Subtree;
import org.defaulterivr.evidence.merkle.TreeHasher;
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

    public LogSequencer(Vertx vertx, PgConnectOptions options, TreeHeadSigner signer, Duration headInterval,
            Clock clock, MeterRegistry meters) {
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
                .compose(rows -> rows.iterator().next().getBoolean(0) ? takeOver() : Future.succeededFuture(false));
    }

    /** Restores the log's state and checks it may sign on top of it; releases the lock if not. */
    private Future<Boolean> takeOver() {
        return repository.size()
                .compose(size -> repository.frontier(size))
                .compose(restored -> repository.latestHead().compose(head -> vouchable(restored, head)
                        .compose(problem -> {
                            if (problem.isPresent()) {
                                if (!problem.get().equals(refusal)) {
                                    log.error("evidence log: this node will not sequence: {}", problem.get());
                                    refusal = problem.get();
                                }
                                return connection.preparedQuery("select pg_advisory_unlock($1)")
                                        .execute(Tuple.of(LOCK_KEY)).map(false);
                            }
                            refusal = null;
                            frontier = restored;
                            lastHead = head.orElse(null);
                            lastHeadNanos = System.nanoTime() - intervalMs * 1_000_000L;
                            partitionsChecked = false;
                            leader = true;
                            log.info("evidence log sequencer: leading from size {} (latest signed head {})",
                                    restored.size(), head.map(h -> Long.toString(h.treeSize())).orElse("none"));
                            return Future.succeededFuture(true);
                        })));
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
        return repository.storeHead(head).onSuccess(v -> {
            lastHead = head;
            lastHeadNanos = System.nanoTime();
        });
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
