package org.defaulterivr.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.defaulterivr.database.Database;
import org.defaulterivr.notice.StoredNotice;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.FixtureAsterisk.Transcript;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node on a real PostgreSQL, called over real sockets by recorded Asterisk dialogues. */
class CallPathIntegrationTest {
    private static final AtomicInteger CALLS = new AtomicInteger();
    private static final String LISTED = "+8613800000000";
    private static final String NOT_YET_LISTED = "+8613800000001";
    private static final String EXPIRED = "+8613800000002";

    @TempDir
    static Path dataDir;
    static Database database;
    static TestNode node;
    static StoredNotice notice;
    static long caseId;

    @BeforeAll
    static void startNode() {
        database = TestDatabase.create("call_path");
        node = TestNode.start(database, dataDir, Map.of("agi.header.deadline.ms", "500",
                "screening.decision.budget.ms", "300"));
        notice = node.stockNotice();
        Instant now = Instant.now();
        caseId = node.list("C-1", LISTED, now.minusSeconds(3600), now.plusSeconds(3600));
        node.list("C-2", NOT_YET_LISTED, now.plusSeconds(3600), now.plusSeconds(7200));
        node.list("C-3", EXPIRED, now.minusSeconds(7200), now.minusSeconds(3600));
        Await.until(Duration.ofSeconds(5), () -> node.service.index().numberCount() >= 2);
    }

    @AfterAll
    static void stopNode() {
        node.close();
        database.close();
    }

    private static String callId() {
        return "1795387451." + CALLS.incrementAndGet();
    }

    private static Transcript call(String fixture, String number, String callId) throws IOException {
        return FixtureAsterisk.replay(Fixtures.load(fixture), node.agiPort(), number, callId);
    }

    private static Row evidenceOf(String callId) {
        Await.until(Duration.ofSeconds(5), () -> node.evidence(callId).isPresent());
        return node.evidence(callId).orElseThrow();
    }

    @Test
    void aListedNumberHearsTheCaseNoticeAsEarlyMediaAndLeavesOneEvidenceRecord() throws IOException {
        String callId = callId();
        Transcript t = call("early-media-notice.txt", "13800000000", callId);

        assertEquals("EXEC \"Progress\" \"\"", t.commands().get(0), "early media first: 183, not answered");
        assertEquals("STREAM FILE \"defaulter-ivr/" + notice.sha256() + "\" \"\"", t.commands().get(1));
        assertEquals("played", t.variable("DEFAULTER_NOTICE"));
        assertEquals(Long.toString(caseId), t.variable("DEFAULTER_CASE"));
        assertTrue(t.serverClosed(), "the session ends so the dialplan can Dial");

        Row row = evidenceOf(callId);
        assertEquals("played", row.getString("outcome"));
        assertEquals(notice.durationMs(), row.getLong("heard_ms"), "heard in full");
        assertEquals(LISTED, row.getString("called_number"));
        assertEquals(caseId, row.getLong("case_id"));
        assertEquals("C-1", row.getString("case_number"), "completed from the registry: the index keeps no case numbers");
        assertEquals(notice.sha256(), row.getString("notice_sha256"));
        assertEquals("test-node", row.getString("node_id"));
        assertEquals("anonymous", row.getString("caller_pseudonym"), "'sipp' is no number");
        // what a court needs to match the record to the carrier's own record of the call (leaf version 2)
        assertEquals((short) 2, row.getShort("leaf_version"));
        assertEquals("127.0.0.1", row.getString("asterisk_host"), "the FastAGI peer");
        assertEquals("PJSIP/caller-00000000", row.getString("channel"), "agi_channel");
        assertEquals(1L, row.getLong("listing_version"), "the case's registry version the decision used");
        assertEquals(false, row.getBoolean("probe"));
    }

    @Test
    void aCallOfTheProbeCommandIsRecordedAsAProbe() throws IOException {
        String callId = callId();
        Transcript t = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(),
                FixtureAsterisk.probing("13800000000", callId), java.util.Map.of(), java.util.Map.of());
        assertEquals("played", t.variable("DEFAULTER_NOTICE"), "a probe hears what a caller hears");
        assertEquals(true, evidenceOf(callId).getBoolean("probe"));
    }

    @Test
    void aCallerWhoHangsUpMidNoticeIsRecordedAsPartialWithWhatTheyHeard() throws IOException {
        String callId = callId();
        Transcript t = call("early-media-caller-cancels.txt", "13800000000", callId);

        assertEquals("partial", t.variable("DEFAULTER_NOTICE"));
        Row row = evidenceOf(callId);
        assertEquals("partial", row.getString("outcome"));
        assertEquals(24160 / 8, row.getLong("heard_ms"), "endpos counts 8 kHz samples");
        String pseudonym = row.getString("caller_pseudonym");
        assertTrue(pseudonym.matches("h:[0-9a-f]{16}:01"), "caller 13900000001 is pseudonymised: " + pseudonym);
        assertTrue(!pseudonym.contains("13900000001"));
    }

    @Test
    void aMissingNoticeFileIsRecordedAsFailedAndTheCallStillConnects() throws IOException {
        String callId = callId();
        Fixtures.Exchange missingFile = Fixtures.load("screen-replies.txt").exchanges().stream()
                .filter(e -> e.command().startsWith("STREAM FILE nosuchfile")).findFirst().orElseThrow();
        Transcript t = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(),
                FixtureAsterisk.calling("13800000000", callId), Map.of("STREAM FILE", missingFile));

        assertEquals("failed", t.variable("DEFAULTER_NOTICE"));
        assertTrue(t.serverClosed());
        assertEquals("failed", evidenceOf(callId).getString("outcome"));
    }

    @Test
    void aReplyLaterThanOurWaitStillLeavesTheDialplanItsVariable() throws IOException {
        // Asterisk busy (a burst, a media-cache fetch): its reply to Progress comes after our 300 ms. It runs the
        // commands we sent meanwhile once it gets to them, so the dialplan still hears how the notice went
        String callId = callId();
        Transcript t = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(),
                FixtureAsterisk.calling("13800000000", callId), Map.of(), Map.of("EXEC", 800L));

        assertEquals("EXEC \"Progress\" \"\"", t.commands().get(0));
        assertEquals("failed", t.variable("DEFAULTER_NOTICE"), "set behind the late reply: " + t.commands());
        assertEquals(0, t.count("STREAM FILE"), "no notice after an unconfirmed Progress");
        assertEquals("failed", evidenceOf(callId).getString("outcome"));
    }

    @Test
    void anUnlistedNumberGetsNoCommandAtAllAndLeavesNoPersonalRecord() throws IOException {
        String callId = callId();
        Transcript t = call("no-commands.txt", "13800000009", callId);

        assertEquals(List.of(), t.commands(), "closing after the environment is the cheapest pass");
        assertTrue(t.serverClosed());
        assertTrue(node.evidence(callId).isEmpty());
    }

    @Test
    void aListingOutsideItsValidityWindowPlaysNothing() throws IOException {
        for (String number : List.of("13800000001", "13800000002")) {
            String callId = callId();
            Transcript t = call("early-media-notice.txt", number, callId);
            assertEquals(List.of(), t.commands(), number);
            assertTrue(node.evidence(callId).isEmpty());
        }
    }

    @Test
    void anUnknownScriptFailsCleanly() throws IOException {
        Transcript t = FixtureAsterisk.replay(Fixtures.load("no-commands.txt"), node.agiPort(),
                line -> line.startsWith("agi_network_script: ") ? "agi_network_script: nosuch" : line);
        assertEquals(List.of("SET VARIABLE \"DEFAULTER_REASON\" \"unknown-script\""), t.commands());
        assertTrue(t.serverClosed());
    }

    @Test
    void malformedOversizedAndSilentClientsLoseOnlyTheirOwnSession() throws IOException {
        assertClosedBy("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertClosedBy(("agi_network: yes\nagi_request: " + "x".repeat(20_000)).getBytes(StandardCharsets.US_ASCII));
        assertClosedBy(new byte[0]); // silent: closed at the header deadline
        StringBuilder endless = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            endless.append("agi_h").append(i).append(": v\n");
        }
        assertClosedBy(endless.toString().getBytes(StandardCharsets.US_ASCII));

        String callId = callId();
        Transcript t = call("early-media-notice.txt", "13800000000", callId);
        assertEquals("played", t.variable("DEFAULTER_NOTICE"), "the server still serves the next call");
    }

    private static void assertClosedBy(byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", node.agiPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            long start = System.nanoTime();
            int read;
            try {
                read = in.read();
            } catch (java.net.SocketException reset) {
                read = -1;
            }
            assertEquals(-1, read, "the server closes the session without a word");
            assertTrue(System.nanoTime() - start < 3_000_000_000L, "closed promptly");
        }
    }
}
