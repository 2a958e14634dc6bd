package org.defaulterivr;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import org.defaulterivr.access.TokenRepository;
import org.defaulterivr.agi.AgiLimits;
import org.defaulterivr.agi.AgiServerVerticle;
import org.defaulterivr.agi.HostLimits;
import org.defaulterivr.agi.ListenOverflowCounter;
import org.defaulterivr.agi.SessionLoopAccept;
import org.defaulterivr.agi.SourcePolicy;
import org.defaulterivr.api.HttpApiVerticle;
import org.defaulterivr.api.PeopleRoutes;
import org.defaulterivr.api.RegistryApi;
import org.defaulterivr.api.audit.AuditAccess;
import org.defaulterivr.api.audit.AuditorRoutes;
import org.defaulterivr.config.Config;
import org.defaulterivr.config.ConfigException;
import org.defaulterivr.console.WebConsole;
import org.defaulterivr.people.People;
import org.defaulterivr.people.PersonRepository;
import org.defaulterivr.people.TotpSeal;
import org.defaulterivr.config.SecretFile;
import org.defaulterivr.config.Setting;
import org.defaulterivr.database.Database;
import org.defaulterivr.evidence.CheckpointRepository;
import org.defaulterivr.evidence.EvidenceLog;
import org.defaulterivr.evidence.HeadStore;
import org.defaulterivr.evidence.LogAlarm;
import org.defaulterivr.evidence.witnessing.CheckpointWitnessing;
import org.defaulterivr.evidence.witnessing.WitnessEndpoint;
import org.defaulterivr.evidence.EvidenceRepository;
import org.defaulterivr.evidence.LogRepository;
import org.defaulterivr.evidence.LogSequencer;
import org.defaulterivr.evidence.Pseudonymiser;
import org.defaulterivr.evidence.TreeHeadSigner;
import org.defaulterivr.evidence.query.AccessLog;
import org.defaulterivr.evidence.query.AuditRepository;
import org.defaulterivr.evidence.query.EvidenceReader;
import org.defaulterivr.index.IndexSnapshot;
import org.defaulterivr.index.ListingIndex;
import org.defaulterivr.index.RegistryRefresher;
import org.defaulterivr.index.RegistryRepository;
import org.defaulterivr.notice.NoticeMedia;
import org.defaulterivr.notice.NoticeStore;
import org.defaulterivr.numbers.PhoneNumbers;
import org.defaulterivr.screening.CallFlow;
import org.defaulterivr.screening.CallMetrics;
import org.defaulterivr.screening.HearingFeed;
import org.defaulterivr.screening.RepeatCallMemory;
import org.defaulterivr.screening.Screener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: wires the plain domain classes together by constructor and deploys the two edges, the FastAGI
 * server and the HTTP API. {@link Main} starts one for the command line; integration tests start them directly.
 */
public final class Service {
    private static final Logger log = LoggerFactory.getLogger(Service.class);
    private static final Duration SNAPSHOT_INTERVAL = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final Config config;
    private final Pool pool;
    private final ListingIndex index;
    private final RegistryRefresher refresher;
    private final EvidenceLog evidence;
    private final AgiServerVerticle.Sessions sessions;
    private final PrometheusMeterRegistry meters;
    private RegistryApi api;
    private HearingFeed hearings;
    private LogSequencer sequencer;
    private LogAlarm logAlarm;
    private CheckpointWitnessing witnessing;
    private AuditorRoutes audit;
    private WebConsole console;
    private People people;
    private int agiPort;
    private int httpPort;
    private String agiDeployment;
    private String httpDeployment;
    private long snapshotTimer = -1;

    private Service(Vertx vertx, Config config, Pool pool, ListingIndex index, RegistryRefresher refresher,
            EvidenceLog evidence, AgiServerVerticle.Sessions sessions, PrometheusMeterRegistry meters) {
        this.vertx = vertx;
        this.config = config;
        this.pool = pool;
        this.index = index;
        this.refresher = refresher;
        this.evidence = evidence;
        this.sessions = sessions;
        this.meters = meters;
    }

    /** Starts a node on an open database; completes when both edges listen and the registry index is loaded. */
    public static Future<Service> start(Config config, Database database, Clock clock) {
        Vertx vertx = Vertx.builder().withTransport(SessionLoopAccept.forNode()).build();
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Pool pool = database.pool(vertx, config.databasePoolSize());
        RegistryRepository registry = new RegistryRepository(pool);
        ListingIndex index = new ListingIndex();
        RegistryRefresher refresher = new RegistryRefresher(vertx, database.connectOptions(), registry, index, clock);
        PhoneNumbers numbers = new PhoneNumbers(config.defaultRegion());
        NoticeStore notices = new NoticeStore(config.dataDir().resolve("notices"));
        io.micrometer.core.instrument.Gauge.builder("divr_index_numbers", index, ListingIndex::numberCount)
                .description("Numbers in the in-memory registry index").register(meters);
        io.micrometer.core.instrument.Gauge.builder("divr_index_quarantined_cases", index, i -> i.quarantined().size())
                .description("Cases set aside by the registry loader because a row cannot be loaded (alert on > 0; "
                        + "the log and /health/ready name them)").register(meters);
        io.micrometer.core.instrument.Gauge.builder("divr_index_age_seconds", refresher,
                        r -> r.staleness().map(Duration::toSeconds).orElse(-1L))
                .description("How far the index may be behind the database: 0 while in sync, -1 before any load")
                .register(meters);
        IndexSnapshot snapshot = new IndexSnapshot(config.dataDir().resolve("registry/index-snapshot.json.gz"));

        return vertx.executeBlocking(() -> {
                    byte[] key = SecretFile.loadOrCreate(config.dataDir().resolve("keys/pseudonym.key"), 32);
                    // seals people's TOTP secrets in the database; like the signing key, every node holds the same one
                    byte[] totpKey = SecretFile.loadOrCreate(config.dataDir().resolve("keys/console-totp.key"), 32);
                    EvidenceLog evidence = EvidenceLog.open(vertx, config.dataDir().resolve("spool"),
                            config.spoolFsync(), new EvidenceRepository(pool), config.spoolMaxBytes(), meters);
                    // the private key never leaves this directory; every node must hold the same one (README)
                    TreeHeadSigner signer = TreeHeadSigner.loadOrCreate(config.dataDir().resolve("keys"));
                    return new Object[] {key, evidence, signer, totpKey};
                })
                .compose(opened -> {
                    byte[] key = (byte[]) opened[0];
                    EvidenceLog evidence = (EvidenceLog) opened[1];
                    TreeHeadSigner signer = (TreeHeadSigner) opened[2];
                    Pseudonymiser pseudonymiser = new Pseudonymiser(key, config.keepCallerNumbers());
                    RepeatCallMemory repeats = new RepeatCallMemory(config.repeatPeriod(), pseudonymiser, numbers,
                            meters);
                    Screener screener = new Screener(index, numbers, config.exemptCallers(), repeats, clock);
                    CallFlow flow = new CallFlow(screener, NoticeMedia.from(config), evidence, pseudonymiser, numbers,
                            config.nodeId(), config.decisionBudget(), clock, new CallMetrics(meters));
                    // the counts of a fault that stopped are still written when its minute ends
                    vertx.setPeriodic(10_000, t -> flow.flushFaultLog());
                    AgiServerVerticle.Sessions sessions = new AgiServerVerticle.Sessions(
                            new SourcePolicy(config.agiAllowedSources(), config.agiMaxSessionsPerSource()), meters);
                    Service service = new Service(vertx, config, pool, index, refresher, evidence, sessions, meters);
                    service.api = new RegistryApi(vertx, pool, config, numbers, notices, clock);
                    TokenRepository tokens = new TokenRepository(pool);
                    service.people = new People(vertx, new PersonRepository(pool), new TotpSeal((byte[]) opened[3]),
                            tokens, clock);
                    service.console = new WebConsole(config, service.people, tokens, clock);
                    service.hearings = new HearingFeed(vertx, new EvidenceReader(pool), repeats, clock);
                    service.logAlarm = new LogAlarm(meters);
                    String origin = config.logOrigin().isEmpty() ? signer.defaultOrigin() : config.logOrigin();
                    service.witnessing = new CheckpointWitnessing(vertx, config.witnesses().stream()
                            .map(WitnessEndpoint::parse).toList(), signer.noteSigner(origin).verifierKey(),
                            new LogRepository(pool), new CheckpointRepository(pool), service.logAlarm, meters);
                    service.sequencer = new LogSequencer(vertx, database.connectOptions(), signer, origin,
                            new HeadStore(config.dataDir().resolve("log/heads")), service.logAlarm,
                            service.witnessing, service.witnessing, config.treeHeadInterval(), clock, meters);
                    service.audit = new AuditorRoutes(AuditAccess.auditorTokens(), new LogRepository(pool),
                            new AuditRepository(pool), new AccessLog(pool), signer.publicKeyPem(),
                            new CheckpointRepository(pool), signer.noteSigner(origin).verifierKey().vkey());
                    return service.loadIndex(snapshot, clock)
                            .compose(v -> service.hearings.start())
                            .compose(v -> service.api.start().recover(e -> {
                                // the registry API answers once the database does; calls are served meanwhile
                                log.error("registry API start-up incomplete: {}", e.getMessage());
                                return Future.succeededFuture();
                            }))
                            .compose(v -> service.sequencer.start())
                            .compose(v -> tenureStartupObjects(vertx))
                            .compose(v -> service.deployEdges(flow, notices, registry)
                                    // a port taken: stop what started in order, so the database's going away
                                    // afterwards raises no alarm about lost sessions
                                    .recover(e -> service.stopParts().transform(stopped -> Future.failedFuture(e))))
                            .map(service);
                })
                .onFailure(e -> vertx.close());
    }

    /**
     * One full collection before the first call, off the event loop. What start-up built to keep (the registry index,
     * phone-number metadata, pools, caches: about 8 MB with a small registry) would otherwise sit in the young
     * generation and be copied at every young collection until it is old enough to be promoted, fifteen collections
     * later; on a 2-core machine that made each young pause in the first minutes about 10 ms instead of about 3 ms,
     * and every call arriving meanwhile waits for it.
     */
    private static Future<Void> tenureStartupObjects(Vertx vertx) {
        return vertx.executeBlocking(() -> {
            long started = System.nanoTime();
            System.gc();
            log.debug("start-up objects tenured in {} ms", (System.nanoTime() - started) / 1_000_000);
            return null;
        });
    }

    /**
     * Loads the index from the database; if that takes longer than the start-up wait (database down), screens from
     * the local snapshot meanwhile, and if there is none, starts anyway: calls then connect unannounced until the
     * database answers. Afterwards keeps the snapshot up to date.
     */
    private Future<Void> loadIndex(IndexSnapshot snapshot, Clock clock) {
        Promise<Void> ready = Promise.promise();
        refresher.start().onSuccess(v -> ready.tryComplete());
        vertx.setTimer(config.registryStartupWait().toMillis(), t -> {
            if (index.ready()) {
                return;
            }
            vertx.executeBlocking(snapshot::read).onComplete(read -> {
                if (read.succeeded() && read.result().isPresent()
                        && index.restoreIfEmpty(read.result().get().listings(), read.result().get().asOf())) {
                    index.replaceExemptCallers(read.result().get().exemptCallers());
                    log.warn("database not reachable: screening from the registry snapshot of {} ({} numbers)",
                            read.result().get().asOf(), index.numberCount());
                } else if (!index.ready()) {
                    log.error("database not reachable and no registry snapshot: calls connect unannounced until "
                            + "the registry can be loaded");
                }
                ready.tryComplete();
            });
        });
        long[] written = {-1};
        snapshotTimer = vertx.setPeriodic(SNAPSHOT_INTERVAL.toMillis(), t -> {
            long changes = index.changes();
            if (changes != written[0] && refresher.staleness().map(Duration::isZero).orElse(false)) {
                written[0] = changes;
                vertx.executeBlocking(() -> {
                    snapshot.write(index.all(), index.exemptCallers(), clock.instant());
                    return null;
                }, false).onFailure(e -> log.warn("registry snapshot not written: {}", e.toString()));
            }
        });
        return ready.future();
    }

    private Future<Void> deployEdges(CallFlow flow, NoticeStore notices, RegistryRepository registry) {
        return vertx.executeBlocking(HostLimits::read).compose(host -> deployEdges(flow, notices, registry, host));
    }

    /** The FastAGI limits the host can honour, said once at start-up and exported as gauges. */
    private AgiLimits agiLimits(HostLimits host) {
        AgiLimits asked = AgiLimits.from(config);
        AgiLimits limits = asked.within(host);
        if (limits.maxSessions() < asked.maxSessions()) {
            log.warn("agi.max.sessions {} lowered to {}: the open-file limit is {} (raise ulimit -n / LimitNOFILE)",
                    asked.maxSessions(), limits.maxSessions(), host.openFiles().orElse(-1));
        }
        if (limits.acceptBacklog() < asked.acceptBacklog()) {
            log.warn("agi.accept.backlog {} capped by the kernel to {} (net.core.somaxconn): a burst of more connects"
                    + " than that is dropped, see divr_agi_listen_overflows_total", asked.acceptBacklog(),
                    limits.acceptBacklog());
        }
        io.micrometer.core.instrument.Gauge.builder("divr_agi_sessions_capacity", limits, AgiLimits::maxSessions)
                .description("FastAGI sessions this node may hold at once (agi.max.sessions within the open-file"
                        + " limit)").register(meters);
        io.micrometer.core.instrument.Gauge.builder("divr_agi_accept_backlog", limits, AgiLimits::acceptBacklog)
                .description("Connections the kernel queues for the FastAGI port before they are accepted"
                        + " (agi.accept.backlog within net.core.somaxconn)").register(meters);
        return limits;
    }

    private Future<Void> deployEdges(CallFlow flow, NoticeStore notices, RegistryRepository registry,
            HostLimits host) {
        AgiLimits limits = agiLimits(host);
        ListenOverflowCounter.start(vertx, meters);
        // one server per FastAGI event loop, of Vert.x's two per core: a loop that is busy finds several segments
        // ready per wake-up, where four loops on two cores each woke, read one line and slept again (BENCHMARKS.md)
        int instances = config.agiEventLoops();
        // one server per event loop on one port; Vert.x reads a negative port as "one random port, shared"
        int port = config.agiPort() == 0 ? -1 : config.agiPort();
        java.util.concurrent.atomic.AtomicInteger bound = new java.util.concurrent.atomic.AtomicInteger();
        HttpApiVerticle http = new HttpApiVerticle(config, notices::pathFor, index, refresher::staleness,
                evidence, registry, meters, vx -> {
                    // the auditors' evidence-log routes join the registry API's /v1, behind its bearer tokens
                    var v1 = api.router(vx);
                    audit.mount(v1);
                    new PeopleRoutes(people).mount(v1);
                    return v1;
                }, logAlarm::reason, console::mount, host.openFiles());
        return vertx.deployVerticle(() -> new AgiServerVerticle(config.agiHost(), port, limits, flow, sessions, bound),
                        new DeploymentOptions().setInstances(instances))
                .recover(e -> Future.failedFuture(bindProblem(e, config.agiHost(), config.agiPort(), Setting.AGI_HOST,
                        Setting.AGI_PORT)))
                .onSuccess(id -> {
                    agiDeployment = id;
                    agiPort = bound.get();
                })
                .compose(v -> vertx.deployVerticle(http)
                        .recover(e -> Future.failedFuture(bindProblem(e, config.httpHost(), config.httpPort(),
                                Setting.HTTP_HOST, Setting.HTTP_PORT))))
                .onSuccess(id -> {
                    httpDeployment = id;
                    httpPort = http.actualPort();
                    log.info("node {} ready: FastAGI on port {}, HTTP on port {} ({} transport)", config.nodeId(), agiPort,
                            httpPort, vertx.isNativeTransportEnabled() ? "epoll" : "NIO");
                })
                .mapEmpty();
    }

    /**
     * A port another process holds, or an address this machine does not have, is the operator's to fix: say which
     * port and which key (and variable), in one line.
     */
    static Throwable bindProblem(Throwable e, String host, int port, Setting hostKey, Setting portKey) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            // NIO throws java.net.BindException; the epoll transport an IOException with the OS's message
            if (t instanceof java.net.BindException || message.contains("Address already in use")
                    || message.contains("Cannot assign requested address")) {
                if (message.contains("in use")) {
                    return new ConfigException("port " + port + " is already in use (" + portKey.key() + ", "
                            + portKey.env() + "): stop what listens there or set another port");
                }
                return new ConfigException("cannot listen on " + host + ":" + port + " (" + message + "); check "
                        + hostKey.key() + " (" + hostKey.env() + ") and " + portKey.key() + " (" + portKey.env() + ")");
            }
        }
        return e;
    }

    public int agiPort() {
        return agiPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public Vertx vertx() {
        return vertx;
    }

    public ListingIndex index() {
        return index;
    }

    /** The people who sign in to the console (as the {@code person} command enrols them). */
    public People people() {
        return people;
    }

    public EvidenceLog evidence() {
        return evidence;
    }

    /** This node's part in the evidence log: leading it or standing by. */
    public LogSequencer sequencer() {
        return sequencer;
    }

    /** Raised while the evidence log's history is in doubt; readiness fails with its reason. */
    public LogAlarm logAlarm() {
        return logAlarm;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /**
     * Stops taking calls, lets calls in progress finish (up to the grace period), writes out the evidence spool as far
     * as the database allows, and releases everything.
     */
    public Future<Void> stop() {
        return stopParts().eventually(() -> vertx.close());
    }

    /** {@link #stop()} but for closing Vert.x, on whose event loops the caller may go on. */
    private Future<Void> stopParts() {
        vertx.cancelTimer(snapshotTimer);
        Promise<Void> sessionsDone = Promise.promise();
        long deadline = System.currentTimeMillis() + config.shutdownGrace().toMillis();
        Future<Void> undeployAgi = agiDeployment == null ? Future.succeededFuture() : vertx.undeploy(agiDeployment);
        undeployAgi.onComplete(ar -> vertx.setPeriodic(20, t -> {
            if (sessions.active() == 0 || System.currentTimeMillis() > deadline) {
                vertx.cancelTimer(t);
                sessionsDone.complete();
            }
        }));
        return sessionsDone.future()
                .compose(v -> evidence.stop(5_000))
                .eventually(() -> {
                    if (hearings != null) {
                        hearings.stop();
                    }
                    return api == null ? Future.succeededFuture() : api.stop();
                })
                .eventually(() -> sequencer == null ? Future.succeededFuture() : sequencer.stop())
                .eventually(() -> witnessing == null ? Future.succeededFuture() : witnessing.close())
                .eventually(() -> refresher.stop())
                .eventually(() -> pool.close());
    }
}
