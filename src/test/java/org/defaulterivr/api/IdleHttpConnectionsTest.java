package org.defaulterivr.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.ApiClient;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.defaulterivr.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of idle HTTP connections (no token needed to open one) cannot starve the call path: beyond the cap they
 * are closed at once, the rest when idle too long, and calls meanwhile get their notices.
 */
class IdleHttpConnectionsTest {
    private static final int IDLE_CONNECTIONS = 3_000;
    private static final int CAP = 200;

    @TempDir
    Path dataDir;

    @Test
    void idleHttpConnectionsAreCappedAndTimedOutWhileCallsGetTheirNotices() throws Exception {
        Database database = TestDatabase.create("idle_http");
        List<Socket> idle = new ArrayList<>();
        try (TestNode node = TestNode.start(database, dataDir, Map.of("api.admin.token", TestRegistry.ADMIN_TOKEN,
                "http.max.connections", Integer.toString(CAP),
                "http.max.connections.per.address", Integer.toString(CAP), "http.idle.timeout.seconds", "3",
                "screening.repeat.period.minutes", "0"))) {
            Instant now = Instant.now();
            node.list("C-1", "+8613800000000", now.minusSeconds(60), now.plusSeconds(3600));
            Await.until(Duration.ofSeconds(5), () -> node.service.index().numberCount() == 1);
            try {
                for (int i = 0; i < IDLE_CONNECTIONS; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", node.httpPort()), 5_000);
                    idle.add(socket);
                }
                Await.until(Duration.ofSeconds(10), () -> refused(node) >= IDLE_CONNECTIONS - CAP);
                assertTrue(open(node) <= CAP, "open: " + open(node));
                for (int call = 0; call < 20; call++) {
                    var t = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(),
                            "13800000000", "1795392000." + call);
                    assertEquals("played", t.variable("DEFAULTER_NOTICE"), "call " + call + " with "
                            + IDLE_CONNECTIONS + " idle HTTP connections");
                }
                // the idle ones are closed by the server in time, and the API serves again
                Await.until(Duration.ofSeconds(15), () -> open(node) == 0);
                assertEquals(200, new ApiClient(node.httpPort()).get("/v1/whoami", TestRegistry.ADMIN_TOKEN).status());
            } finally {
                for (Socket socket : idle) {
                    closeQuietly(socket);
                }
            }
        } finally {
            database.close();
        }
    }

    /** The JVM raises its soft descriptor limit to the hard one at start (-XX:+MaxFDLimit), which the cap relies on. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void theJvmRunsWithItsSoftDescriptorLimitRaisedToTheHardLimit() throws Exception {
        Path source = dataDir.resolve("PrintLimits.java");
        Files.writeString(source, """
                public class PrintLimits {
                    public static void main(String[] args) throws Exception {
                        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/limits"))) {
                            if (line.startsWith("Max open files")) System.out.println(line);
                        }
                    }
                }
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder("bash", "-c", "ulimit -Sn 256 && exec \"$0\" \"$1\"", java,
                source.toString()).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String out = new String(process.getInputStream().readAllBytes()).strip();
        String[] fields = out.substring("Max open files".length()).trim().split("\\s+");
        System.out.println("inside a JVM started with ulimit -Sn 256: " + out);
        assertEquals(fields[1], fields[0], "soft limit raised to the hard limit: " + out);
    }

    private static double open(TestNode node) {
        return node.service.meters().get("divr_http_connections_open").gauge().value();
    }

    private static double refused(TestNode node) {
        return node.service.meters().get("divr_http_connections_refused_total").counter().count();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
