package org.defaulterivr.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.ManualClock;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A flood of bad FastAGI connections (a source outside agi.allowed.sources, idle sessions) writes a few log lines
 * per source and minute, with counts, instead of one line per connection.
 */
class SessionLogFloodTest {
    private static final int CONNECTIONS = 1_000;

    @TempDir
    Path dataDir;

    /** Every line logged under org.defaulterivr.agi while {@code work} runs. */
    private static List<ILoggingEvent> logged(Runnable work) {
        Logger agi = (Logger) LoggerFactory.getLogger("org.defaulterivr.agi");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        agi.addAppender(appender);
        try {
            work.run();
        } finally {
            agi.detachAppender(appender);
        }
        return new ArrayList<>(appender.list);
    }

    @Test
    void aFloodOfRefusedAndIdleConnectionsLogsAFewLinesNotOnePerConnection() throws Exception {
        Database database = TestDatabase.create("log_flood");
        try (TestNode node = TestNode.start(database, dataDir, Map.of("agi.header.deadline.ms", "100",
                "agi.allowed.sources", "127.0.0.1/32"))) {
            int port = node.agiPort();
            List<ILoggingEvent> lines = logged(() -> {
                ExecutorService pool = Executors.newFixedThreadPool(32);
                try {
                    List<Future<?>> work = new ArrayList<>();
                    for (int i = 0; i < CONNECTIONS; i++) {
                        boolean forbidden = i % 2 == 0;
                        work.add(pool.submit(() -> {
                            connectAndWaitForClose(port, forbidden ? "127.0.0.2" : "127.0.0.1");
                            return null;
                        }));
                    }
                    for (Future<?> f : work) {
                        f.get(1, TimeUnit.MINUTES);
                    }
                    Await.until(Duration.ofSeconds(5),
                            () -> node.service.meters().get("divr_agi_sessions_active").gauge().value() == 0);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    pool.shutdown();
                }
            });
            assertEquals(CONNECTIONS / 2.0,
                    node.service.meters().get("divr_agi_sessions_forbidden_total").counter().count());
            assertTrue(lines.size() <= 4, CONNECTIONS + " bad connections, " + lines.size() + " log lines: "
                    + lines.stream().limit(5).map(ILoggingEvent::getFormattedMessage).toList());
            assertTrue(lines.stream().anyMatch(l -> l.getFormattedMessage().contains("127.0.0.2")),
                    "the line names the source");
        } finally {
            database.close();
        }
    }

    @Test
    void theCountOfAnIntervalIsLoggedWhenItEnds() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-30T12:00:00Z"));
        SourceLog sourceLog = new SourceLog(clock, Duration.ofMinutes(1));
        List<ILoggingEvent> lines = logged(() -> {
            for (int i = 0; i < 25_001; i++) {
                sourceLog.info("10.0.0.9", "no complete environment within 2000 ms", "-");
            }
            for (int i = 0; i < 3 * SourceLog.MAX_KEYS; i++) {
                sourceLog.warn("10.1." + (i >> 8) + "." + (i & 0xff), "source not in agi.allowed.sources");
            }
            clock.advance(Duration.ofSeconds(61));
            sourceLog.flushIfDue();
        });
        List<String> text = lines.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertTrue(text.contains("25000 more FastAGI sessions from 10.0.0.9 closed in the last 60 s: "
                + "no complete environment within 2000 ms"), text.toString());
        assertTrue(lines.size() <= 2 * SourceLog.MAX_KEYS + 4, "bounded by the distinct sources: " + lines.size());
    }

    private static void connectAndWaitForClose(int port, String from) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            try {
                while (socket.getInputStream().read() >= 0) {
                    // until the server closes
                }
            } catch (IOException reset) {
                // closed
            }
        }
    }
}
