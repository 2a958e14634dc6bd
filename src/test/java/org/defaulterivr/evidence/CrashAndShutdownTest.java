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
import org.junit.jupiter.api.Tag;
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
            // this test's calls only: the other tests of the class store theirs under the same node id
            long stored = side.count("select count(*) from evidence_record where node_id = 'proc-node'"
                    + " and call_id like '1795400000.%'");
            long distinct = side.count("select count(distinct call_id) from evidence_record where node_id = 'proc-node'"
                    + " and call_id like '1795400000.%'");
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

    /** One call as Asterisk saw it when its session ended (or was cut). */
    record Call(String id, boolean streamed, String notice) {
    }

    private static Call callWithNotice(int port, long streamMillis) {
        String callId = "1795410000." + CALLS.incrementAndGet();
        try {
            var t = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), port,
                    FixtureAsterisk.calling("13800000000", callId), Map.of(), Map.of("STREAM FILE", streamMillis));
            return new Call(callId, t.count("STREAM FILE") > 0, t.variable("DEFAULTER_NOTICE"));
        } catch (IOException e) {
            // refused or cut before any command: the replay returns what came whenever a command did
            return new Call(callId, false, null);
        }
    }

    @Test
    @Tag("faults")
    void aSigkillMidNoticeLeavesARecordOfEveryNoticeThatStartedAndThePlayedOnesArePlayed(@TempDir Path dataDir)
            throws Exception {
        int agi = ServiceProcess.freePort();
        int http = ServiceProcess.freePort();
        List<Call> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        ServiceProcess first = ServiceProcess.start(dataDir, databaseUrl, agi, http, Map.of());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Future<?>> loops = new ArrayList<>();
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 8; i++) {
            loops.add(callers.submit(() -> {
                while (running.get()) {
                    // notices of 50 ms to 1.5 s: at any instant several are playing
                    calls.add(callWithNotice(agi, 50 + random.nextInt(1450)));
                }
            }));
        }
        Await.until(Duration.ofSeconds(60), () -> calls.size() >= 60);
        first.kill();
        running.set(false);
        for (Future<?> loop : loops) {
            loop.get(30, TimeUnit.SECONDS);
        }
        callers.shutdown();
        List<Call> all = List.copyOf(calls);
        long streamed = all.stream().filter(Call::streamed).count();
        try (ServiceProcess second = ServiceProcess.start(dataDir, databaseUrl, agi, http, Map.of())) {
            Await.until(Duration.ofSeconds(30), () -> second.spoolDrained());
            long recorded = 0;
            long unknown = 0;
            long playedNotPlayed = 0;
            List<String> lost = new ArrayList<>();
            for (Call c : all) {
                var row = side.evidence(c.id());
                if (row.isPresent()) {
                    recorded++;
                    unknown += "unknown".equals(row.get().getString("outcome")) ? 1 : 0;
                    if ("played".equals(c.notice()) && !"played".equals(row.get().getString("outcome"))) {
                        playedNotPlayed++;
                    }
                } else if (c.streamed()) {
                    lost.add(c.id());
                }
            }
            long stored = side.count("select count(*) from evidence_record where call_id like '1795410000.%'");
            long distinct = side.count(
                    "select count(distinct call_id) from evidence_record where call_id like '1795410000.%'");
            System.out.printf("kill -9 mid-notice: %d calls, %d notices started (by Asterisk's side), %d told played;"
                    + " %d recorded (%d of them unknown), %d started without a record%n", all.size(), streamed,
                    all.stream().filter(c -> "played".equals(c.notice())).count(), recorded, unknown, lost.size());
            assertEquals(stored, distinct, "no duplicates");
            assertEquals(List.of(), lost, "every notice that started has a record");
            assertEquals(0, playedNotPlayed, "a call told 'played' has a record saying played");
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
