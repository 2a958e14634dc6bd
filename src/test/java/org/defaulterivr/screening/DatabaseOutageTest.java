package org.defaulterivr.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.FixtureAsterisk.Transcript;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops in the middle of a stream of calls: every call still connects within the decision budget, the
 * listed ones still hear their notice, and once the database is back the evidence table holds exactly one record per
 * notice played.
 */
class DatabaseOutageTest {
    private static final long DECISION_BUDGET_MS = 300;

    @TempDir
    Path dataDir;
    @TempDir
    Path clusterDir;

    private EmbeddedPostgres startPostgres(int port) throws IOException {
        return EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(60)).setDataDirectory(clusterDir).setCleanDataDirectory(false).setPort(port).start();
    }

    @Test
    void callsConnectAndEvidenceIsKeptWhileTheDatabaseIsDown() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        EmbeddedPostgres postgres = startPostgres(port);
        Database database = Database.at(TestDatabase.options("postgres").setPort(port));
        TestNode node = TestNode.start(database, dataDir,
                Map.of("screening.decision.budget.ms", Long.toString(DECISION_BUDGET_MS)));
        try {
            Instant now = Instant.now();
            node.list("C-OUT", "+8613800000000", now.minusSeconds(60), now.plusSeconds(3600));
            Await.until(Duration.ofSeconds(5), () -> node.service.index().numberCount() == 1);

            List<String> played = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                played.add(listedCall(node, "1795390000." + i));
            }
            postgres.close();

            for (int i = 3; i < 9; i++) {
                played.add(listedCall(node, "1795390000." + i));
                Transcript unlisted = FixtureAsterisk.replay(Fixtures.load("no-commands.txt"), node.agiPort(),
                        "13800000009", "1795399999." + i);
                assertTrue(unlisted.serverClosed() && unlisted.commands().isEmpty());
                assertTrue(unlisted.millisToClose() < DECISION_BUDGET_MS, "unlisted calls pass at once");
            }
            assertTrue(node.service.evidence().backlogBytes() > 0, "evidence waits in the local spool");

            postgres = startPostgres(port);
            Await.until(Duration.ofSeconds(30), () -> node.service.evidence().backlogBytes() == 0);
            assertEquals(played.size(), node.count(
                    "select count(*) from evidence_record where call_id like '1795390000.%'"));
            assertEquals(played.size(), node.count(
                    "select count(distinct call_id) from evidence_record where outcome = 'played'"));
        } finally {
            node.close();
            database.close();
            postgres.close();
        }
    }

    @Test
    void atTheSpoolBoundNoticesStopButCallsStillConnect() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        EmbeddedPostgres postgres = startPostgres(port);
        Database database = Database.at(TestDatabase.options("postgres").setPort(port));
        // one call spools its notice's start and its outcome, about 450 bytes each: two calls pass the bound
        TestNode node = TestNode.start(database, dataDir, Map.of("evidence.spool.max.bytes", "1300"));
        try {
            Instant now = Instant.now();
            node.list("C-FULL", "+8613800000000", now.minusSeconds(60), now.plusSeconds(3600));
            Await.until(Duration.ofSeconds(5), () -> node.service.index().numberCount() == 1);
            postgres.close();

            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Transcript t = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(),
                        "13800000000", "1795391000." + i);
                assertTrue(t.serverClosed(), "the call connects either way");
                outcomes.add(t.variable("DEFAULTER_NOTICE") != null ? t.variable("DEFAULTER_NOTICE")
                        : "reason=" + t.variable("DEFAULTER_REASON"));
            }
            assertEquals(List.of("played", "played", "reason=evidence-spool-full", "reason=evidence-spool-full",
                    "reason=evidence-spool-full"), outcomes, "no notice plays unrecorded");
            assertEquals(3.0, node.service.meters().get("divr_faults_total").tag("kind", "evidence-spool-full")
                    .counter().count());

            postgres = startPostgres(port);
            Await.until(Duration.ofSeconds(30), () -> node.service.evidence().backlogBytes() == 0);
            Transcript after = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(),
                    "13800000000", "1795391000.9");
            assertEquals("played", after.variable("DEFAULTER_NOTICE"), "notices resume once the spool drains");
        } finally {
            node.close();
            database.close();
            postgres.close();
        }
    }

    private static String listedCall(TestNode node, String callId) throws IOException {
        Transcript t = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(),
                "13800000000", callId);
        assertTrue(t.millisToFirstCommand() < DECISION_BUDGET_MS,
                "the notice starts within the decision budget: " + t.millisToFirstCommand() + " ms");
        assertEquals("played", t.variable("DEFAULTER_NOTICE"));
        assertTrue(t.serverClosed());
        return callId;
    }
}
