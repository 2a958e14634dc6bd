package org.defaulterivr.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.ServiceProcess;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service as a real process: killed with SIGKILL mid-stream, or stopped with SIGTERM mid-notice. */
class CrashAndShutdownTest {
    private static final AtomicInteger CALLS = new AtomicInteger();

    @TempDir
    static Path sideDir;
    static Database database;
    static String databaseUrl;
    static TestNode side;

    @BeforeAll
    static void listANumber() {
        database = TestDatabase.create("crash");
        PgConnectOptions options = database.connectOptions();
        databaseUrl = ServiceProcess.url(options);
        // a node in this JVM only to register the case the way the registry does; its own calls are not used
        side = TestNode.start(database, sideDir, Map.of());
        side.list("K-1", "+8613800000000", Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
    }

    /** Every node a test starts is stopped after it, whether it passed or failed. */
    private final List<ServiceProcess> nodes = new ArrayList<>();

    private ServiceProcess started(ServiceProcess node) {
        nodes.add(node);
        return node;
    }

    @AfterEach
    void stopNodes() {
        for (ServiceProcess node : nodes) {
            node.close();
        }
    }

    @AfterAll
    static void stop() {
        side.close();
        database.close();
    }

    /** One listed call; the call id if the server ended the session normally (so its evidence was durable). */
    private static String listedCall(int port, long streamMillis) {
        String callId = "1795400000." + CALLS.incrementAndGet();
        try {
            var t = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), port,
                    FixtureAsterisk.calling("13800000000", callId), Map.of(), Map.of("STREAM FILE", streamMillis));
            boolean ended = t.serverClosed() && t.variable("DEFAULTER_CASE") != null;
            return ended ? callId : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void aSigkillLosesNoRecordOfAnEndedSessionAndDuplicatesNone(@TempDir Path dataDir) throws Exception {
        int agi = ServiceProcess.freePort();
        int http = ServiceProcess.freePort();
        Map<String, Long> ended = new ConcurrentHashMap<>();
        AtomicInteger attempted = new AtomicInteger();
        ServiceProcess first = started(ServiceProcess.start(dataDir, databaseUrl, agi, http, Map.of()));
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            loops.add(callers.submit(() -> {
                while (running.get()) {
                    attempted.incrementAndGet();
                    String id = listedCall(agi, 0);
                    if (id != null) {
                        ended.put(id, System.nanoTime());
                    }
                }
            }));
        }
        Await.until(Duration.ofSeconds(30), () -> ended.size() >= 300);
        // a session closed by the kill itself looks the same to a client as one we closed: only sessions that ended
        // before the kill was sent are certainly ones the service ended
        long killedAt = System.nanoTime();
        first.kill();
        running.set(false);
        for (Future<?> loop : loops) {
            loop.get(30, TimeUnit.SECONDS);
        }
        callers.shutdown();
        List<String> endedBeforeKill = ended.entrySet().stream()
                .filter(e -> e.getValue() < killedAt).map(Map.Entry::getKey).toList();

        try (ServiceProcess second = started(ServiceProcess.start(dataDir, databaseUrl, agi, http, Map.of()))) {
            Await.until(Duration.ofSeconds(30), () -> side.count(
                    "select count(*) from evidence_record where node_id = 'proc-node' and call_id like '1795400000.%'")
                    >= endedBeforeKill.size());
            long stored = side.count("select count(*) from evidence_record where node_id = 'proc-node'");
            long distinct = side.count("select count(distinct call_id) from evidence_record where node_id = 'proc-node'");
            assertEquals(stored, distinct, "no duplicates");
            for (String id : endedBeforeKill) {
                assertTrue(side.evidence(id).isPresent(), "record of ended call " + id + " survived the kill");
            }
            assertTrue(stored <= attempted.get());
            System.out.printf("SIGKILL after %d ended sessions (%d attempted): %d records after restart%n",
                    endedBeforeKill.size(), attempted.get(), stored);
            assertEquals(0, second.terminate(Duration.ofSeconds(30)));
        }
    }

    @Test
    void sigtermLetsNoticesInProgressFinishWritesTheirRecordsAndExitsZero(@TempDir Path dataDir) throws Exception {
        int agi = ServiceProcess.freePort();
        ServiceProcess service = started(ServiceProcess.start(dataDir, databaseUrl, agi, ServiceProcess.freePort(),
                Map.of()));
        ExecutorService callers = Executors.newFixedThreadPool(5);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(callers.submit(() -> listedCall(agi, 1500)));
        }
        Thread.sleep(500); // every call is now in the middle of its notice
        int exit = service.terminate(Duration.ofSeconds(30));
        assertEquals(0, exit, "a graceful stop exits 0");
        for (Future<String> call : calls) {
            String id = call.get(10, TimeUnit.SECONDS);
            assertTrue(id != null, "the notice in progress finished and the session ended normally");
            assertEquals("played", side.evidence(id).orElseThrow().getString("outcome"),
                    "its record was written to the database before exit");
        }
        callers.shutdown();
    }
}
