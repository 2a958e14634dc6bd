package org.defaulterivr.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.defaulterivr.database.Database;
import org.defaulterivr.evidence.merkle.MerkleProofs;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.AuditClient;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.defaulterivr.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several nodes on one database: one log, one writer at a time, and a clean handover when the writer goes. */
class LogSequencingTest {
    private static final String INTERVAL = "100";
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dirs;

    private TestNode node(Database database, String name, Path keysFrom) throws IOException {
        Path dataDir = Files.createDirectories(dirs.resolve(name));
        if (keysFrom != null) {
            // the log's key is provisioned on every node (README: one key per log, not per node)
            Files.createDirectories(dataDir.resolve("keys"));
            for (String file : List.of(TreeHeadSigner.PRIVATE_KEY_FILE, TreeHeadSigner.PUBLIC_KEY_FILE)) {
                Files.copy(keysFrom.resolve("keys").resolve(file), dataDir.resolve("keys").resolve(file));
            }
        }
        return TestNode.start(database, dataDir, Map.of("node.id", name, "evidence.tree.head.interval.ms", INTERVAL,
                "evidence.spool.fsync", "false", "api.admin.token", TestRegistry.ADMIN_TOKEN));
    }

    private static boolean call(TestNode node, String callId) {
        try {
            return "played".equals(FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(),
                    "13800000000", callId).variable("DEFAULTER_NOTICE"));
        } catch (IOException e) {
            return false;
        }
    }

    private static long headSize(TestNode any) {
        return any.count("select coalesce(max(tree_size), -1) from tree_head");
    }

    /** seq runs 0..n-1 without a gap, and each evidence record holds exactly one of them. */
    private static void assertOneLinearLog(TestNode any, long n) {
        assertEquals(n, any.count("select count(*) from log_leaf"));
        assertEquals(n - 1, any.count("select max(seq) from log_leaf"));
        assertEquals(n, any.count("select count(distinct (node_id, call_id)) from log_leaf"));
        assertEquals(0, any.count("""
                select count(*) from evidence_record e where not exists (select 1 from log_leaf l
                 where (l.occurred_at, l.node_id, l.call_id) = (e.occurred_at, e.node_id, e.call_id))"""));
        assertEquals(0, any.count("select count(*) from evidence_pending"));
    }

    private static void assertExportVerifies(TestNode node, Path file, long records) throws IOException {
        AuditClient auditor = AuditClient.of(node);
        auditor.download("/v1/log/export?heads=all", file);
        VerifyReport report = EvidenceVerifier.verify(file, auditor.get("/v1/log/public-key").body());
        assertEquals(List.of(), report.findings(), report.toText());
        assertEquals(records, report.records());
    }

    @Test
    void twoNodesTakingCallsInParallelBuildOneLinearLog() throws Exception {
        Database database = TestDatabase.create("two_nodes");
        TestNode a = node(database, "node-a", null);
        TestNode b = node(database, "node-b", dirs.resolve("node-a"));
        try {
            a.list("P-1", "+8613800000000", Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
            Await.until(Duration.ofSeconds(5), () -> a.service.index().numberCount() == 1
                    && b.service.index().numberCount() == 1);
            int threads = 6;
            int callsEach = 15;
            ExecutorService callers = Executors.newFixedThreadPool(threads);
            List<Future<Integer>> played = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                played.add(callers.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < callsEach; i++) {
                        TestNode target = (thread + i) % 2 == 0 ? a : b;
                        ok += call(target, "1796200000." + thread + "." + i) ? 1 : 0;
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (Future<Integer> f : played) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            callers.shutdown();
            assertEquals(threads * callsEach, total);
            long expected = total;
            Await.until(Duration.ofSeconds(20), () -> headSize(a) == expected);

            assertOneLinearLog(a, total);
            assertTrue(a.count("select count(*) from log_leaf where node_id = 'node-a'") > 0);
            assertTrue(b.count("select count(*) from log_leaf where node_id = 'node-b'") > 0);
            assertNotEquals(a.service.sequencer().leader(), b.service.sequencer().leader(), "exactly one leads");
            assertExportVerifies(b, dirs.resolve("two-nodes.jsonl"), total);
        } finally {
            a.close();
            b.close();
            database.close();
        }
    }

    @Test
    void whenTheLeaderStopsAStandbyWithTheKeyTakesOverAndANodeWithAnotherKeyDoesNot() throws Exception {
        Database database = TestDatabase.create("failover");
        TestNode first = node(database, "first", null);
        TestNode second = node(database, "second", dirs.resolve("first"));
        List<TestNode> running = new ArrayList<>(List.of(first, second));
        try {
            first.list("F-1", "+8613800000000", Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
            Await.until(Duration.ofSeconds(5), () -> second.service.index().numberCount() == 1);
            Await.until(Duration.ofSeconds(5), () -> first.service.sequencer().leader());
            assertFalse(second.service.sequencer().leader(), "the second node stands by");
            for (int i = 0; i < 5; i++) {
                assertTrue(call(i % 2 == 0 ? first : second, "1796300000." + i));
            }
            Await.until(Duration.ofSeconds(10), () -> headSize(second) == 5);
            AuditClient auditor = AuditClient.of(second);
            JsonObject before = auditor.json("/v1/log/tree-heads/latest");

            stop(running, first);
            for (int i = 5; i < 12; i++) {
                assertTrue(call(second, "1796300000." + i));
            }
            Await.until(Duration.ofSeconds(10), () -> headSize(second) == 12);
            assertTrue(second.service.sequencer().leader(), "the standby took over");
            assertOneLinearLog(second, 12);
            JsonObject proof = auditor.json("/v1/log/proofs/consistency?from=5&to=12");
            List<byte[]> hashes = new ArrayList<>();
            proof.getJsonArray("proof").forEach(h -> hashes.add(HEX.parseHex((String) h)));
            JsonObject after = proof.getJsonObject("toTreeHead");
            assertTrue(MerkleProofs.verifyConsistency(5, 12, HEX.parseHex(before.getString("rootHash")),
                    HEX.parseHex(after.getString("rootHash")), hashes), "the new leader extended the same log");
            assertEquals(before.getString("signature"), auditor.json("/v1/log/tree-heads?from=5&limit=1")
                    .getJsonArray("treeHeads").getJsonObject(0).getString("signature"), "old heads stay as signed");
            assertExportVerifies(second, dirs.resolve("failover.jsonl"), 12);

            // a node with a key of its own must not sign over a log signed with another key
            TestNode stranger = node(database, "stranger", null);
            running.add(stranger);
            stop(running, second);
            assertTrue(call(stranger, "1796300000.99"));
            long heads = stranger.count("select count(*) from tree_head");
            Await.until(Duration.ofSeconds(5), () -> stranger.count("select count(*) from evidence_pending") == 1);
            Thread.sleep(5 * Long.parseLong(INTERVAL));
            assertFalse(stranger.service.sequencer().leader());
            assertEquals(heads, stranger.count("select count(*) from tree_head"), "no head signed with the wrong key");
            assertEquals(1, stranger.count("select count(*) from evidence_pending"), "the record waits, unsequenced");
            JsonArray unsigned = AuditClient.of(stranger).json("/v1/evidence/search?from=" + Instant.now().minusSeconds(60))
                    .getJsonArray("records");
            assertTrue(unsigned.stream().anyMatch(r -> ((JsonObject) r).getValue("seq") == null),
                    "search shows the record, without a seq yet");
        } finally {
            running.forEach(TestNode::close);
            database.close();
        }
    }

    private static void stop(List<TestNode> running, TestNode node) {
        running.remove(node);
        node.close();
    }
}
