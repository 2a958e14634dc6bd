package org.defaulterivr.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.defaulterivr.Service;
import org.defaulterivr.agi.PostDialDelay;
import org.defaulterivr.config.Config;
import org.defaulterivr.database.Database;
import org.defaulterivr.index.CaseRegistration;
import org.defaulterivr.index.RegistryRepository;

/**
 * Our server under test, in its own JVM: the same wiring as {@code serve} (embedded PostgreSQL under a fresh data
 * directory, evidence spool fsync'ed, every default limit), with the benchmark's listed numbers registered first.
 *
 * <p>Arguments: data directory, embedded PostgreSQL port, listed numbers, notice length in ms.
 */
public final class OurServerMain {
    /** {@code key=value,key=value}: settings of ours over the defaults ({@code --server-setting}). */
    static final String SETTINGS_PROPERTY = "bench.settings";
    private OurServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int pgPort = Integer.parseInt(args[1]);
        NumberPlan plan = new NumberPlan(Integer.parseInt(args[2]));
        long noticeMs = Long.parseLong(args[3]);
        ChildControl control = new ChildControl();
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "data.dir", dataDir.toString(),
                "database.embedded.port", Integer.toString(pgPort),
                "agi.host", "127.0.0.1",
                "agi.port", "0",
                "http.host", "127.0.0.1",
                "http.port", "0",
                "node.id", "bench-ours"));
        for (String pair : System.getProperty(SETTINGS_PROPERTY, "").split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                settings.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        Config config = Config.of(settings);
        Database database = Database.open(config);
        seed(database, plan, noticeMs);
        Service service = Service.start(config, database, Clock.systemUTC())
                .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        if (Boolean.getBoolean("bench.loopProbe")) {
            probeEventLoops(service.vertx(), control);
        }
        control.postDial = () -> firstCommandsAndLate(service);
        ChildControl.say("READY port=" + service.agiPort() + " numbers=" + service.index().numberCount());
        control.serve(() -> {
            try {
                service.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("stop: " + e);
            } finally {
                database.close();
            }
        });
        System.exit(0);
    }

    private static String firstCommandsAndLate(Service service) {
        io.micrometer.core.instrument.Timer timer = service.meters().get(PostDialDelay.METER)
                .tag("until", "first-command").timer();
        var snapshot = timer.takeSnapshot();
        long within = 0;
        for (var bucket : snapshot.histogramCounts()) {
            if (Math.abs(bucket.bucket(TimeUnit.MILLISECONDS) - PostDialDelay.LATE.toMillis()) < 1e-6) {
                within = (long) bucket.count();
            }
        }
        return "firstCommands=" + snapshot.count() + " late=" + (snapshot.count() - within);
    }

    /**
     * A 5 ms timer on each of the node's event loops (contexts are handed out round robin, so as many probes as
     * loops cover them all): how late it fires is how long a FastAGI line could wait there. Off by default: on this VM
     * the 800 wake-ups a second cost about 0.06 of a core, which would be charged to our server's CPU per call.
     */
    private static void probeEventLoops(Vertx vertx, ChildControl control) throws Exception {
        int loops = 2 * Runtime.getRuntime().availableProcessors(); // Vert.x's default event loop pool
        vertx.deployVerticle(() -> new io.vertx.core.VerticleBase() {
            @Override
            public Future<?> start() {
                long[] expected = {System.nanoTime() + 5_000_000L};
                vertx.setPeriodic(5, t -> {
                    long now = System.nanoTime();
                    control.loopLag.recordValue(Math.max(0, (now - expected[0]) / 1000));
                    expected[0] = now + 5_000_000L;
                });
                return Future.succeededFuture();
            }
        }, new io.vertx.core.DeploymentOptions().setInstances(loops))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** One case per listed number, all in force for a month, all playing one notice of {@code noticeMs}. */
    static void seed(Database database, NumberPlan plan, long noticeMs) throws Exception {
        Vertx vertx = Vertx.vertx();
        Pool pool = database.pool(vertx, 4);
        RegistryRepository registry = new RegistryRepository(pool);
        Instant now = Instant.now();
        Future<Void> done = registry.ensureCourt(NumberPlan.COURT_CODE, "Benchmark Court")
                .compose(court -> registry.addNotice(court, NumberPlan.NOTICE_SHA256, noticeMs, "stock", null)
                        .compose(noticeId -> register(registry, court, noticeId, plan, 0, now)));
        done.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        pool.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static Future<Void> register(RegistryRepository registry, long court, long noticeId, NumberPlan plan,
            int from, Instant now) {
        if (from >= plan.listedCount()) {
            return Future.succeededFuture();
        }
        // a few cases at a time: each upsert is its own transaction, as the API makes them
        int to = Math.min(plan.listedCount(), from + 16);
        List<Future<Long>> batch = new java.util.ArrayList<>();
        for (int i = from; i < to; i++) {
            batch.add(registry.upsertActiveCase(new CaseRegistration(court, NumberPlan.caseNumber(i), "bench ruling",
                    "Bench Debtor", "****0000", new BigDecimal("100.00"), "CNY", now.minus(Duration.ofHours(1)),
                    now.plus(Duration.ofDays(30)), noticeId, List.of(NumberPlan.listedE164(i)))));
        }
        return Future.all(batch).compose(v -> register(registry, court, noticeId, plan, to, now));
    }
}
