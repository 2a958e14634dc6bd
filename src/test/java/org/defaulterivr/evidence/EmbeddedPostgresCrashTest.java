package org.defaulterivr.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.ServiceProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node on its own embedded PostgreSQL, as {@code serve} runs it without DATABASE_URL: the postmaster and its
 * processes are killed with SIGKILL while calls come in. Every record PostgreSQL had acknowledged before the kill (and the spool had therefore
 * released) must still be there after the crash recovery, and every call that ended must have its record.
 */
@Tag("faults")
class EmbeddedPostgresCrashTest {
    private static final AtomicInteger CALLS = new AtomicInteger();

    private static Connection connect(Path dataDir, int port) throws SQLException, IOException {
        String password = Files.readString(dataDir.resolve("postgres.password")).trim();
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", password);
    }

    private static Set<String> storedCallIds(Path dataDir, int port) throws SQLException, IOException {
        Set<String> ids = new HashSet<>();
        try (Connection c = connect(dataDir, port); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select call_id from evidence_record")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static int storedCount(Path dataDir, int port) {
        try (Connection c = connect(dataDir, port); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from evidence_record")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException | IOException e) {
            return -1;
        }
    }

    /** {@code demo-listing} as an operator runs it next to a node: it finds the node's password in data.dir. */
    private static void listDemoNumber(Path dataDir, int pgPort) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "org.defaulterivr.Main", "demo-listing", "--number", "13800000000");
        builder.environment().putAll(Map.of("DIVR_DATA_DIR", dataDir.toString(), "DATABASE_URL", "",
                "DIVR_EMBEDDED_PG_PORT", Integer.toString(pgPort)));
        Path log = dataDir.resolveSibling("demo-listing.log");
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0,
                "demo-listing failed: " + Files.readString(log));
    }

    private static String listedCall(int port) {
        String callId = "1795420000." + CALLS.incrementAndGet();
        try {
            var t = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), port,
                    FixtureAsterisk.calling("13800000000", callId), Map.of(), Map.of());
            return t.serverClosed() && t.variable("DEFAULTER_CASE") != null ? callId : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void aSigkilledEmbeddedPostgresqlLosesNoRecordItHadAcknowledged(@TempDir Path parent) throws Exception {
        Path dataDir = parent.resolve("node");
        int agi = ServiceProcess.freePort();
        int http = ServiceProcess.freePort();
        int pgPort = ServiceProcess.freePort();
        Map<String, String> embedded = Map.of("DIVR_EMBEDDED_PG_PORT", Integer.toString(pgPort));
        ServiceProcess first = ServiceProcess.start(dataDir, "", agi, http, embedded);
        listDemoNumber(dataDir, pgPort);
        Await.until(Duration.ofSeconds(20), () -> listedCall(agi) != null);

        Map<String, Long> ended = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService callers = Executors.newFixedThreadPool(6);
        List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            loops.add(callers.submit(() -> {
                while (running.get()) {
                    String id = listedCall(agi);
                    if (id != null) {
                        ended.put(id, System.nanoTime());
                    }
                }
            }));
        }
        Await.until(Duration.ofSeconds(60), () -> storedCount(dataDir, pgPort) >= 200);
        Set<String> acknowledged = storedCallIds(dataDir, pgPort);
        long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
        long killedAt = System.nanoTime();
        // the postmaster and every process of the server at once (WAL writer, backends): whatever PostgreSQL held only
        // in memory is gone, as in a crash of the server
        ProcessHandle server = ProcessHandle.of(postmaster).orElseThrow();
        List<ProcessHandle> processes = new ArrayList<>(server.descendants().toList());
        processes.add(0, server);
        processes.forEach(ProcessHandle::destroyForcibly);
        // calls go on without the database: their records wait in the spool
        Thread.sleep(1500);
        running.set(false);
        for (Future<?> loop : loops) {
            loop.get(30, TimeUnit.SECONDS);
        }
        callers.shutdown();
        List<String> endedBeforeKill = ended.entrySet().stream()
                .filter(e -> e.getValue() < killedAt).map(Map.Entry::getKey).toList();
        first.terminate(Duration.ofSeconds(60));
        // the postmaster's children notice its death and exit; its shared memory goes with the last of them
        Thread.sleep(2000);

        try (ServiceProcess second = ServiceProcess.start(dataDir, "", agi, http, embedded)) {
            Await.until(Duration.ofSeconds(60), second::spoolDrained);
            Set<String> after = storedCallIds(dataDir, pgPort);
            long lostAcknowledged = acknowledged.stream().filter(id -> !after.contains(id)).count();
            long lostEnded = endedBeforeKill.stream().filter(id -> !after.contains(id)).count();
            System.out.printf("SIGKILL of the embedded postmaster: %d calls ended (%d before the kill), %d records "
                    + "acknowledged by PostgreSQL before it; after recovery %d records, %d acknowledged lost, "
                    + "%d ended calls without a record%n", ended.size(), endedBeforeKill.size(), acknowledged.size(),
                    after.size(), lostAcknowledged, lostEnded);
            assertEquals(0, lostAcknowledged, "no record PostgreSQL acknowledged is lost");
            assertEquals(0, lostEnded, "every call that ended before the kill has its record");
            assertTrue(ended.keySet().stream().allMatch(after::contains), "nor any ended after it");
            assertEquals(0, second.terminate(Duration.ofSeconds(60)));
        }
    }
}
