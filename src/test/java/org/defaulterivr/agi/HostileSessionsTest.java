package org.defaulterivr.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 malformed or hostile FastAGI sessions (garbage, oversized lines, endless headers, silence, replies that are
 * not FastAGI, connections from a source that is not allowed) interleaved with real calls: every real call is served
 * correctly, every hostile session is closed, and memory stays bounded.
 */
class HostileSessionsTest {
    private static final int HOSTILE_SESSIONS = 10_000;
    private static final String[] ENVIRONMENT = Fixtures.load("early-media-notice.txt").environment()
            .toArray(String[]::new);

    @TempDir
    Path dataDir;

    @Test
    void hostileSessionsCostOnlyThemselves() throws Exception {
        Database database = TestDatabase.create("hostile");
        TestNode node = TestNode.start(database, dataDir, Map.of(
                "agi.header.deadline.ms", "300",
                "agi.command.timeout.ms", "300",
                "screening.decision.budget.ms", "300",
                "agi.allowed.sources", "127.0.0.1/32"));
        try {
            Instant now = Instant.now();
            node.list("X-1", "+8613800000000", now.minusSeconds(60), now.plusSeconds(3600));
            Await.until(Duration.ofSeconds(5), () -> node.service.index().numberCount() == 1);
            int port = node.agiPort();
            realCall(port, "warm-up");
            long heapBefore = usedHeapAfterGc();

            ExecutorService pool = Executors.newFixedThreadPool(128);
            AtomicInteger closedByServer = new AtomicInteger();
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < HOSTILE_SESSIONS; i++) {
                int n = i;
                work.add(pool.submit(() -> {
                    if (hostile(port, n)) {
                        closedByServer.incrementAndGet();
                    }
                    return null;
                }));
            }
            int realCalls = 0;
            while (work.stream().anyMatch(f -> !f.isDone())) {
                realCall(port, "real-" + realCalls++);
                Thread.sleep(5);
            }
            for (Future<?> f : work) {
                f.get(1, TimeUnit.MINUTES);
            }
            pool.shutdown();

            assertEquals(HOSTILE_SESSIONS, closedByServer.get(), "every hostile session was closed by the server");
            assertTrue(realCalls > 0);
            long notAllowed = (HOSTILE_SESSIONS + 0) / 7 + (HOSTILE_SESSIONS % 7 > 6 ? 1 : 0);
            assertEquals((double) notAllowed,
                    node.service.meters().get("divr_agi_sessions_forbidden_total").counter().count(),
                    "connections from a source not allowed are refused");
            Await.until(Duration.ofSeconds(5), () -> node.service.evidence().backlogBytes() == 0);
            Await.until(Duration.ofSeconds(5), () -> sessionsActive(node) == 0);
            long heapAfter = usedHeapAfterGc();
            System.out.printf("%d hostile sessions with %d real calls interleaved; heap %d MB -> %d MB%n",
                    HOSTILE_SESSIONS, realCalls, heapBefore >> 20, heapAfter >> 20);
            assertTrue(heapAfter - heapBefore < 64L << 20, "memory stays bounded");
        } finally {
            node.close();
            database.close();
        }
    }

    private static double sessionsActive(TestNode node) {
        return node.service.meters().get("divr_agi_sessions_active").gauge().value();
    }

    private static void realCall(int port, String id) throws IOException {
        var t = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), port, "13800000000", id);
        assertEquals("played", t.variable("DEFAULTER_NOTICE"), "real call " + id);
    }

    /** One hostile session of kind {@code n % 7}; true when the server closed it. */
    private static boolean hostile(int port, int n) throws IOException {
        Random random = new Random(n);
        try (Socket socket = new Socket()) {
            if (n % 7 == 6) {
                // a source outside agi.allowed.sources (the whole of 127/8 is loopback on Linux)
                socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            try {
                switch (n % 7) {
                    case 0 -> { // binary garbage
                        byte[] garbage = new byte[1 + random.nextInt(2_000)];
                        random.nextBytes(garbage);
                        garbage[0] = (byte) 0xff;
                        out.write(garbage);
                    }
                    case 1 -> out.write(("agi_request: " + "A".repeat(5_000 + random.nextInt(50_000)))
                            .getBytes(StandardCharsets.US_ASCII)); // a line longer than allowed
                    case 2 -> { // endless headers
                        StringBuilder headers = new StringBuilder();
                        for (int h = 0; h < 400; h++) {
                            headers.append("agi_x").append(h).append(": y\n");
                        }
                        out.write(headers.toString().getBytes(StandardCharsets.US_ASCII));
                    }
                    case 3 -> { // silence: half an environment, then nothing
                        out.write((ENVIRONMENT[0] + "\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    case 4 -> { // a listed call whose "Asterisk" answers Progress with nonsense
                        out.write(environment().getBytes(StandardCharsets.US_ASCII));
                        readLine(in);
                        out.write("I am not Asterisk\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    case 5 -> { // a listed call whose "Asterisk" never answers
                        out.write(environment().getBytes(StandardCharsets.US_ASCII));
                    }
                    default -> { // not allowed: the server closes before reading anything
                    }
                }
                out.flush();
            } catch (IOException closedWhileWriting) {
                return true;
            }
            try {
                while (in.read() >= 0) {
                    // drain whatever commands came until the server closes
                }
                return true;
            } catch (IOException reset) {
                return true;
            }
        }
    }

    private static String environment() {
        StringBuilder env = new StringBuilder();
        for (String line : ENVIRONMENT) {
            env.append(line.startsWith("agi_arg_1: ") ? "agi_arg_1: 13800000000" : line.startsWith(
                    "agi_network_script: ") ? "agi_network_script: screen" : line).append('\n');
        }
        return env.append('\n').toString();
    }

    private static void readLine(InputStream in) throws IOException {
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            // skip the command
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
