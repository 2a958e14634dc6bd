package org.defaulterivr.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.FixtureAsterisk.Transcript;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose evidence spool lives on a real, tiny file system (a 256 KiB tmpfs) that fills up under calls. Mounting
 * needs root (CI runs as root); elsewhere the test is skipped, and {@link EvidenceLogFaultTest} covers the same faults
 * through the spool's file channel.
 */
class FullDiskTest {

    private static boolean mount(Path dir) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        Files.createDirectories(dir);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        return mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0;
    }

    private static void unmount(Path dir) throws IOException, InterruptedException {
        new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true).start()
                .waitFor(10, TimeUnit.SECONDS);
    }

    private static int readiness(TestNode node, StringBuilder body) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.httpPort() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        body.setLength(0);
        body.append(response.body());
        return response.statusCode();
    }

    /** What one call got, as Asterisk saw it. */
    private record Call(String id, boolean streamed, String notice, String reason) {
    }

    private static Call call(TestNode node, String id) throws IOException {
        Transcript t = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(), "13800000000",
                id);
        assertTrue(t.serverClosed(), "the call connects either way");
        return new Call(id, t.count("STREAM FILE") > 0, t.variable("DEFAULTER_NOTICE"),
                t.variable("DEFAULTER_REASON"));
    }

    @Test
    void aFullDiskStopsNoticesAndFailsReadinessAndOnceFreedNothingPlayedIsUnrecorded(@TempDir Path dataDir)
            throws Exception {
        Path spool = dataDir.resolve("spool");
        Assumptions.assumeTrue(mount(spool), "needs root to mount a tmpfs");
        Database database = TestDatabase.create("full_disk");
        TestNode node = null;
        try {
            node = TestNode.start(database, dataDir, Map.of());
            node.list("C-DISK", "+8613800000000", Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
            TestNode n = node;
            Await.until(Duration.ofSeconds(10), () -> n.service.index().numberCount() == 1);
            // all but about 40 KiB of the file system taken by something else
            Files.write(spool.resolve("filler"), new byte[200 * 1024]);

            List<Call> calls = new ArrayList<>();
            StringBuilder ready = new StringBuilder();
            int unannounced = 0;
            for (int i = 0; i < 400 && unannounced < 5; i++) {
                Call c = call(node, "1795600000." + i);
                calls.add(c);
                if (!c.streamed()) {
                    unannounced++;
                    assertTrue(c.reason() != null && c.reason().startsWith("evidence-"), "why: " + c.reason());
                }
            }
            assertEquals(5, unannounced, "the disk filled up and notices stopped");
            assertEquals(503, readiness(node, ready), ready.toString());
            assertTrue(ready.toString().contains("No space left on device"), ready.toString());

            Files.delete(spool.resolve("filler"));
            Await.until(Duration.ofSeconds(10), () -> node(n, ready) == 200);
            for (int i = 0; i < 5; i++) {
                Call c = call(node, "1795600500." + i);
                assertEquals("played", c.notice(), "notices resume once the disk has room");
                calls.add(c);
            }

            long streamed = calls.stream().filter(Call::streamed).count();
            long toldPlayed = calls.stream().filter(c -> "played".equals(c.notice())).count();
            Await.until(Duration.ofSeconds(30), () -> n.count(
                    "select count(*) from evidence_record where call_id like '17956%'")
                    >= streamed);
            long lost = 0;
            long playedUnrecorded = 0;
            for (Call c : calls) {
                var row = node.evidence(c.id());
                if (c.streamed() && row.isEmpty()) {
                    lost++;
                }
                if ("played".equals(c.notice()) && (row.isEmpty() || !"played".equals(row.get().getString("outcome")))) {
                    playedUnrecorded++;
                }
                if (!c.streamed()) {
                    assertTrue(row.isEmpty(), "a notice that never played has no record: " + c.id());
                }
            }
            System.out.printf("full disk: %d calls, %d notices started, %d told played, %d unannounced; "
                    + "recorded %d, lost %d, played without a record %d%n", calls.size(), streamed, toldPlayed,
                    calls.size() - streamed, streamed - lost, lost, playedUnrecorded);
            assertEquals(0, lost, "every notice that started has a record");
            assertEquals(0, playedUnrecorded, "no notice told played without its record");
            double counted = node.service.meters().find("divr_faults_total").counters().stream()
                    .filter(c -> c.getId().getTag("kind").startsWith("evidence-"))
                    .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
            assertTrue(counted >= unannounced, "unannounced calls are counted: " + counted);
        } finally {
            if (node != null) {
                node.close();
            }
            database.close();
            unmount(spool);
        }
    }

    private static int node(TestNode node, StringBuilder body) {
        try {
            return readiness(node, body);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
