package org.defaulterivr.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.defaulterivr.Main;
import org.defaulterivr.database.Database;
import org.defaulterivr.evidence.EvidenceVerifier;
import org.defaulterivr.evidence.Finding.Kind;
import org.defaulterivr.evidence.TreeHeadSigner;
import org.defaulterivr.evidence.VerifyReport;
import org.defaulterivr.evidence.merkle.TreeHasher;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.AuditClient;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.defaulterivr.testing.TestRegistry;
import org.defaulterivr.tlog.AddCheckpointRequest;
import org.defaulterivr.tlog.Checkpoint;
import org.defaulterivr.tlog.NoteSigner;
import org.defaulterivr.tlog.SignedNote;
import org.defaulterivr.tlog.VerifierKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A log with two independent witnesses, each a real witness server on its own port with its own key and state: they
 * cosign each checkpoint the log sends, the log serves the checkpoint with both cosignatures, a case bundle verifies
 * offline with the witnesses' keys, and a witness refuses a fork signed with the log's real key.
 */
class WitnessedLogTest {
    private static final String NUMBER = "+8613800000000";

    @TempDir
    Path dir;

    @Test
    void twoWitnessesCosignTheLogsCheckpointsAndRefuseAFork() throws Exception {
        Path dataDir = dir.resolve("node");
        // the log's key exists before the node starts, so the witnesses can be told of it
        TreeHeadSigner logSigner = TreeHeadSigner.loadOrCreate(dataDir.resolve("keys"));
        String origin = logSigner.defaultOrigin();
        NoteSigner logNotes = logSigner.noteSigner(origin);
        Vertx witnessVertx = Vertx.vertx();
        Database database = TestDatabase.create("witnessed");
        TestNode node = null;
        try {
            Witness w1 = witness("w1.court.example/witness", logNotes.verifierKey());
            Witness w2 = witness("w2.auditor.example/witness", logNotes.verifierKey());
            WitnessServer s1 = new WitnessServer(w1, "127.0.0.1", 0);
            WitnessServer s2 = new WitnessServer(w2, "127.0.0.1", 0);
            Await.result(witnessVertx.deployVerticle(s1));
            Await.result(witnessVertx.deployVerticle(s2));
            String witnesses = "http://127.0.0.1:" + s1.actualPort() + " " + w1.verifierKey().vkey()
                    + ", http://127.0.0.1:" + s2.actualPort() + "/ " + w2.verifierKey().vkey();
            node = TestNode.start(database, dataDir, Map.of("evidence.tree.head.interval.ms", "100",
                    "evidence.spool.fsync", "false", "api.admin.token", TestRegistry.ADMIN_TOKEN,
                    "evidence.witnesses", witnesses));
            TestNode log = node;
            long caseId = log.list("W-1", NUMBER, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
            Await.until(Duration.ofSeconds(5), () -> log.service.index().numberCount() == 1);

            calls(log, 0, 3);
            Await.until(Duration.ofSeconds(15), () -> cosignatures(log, 3) == 2);
            calls(log, 3, 5);
            Await.until(Duration.ofSeconds(15), () -> cosignatures(log, 5) == 2);

            AuditClient auditor = AuditClient.of(log);
            assertEquals(logNotes.verifierKey().vkey(), auditor.get("/v1/log/vkey").body().strip());
            SignedNote latest = SignedNote.parse(auditor.get("/v1/log/checkpoint").body());
            Checkpoint checkpoint = Checkpoint.parse(latest.text());
            assertEquals(origin, checkpoint.origin());
            assertEquals(5, checkpoint.size());
            assertEquals(1, latest.verifiedBy(logNotes.verifierKey()).size());
            assertEquals(1, latest.verifiedBy(w1.verifierKey()).size());
            assertEquals(1, latest.verifiedBy(w2.verifierKey()).size());
            assertTrue(checkpoint.extension("divr-case-index").startsWith("1 "), latest.text());

            // a case bundle verifies offline against the log's key and both witnesses' keys
            String publicKey = auditor.get("/v1/log/public-key").body();
            Path bundle = dir.resolve("bundle.jsonl");
            auditor.download("/v1/cases/" + caseId + "/evidence-bundle", bundle);
            List<VerifierKey> both = List.of(w1.verifierKey(), w2.verifierKey());
            VerifyReport report = EvidenceVerifier.verify(bundle, publicKey, both);
            assertEquals(List.of(), report.findings(), report.toText());
            assertEquals(5, report.records());
            Path pem = Files.writeString(dir.resolve("log.pub.pem"), publicKey);
            assertEquals(0, verifyCommand(bundle, pem, both));
            // a witness whose cosignature the bundle lacks
            VerifierKey absent = WitnessKey.fromSeed("w3.example/witness", new byte[32]).verifierKey();
            assertEquals(Set.of(Kind.COSIGNATURE_MISSING), kinds(EvidenceVerifier.verify(bundle, publicKey,
                    List.of(w1.verifierKey(), absent))));
            assertEquals(1, verifyCommand(bundle, pem, List.of(absent)));
            // the full export carries the latest checkpoint too
            Path export = dir.resolve("log.jsonl");
            auditor.download("/v1/log/export?heads=all", export);
            assertEquals(List.of(), EvidenceVerifier.verify(export, publicKey, both).findings());

            // a fork signed with the log's real key: another tree of size 5, then one that does not extend 5
            HttpClient http = HttpClient.newHttpClient();
            byte[] otherRoot = TreeHasher.leafHash("another history".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> fork = post(http, s1, 5, List.of(), new Checkpoint(origin, 5, otherRoot, List.of()),
                    logNotes);
            assertEquals(422, fork.statusCode(), fork.body());
            HttpResponse<String> inconsistent = post(http, s2, 5, List.of(otherRoot),
                    new Checkpoint(origin, 6, otherRoot, List.of()), logNotes);
            assertEquals(422, inconsistent.statusCode(), inconsistent.body());
            HttpResponse<String> stale = post(http, s1, 3, List.of(), new Checkpoint(origin, 4, otherRoot, List.of()),
                    logNotes);
            assertEquals(409, stale.statusCode());
            assertEquals("5\n", stale.body());
            // the witnesses still hold the honest checkpoint, and the log is not alarmed by others' forgeries
            HttpResponse<String> held = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + s1.actualPort() + "/" + WitnessStore.originHash(origin) + "/checkpoint")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(latest.text(), SignedNote.parse(held.body()).text());
            assertTrue(log.service.logAlarm().reason().isEmpty());
        } finally {
            if (node != null) {
                node.close();
            }
            Await.result(witnessVertx.close());
            database.close();
        }
    }

    @Test
    void aNodeWithoutTheHeadFileStillRefusesALogTheWitnessesSawLonger() throws Exception {
        Path first = dir.resolve("first");
        TreeHeadSigner logSigner = TreeHeadSigner.loadOrCreate(first.resolve("keys"));
        NoteSigner logNotes = logSigner.noteSigner(logSigner.defaultOrigin());
        Vertx witnessVertx = Vertx.vertx();
        Database database = TestDatabase.create("witnessed_rollback");
        List<TestNode> nodes = new ArrayList<>();
        try {
            Witness w1 = witness("w1.court.example/witness", logNotes.verifierKey());
            WitnessServer s1 = new WitnessServer(w1, "127.0.0.1", 0);
            Await.result(witnessVertx.deployVerticle(s1));
            Map<String, String> settings = Map.of("evidence.tree.head.interval.ms", "100",
                    "evidence.spool.fsync", "false", "api.admin.token", TestRegistry.ADMIN_TOKEN,
                    "evidence.witnesses", "http://127.0.0.1:" + s1.actualPort() + " " + w1.verifierKey().vkey());
            TestNode node = TestNode.start(database, first, settings);
            nodes.add(node);
            node.list("W-2", NUMBER, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
            Await.until(Duration.ofSeconds(5), () -> node.service.index().numberCount() == 1);
            calls(node, 0, 5);
            Await.until(Duration.ofSeconds(15), () -> cosignatures(node, 5) == 1);

            // the database goes back to 3 records, and the node that signed size 5 is gone with its data directory
            node.execute("""
                    begin;
                    set local session_replication_role = replica;
                    delete from evidence_record r using log_leaf l where l.seq >= 3
                       and (r.occurred_at, r.node_id, r.call_id) = (l.occurred_at, l.node_id, l.call_id);
                    delete from log_leaf where seq >= 3;
                    delete from log_node where (idx + 1) << level > 3;
                    delete from checkpoint_cosignature where tree_size > 3;
                    delete from tree_head where tree_size > 3;
                    delete from case_index_entry where tree_size > 3;
                    delete from checkpoint where tree_size > 3;
                    commit""");
            nodes.remove(node);
            node.close();
            Path second = dir.resolve("second");
            Files.createDirectories(second.resolve("keys"));
            for (String file : List.of(TreeHeadSigner.PRIVATE_KEY_FILE, TreeHeadSigner.PUBLIC_KEY_FILE)) {
                Files.copy(first.resolve("keys").resolve(file), second.resolve("keys").resolve(file));
            }
            TestNode successor = TestNode.start(database, second, settings);
            nodes.add(successor);
            Await.until(Duration.ofSeconds(5), () -> successor.service.index().numberCount() == 1);
            calls(successor, 5, 8);

            Await.until(Duration.ofSeconds(10), () -> successor.service.logAlarm().reason().isPresent());
            Thread.sleep(1000);
            assertEquals(0, successor.count("select count(*) from tree_head where tree_size > 3"),
                    "no head over the rolled-back log, though this node never saw size 5");
            String reason = successor.service.logAlarm().reason().orElseThrow();
            assertTrue(reason.contains("a witness cosigned this log's checkpoint of size 5"), reason);
        } finally {
            nodes.forEach(TestNode::close);
            Await.result(witnessVertx.close());
            database.close();
        }
    }

    private Witness witness(String name, VerifierKey logKey) {
        Path home = dir.resolve(name.replace('/', '_'));
        return new Witness(WitnessKey.loadOrCreate(home.resolve("witness.key"), name), List.of(logKey),
                new WitnessStore(home), Clock.systemUTC());
    }

    private static HttpResponse<String> post(HttpClient http, WitnessServer server, long oldSize, List<byte[]> proof,
            Checkpoint checkpoint, NoteSigner logKey) throws IOException, InterruptedException {
        String body = new AddCheckpointRequest(oldSize, proof, new SignedNote(checkpoint.text(),
                List.of(logKey.sign(checkpoint.text())))).format();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort()
                + "/add-checkpoint")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void calls(TestNode node, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            assertEquals("played", FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(),
                    "13800000000", "1796500000." + i).variable("DEFAULTER_NOTICE"));
        }
    }

    private static long cosignatures(TestNode node, long size) {
        return node.count("select count(*) from checkpoint_cosignature where tree_size = " + size);
    }

    private static int verifyCommand(Path export, Path publicKey, List<VerifierKey> witnesses) {
        List<String> args = new ArrayList<>(List.of("verify", "--export", export.toString(), "--public-key",
                publicKey.toString()));
        witnesses.forEach(w -> args.addAll(List.of("--witness-key", w.vkey())));
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(new StringWriter()));
        return cli.execute(args.toArray(String[]::new));
    }

    private static Set<Kind> kinds(VerifyReport report) {
        Set<Kind> kinds = new java.util.TreeSet<>();
        report.findings().forEach(f -> kinds.add(f.kind()));
        return kinds;
    }
}
