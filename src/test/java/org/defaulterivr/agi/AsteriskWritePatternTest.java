package org.defaulterivr.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.defaulterivr.config.Setting;
import org.defaulterivr.database.Database;
import org.defaulterivr.simulator.AsteriskSimulator;
import org.defaulterivr.simulator.CallScript;
import org.defaulterivr.simulator.CallTranscript;
import org.defaulterivr.simulator.NoticePlayback;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asterisk writes the environment one line per {@code write()} with Nagle on (tcp-segments-listed-http.txt). A
 * server whose socket delays its ACKs makes every call wait for the 40 ms delayed-ACK timer before its last lines
 * arrive; ours must read the block as soon as it is sent. 40 ms is far above the noise of a loaded machine, so the
 * median of 20 sessions is held well below it.
 */
class AsteriskWritePatternTest {
    private static final int SESSIONS = 20;
    private static final long STALL_FREE_MEDIAN_MS = 15;

    @TempDir
    static Path dataDir;
    static Database database;
    static TestNode node;

    @BeforeAll
    static void startNode() {
        database = TestDatabase.create("write_pattern");
        node = TestNode.start(database, dataDir, Map.of());
        java.time.Instant now = java.time.Instant.now();
        node.list("WP-1", "+8613800000123", now.minusSeconds(3600), now.plusSeconds(3600));
    }

    @AfterAll
    static void stopNode() {
        node.close();
        database.close();
    }

    @Test
    void anUnlistedCallFromARealAsteriskWritePatternEndsWithoutWaitingForADelayedAck() throws IOException {
        assertUnlistedCallsCloseWithoutAStall(Fixtures.load("no-commands.txt"), "1795387451");
    }

    /** 5 calls to warm up, then {@link #SESSIONS} timed: the median from connect to our close is far below 40 ms. */
    private static void assertUnlistedCallsCloseWithoutAStall(Fixtures.Dialogue dialogue, String uniqueIdBase)
            throws IOException {
        for (int i = 0; i < 5; i++) {
            FixtureAsterisk.replay(dialogue, node.agiPort(), "13800000009", uniqueIdBase + ".9" + i);
        }
        long[] closedAfterMs = new long[SESSIONS];
        for (int i = 0; i < SESSIONS; i++) {
            FixtureAsterisk.Transcript t = FixtureAsterisk.replay(dialogue, node.agiPort(), "13800000009",
                    uniqueIdBase + "." + i);
            assertTrue(t.serverClosed() && t.commands().isEmpty(), "an unlisted call gets no command");
            closedAfterMs[i] = t.millisToClose();
        }
        Arrays.sort(closedAfterMs);
        long median = closedAfterMs[SESSIONS / 2];
        assertTrue(median < STALL_FREE_MEDIAN_MS, "connect to close, median of " + SESSIONS + " sessions: " + median
                + " ms (a delayed-ACK stall costs ~40 ms); all: " + Arrays.toString(closedAfterMs));
    }

    /**
     * Each FastAGI connection's receive buffer is small (2 KiB, see {@link ListeningSocket}), so a block larger than
     * its window arrives only as we read and the window reopens. That must not wait on a timer either (Linux probes a
     * closed window after 200 ms at the least): 30 more arguments of 200 bytes, one line per write as before.
     */
    @Test
    void anEnvironmentBlockSeveralTimesTheReceiveWindowArrivesWithoutWaitingEither() throws IOException {
        Fixtures.Dialogue recorded = Fixtures.load("no-commands.txt");
        List<Fixtures.Line> lines = new ArrayList<>();
        for (Fixtures.Line line : recorded.lines()) {
            lines.add(line);
            if (line.from() == 'A' && line.text().startsWith("agi_arg_1: ")) {
                for (int arg = 2; arg <= 31; arg++) {
                    lines.add(new Fixtures.Line(line.ms(), 'A', "agi_arg_" + arg + ": " + "x".repeat(200)));
                }
            }
        }
        Fixtures.Dialogue large = new Fixtures.Dialogue(recorded.name(), lines);
        int blockBytes = large.environment().stream().mapToInt(line -> line.length() + 1).sum();
        int receiveBuffer = Integer.parseInt(Setting.AGI_RECEIVE_BUFFER_BYTES.defaultValue());
        assertTrue(blockBytes > 3 * receiveBuffer, "block of " + blockBytes + " bytes");
        assertUnlistedCallsCloseWithoutAStall(large, "1795387453");
    }

    @Test
    void theProbesSimulatorIsServedWithoutADelayedAckStallToo() {
        AsteriskSimulator asterisk = new AsteriskSimulator("127.0.0.1", node.agiPort(), Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            asterisk.call(CallScript.to("13800000009"));
        }
        long[] closedAfterMs = new long[SESSIONS];
        for (int i = 0; i < SESSIONS; i++) {
            CallTranscript call = asterisk.call(CallScript.to("13800000009"));
            assertTrue(call.completedNormally() && call.commandCount() == 0, call.summary());
            closedAfterMs[i] = call.closedAfter().toMillis();
        }
        Arrays.sort(closedAfterMs);
        long median = closedAfterMs[SESSIONS / 2];
        assertTrue(median < STALL_FREE_MEDIAN_MS, "simulator, connect to close, median: " + median + " ms; all: "
                + Arrays.toString(closedAfterMs));
    }

    /**
     * A caller who hangs up mid-notice: Asterisk writes {@code 200 result=-1 endpos=N} and {@code HANGUP} in two
     * writes, and each later reply of its waits behind the last line we have not acknowledged. Once we had sent
     * commands the socket was back in delayed-ACK mode, so the two {@code SET VARIABLE} exchanges after the hang-up
     * each waited ~40 ms.
     */
    @Test
    void aCallerWhoHangsUpMidNoticeIsNotHeldByDelayedAcksEither() throws Exception {
        AsteriskSimulator asterisk = new AsteriskSimulator("127.0.0.1", node.agiPort(), Duration.ofSeconds(5));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int caller = 0;
        // the registry index takes the listing up within a second
        while (!hangsUpMidNotice(asterisk, caller++).streamedFile().isPresent()) {
            assertTrue(System.nanoTime() < deadline, "the listed number never got its notice");
            Thread.sleep(100);
        }
        long[] closedAfterMs = new long[SESSIONS];
        for (int i = 0; i < SESSIONS; i++) {
            CallTranscript call = hangsUpMidNotice(asterisk, caller++);
            assertTrue(call.completedNormally() && call.streamedFile().isPresent()
                    && "partial".equals(call.variables().get("DEFAULTER_NOTICE")), call.summary());
            closedAfterMs[i] = call.closedAfter().toMillis();
        }
        Arrays.sort(closedAfterMs);
        long median = closedAfterMs[SESSIONS / 2];
        assertTrue(median < STALL_FREE_MEDIAN_MS, "hang-up mid-notice, connect to close (replies not in real time),"
                + " median: " + median + " ms (each delayed-ACK stall costs ~40 ms); all: "
                + Arrays.toString(closedAfterMs));
    }

    /**
     * The node's own view of the post-dial delay it adds (from accepting the connection to its first command, or to
     * its close for an unlisted call) is what an operator graphs; each call adds one observation, which cannot
     * exceed what the caller's side measured around it.
     */
    @Test
    void theNodeMeasuresThePostDialDelayItAddsToEachCall() {
        AsteriskSimulator asterisk = new AsteriskSimulator("127.0.0.1", node.agiPort(), Duration.ofSeconds(5));
        Timer toClose = node.service.meters().get(PostDialDelay.METER)
                .tag("until", "close").timer();
        Timer toFirstCommand = node.service.meters().get(PostDialDelay.METER)
                .tag("until", "first-command").timer();
        long closes = toClose.count();
        double closeSeconds = toClose.totalTime(TimeUnit.SECONDS);
        // the whole call as the caller's thread lives it, from before its connect to after it saw the close (its
        // own "connected" comes later: the node may accept before the caller's thread wakes up from connecting)
        long callStarted = System.nanoTime();
        CallTranscript unlisted = asterisk.call(CallScript.to("13800000009"));
        double callSeconds = (System.nanoTime() - callStarted) / 1e9;
        assertTrue(unlisted.completedNormally() && unlisted.commandCount() == 0, unlisted.summary());
        assertEquals(closes + 1, toClose.count());
        double measured = toClose.totalTime(TimeUnit.SECONDS) - closeSeconds;
        assertTrue(measured > 0 && measured <= callSeconds, "node: " + measured + " s; the caller's call: "
                + callSeconds + " s");

        // the registry index takes the listing up within a second of the node starting
        Await.until(Duration.ofSeconds(10), () -> node.service.index().numberCount() == 1);
        long firstCommands = toFirstCommand.count();
        CallTranscript listed = hangsUpMidNotice(asterisk, 9_000);
        assertTrue(listed.streamedFile().isPresent(), listed.summary());
        assertEquals(firstCommands + 1, toFirstCommand.count(), "one listed call, one first command");
        assertEquals(closes + 1, toClose.count(), "a call that heard commands is not counted at its close");
    }

    private static CallTranscript hangsUpMidNotice(AsteriskSimulator asterisk, int caller) {
        // a new caller each time: who heard the notice lately is not played it again
        return asterisk.call(CallScript.to("13800000123").from(String.format("1390000%04d", caller), "Caller")
                .withPlayback(NoticePlayback.callerHangsUpAfter(Duration.ofMillis(300))));
    }
}
