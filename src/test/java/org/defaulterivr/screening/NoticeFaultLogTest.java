package org.defaulterivr.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.defaulterivr.database.Database;
import org.defaulterivr.simulator.AsteriskSimulator;
import org.defaulterivr.simulator.CallScript;
import org.defaulterivr.simulator.CallTranscript;
import org.defaulterivr.simulator.NoticePlayback;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A notice Asterisk cannot open fails on every call to its number until someone fixes the media: the log names the
 * first failing call and counts the rest for a minute, instead of one WARN per call, and names no phone number.
 */
class NoticeFaultLogTest {
    private static final int CALLS = 30;

    @TempDir
    Path dataDir;

    @Test
    void everyCallFailingTheSameWayWritesOneLineAMinuteNotOneACall() throws Exception {
        Logger flowLog = (Logger) LoggerFactory.getLogger(CallFlow.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        try (Database database = TestDatabase.create("notice_fault_log");
                TestNode node = TestNode.start(database, dataDir, Map.of())) {
            Instant now = Instant.now();
            node.list("NF-1", "+8613800000456", now.minusSeconds(3600), now.plusSeconds(3600));
            AsteriskSimulator asterisk = new AsteriskSimulator("127.0.0.1", node.agiPort(), Duration.ofSeconds(5));
            flowLog.addAppender(appender);
            // the registry index takes the listing up within a second
            Await.until(Duration.ofSeconds(10), () -> failingCall(asterisk, 0).streamedFile().isPresent());
            for (int i = 1; i <= CALLS; i++) {
                CallTranscript call = failingCall(asterisk, i);
                assertEquals("failed", call.variables().get("DEFAULTER_NOTICE"), call.summary());
            }
        } finally {
            flowLog.detachAppender(appender);
        }
        List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        List<String> couldNotPlay = lines.stream().filter(l -> l.contains("Asterisk could not play notice")).toList();
        assertEquals(1, couldNotPlay.size(), "one line for " + (CALLS + 1) + " failing calls: " + lines);
        assertTrue(couldNotPlay.get(0).contains("more like it are counted for a minute"), couldNotPlay.get(0));
        for (String line : lines) {
            assertFalse(line.contains("13800000456") || line.contains("1390000"), "no phone number: " + line);
        }
    }

    private static CallTranscript failingCall(AsteriskSimulator asterisk, int caller) {
        // a new caller each time: a caller who heard nothing is played the notice again anyway
        return asterisk.call(CallScript.to("13800000456").from(String.format("1390000%04d", caller), "Caller")
                .withPlayback(NoticePlayback.fileMissing()));
    }
}
