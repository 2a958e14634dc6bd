package org.defaulterivr.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.defaulterivr.testing.TestRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed head cannot be withdrawn by the database: the node keeps the last one in its data directory and never signs
 * over a log that does not extend it. The faults are made the way they happen, at the SQL prompt of a superuser (a
 * restore from an older backup, a rollback), with the append-only triggers off.
 */
class LogRollbackTest {
    private static final String INTERVAL = "100";

    @TempDir
    Path dataDir;

    private Database database;
    private TestNode node;

    @BeforeEach
    void start() {
        database = TestDatabase.create("rollback");
        node = TestNode.start(database, dataDir, Map.of("evidence.tree.head.interval.ms", INTERVAL,
                "evidence.spool.fsync", "false", "api.admin.token", TestRegistry.ADMIN_TOKEN));
        node.list("R-1", "+8613800000000", Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
        Await.until(Duration.ofSeconds(5), () -> node.service.index().numberCount() == 1);
    }

    @AfterEach
    void stop() {
        node.close();
        database.close();
    }

    @Test
    void aDatabaseThatLostSignedLeavesAndHeadsIsNotSignedOverAndTheNodeAlarms() throws Exception {
        calls(0, 6);
        Await.until(Duration.ofSeconds(10), () -> headSize() == 6);
        byte[] root6 = rootOf(6);
        assertTrue(node.config.dataDir().resolve("log/heads/latest").toFile().isFile(), "the head is kept on disk");

        // the database goes back to a state with 3 records: an older backup restored, or commits lost
        node.execute("""
                begin;
                set local session_replication_role = replica;
                delete from evidence_record r using log_leaf l where l.seq >= 3
                   and (r.occurred_at, r.node_id, r.call_id) = (l.occurred_at, l.node_id, l.call_id);
                delete from log_leaf where seq >= 3;
                delete from log_node where (idx + 1) << level > 3;
                delete from tree_head where tree_size > 3;
                delete from case_index_entry where tree_size > 3;
                delete from checkpoint where tree_size > 3;
                commit""");
        dropSequencerSession();
        calls(6, 9); // new records that would make a different tree of size 6

        Await.until(Duration.ofSeconds(10), () -> node.service.logAlarm().reason().isPresent());
        Thread.sleep(10 * Long.parseLong(INTERVAL));
        assertEquals(0, node.count("select count(*) from tree_head where tree_size > 3"),
                "no head signed over the rolled-back log, in particular no second head of size 6");
        assertEquals(3, node.count("select count(*) from log_leaf"), "nothing appended");
        assertEquals(3, node.count("select count(*) from evidence_pending"), "the new records wait");
        assertFalse(node.service.sequencer().leader());
        String reason = node.service.logAlarm().reason().orElseThrow();
        assertTrue(reason.contains("holds 3 leaves, but a head of size 6 was signed"), reason);
        assertTrue(reason.contains("restore the database"), reason);
        assertEquals(1.0, node.service.meters().get("divr_log_alarm").gauge().value());

        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.httpPort() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, ready.statusCode());
        assertTrue(new JsonObject(ready.body()).getJsonObject("evidenceLog").getString("alarm")
                .contains("signs nothing"), ready.body());
        assertArrayEquals(root6, new HeadStore(node.config.dataDir().resolve("log/heads")).read().orElseThrow()
                .rootHash(), "the head kept on disk is the one served before");
    }

    @Test
    void aHeadOnlyTheDatabaseLostIsStoredAgainAsItWasSigned() throws Exception {
        calls(0, 4);
        Await.until(Duration.ofSeconds(10), () -> headSize() == 4);
        String signature = node.rows("select encode(signature, 'hex') from tree_head where tree_size = 4").get(0)
                .getString(0);
        node.execute("""
                begin;
                set local session_replication_role = replica;
                delete from tree_head;
                delete from checkpoint;
                delete from case_index_entry;
                commit""");
        dropSequencerSession();
        Await.until(Duration.ofSeconds(10), () -> headSize() == 4);
        assertEquals(signature, node.rows("select encode(signature, 'hex') from tree_head where tree_size = 4").get(0)
                .getString(0), "the very head served before, not a new one");
        calls(4, 6);
        Await.until(Duration.ofSeconds(10), () -> headSize() == 6);
        assertTrue(node.service.logAlarm().reason().isEmpty());
    }

    private void calls(int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            assertEquals("played", FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(),
                    "13800000000", "1796400000." + i).variable("DEFAULTER_NOTICE"));
        }
    }

    /** The sequencer's session ends (as when PostgreSQL restarts after a restore): it must take over again. */
    private void dropSequencerSession() {
        node.execute("select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory'"
                + " and database = (select oid from pg_database where datname = current_database())");
    }

    private long headSize() {
        return node.count("select coalesce(max(tree_size), -1) from tree_head");
    }

    private byte[] rootOf(long size) {
        return node.rows("select root_hash from tree_head where tree_size = " + size).get(0).getBuffer(0).getBytes();
    }
}
