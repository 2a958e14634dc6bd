package org.defaulterivr.api.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.defaulterivr.database.Database;
import org.defaulterivr.evidence.EvidenceRepository;
import org.defaulterivr.evidence.EvidenceVerifier;
import org.defaulterivr.evidence.LeafEncoding;
import org.defaulterivr.evidence.SignedTreeHead;
import org.defaulterivr.evidence.TreeHeadSigner;
import org.defaulterivr.evidence.TreeHeadVerifier;
import org.defaulterivr.evidence.VerifyReport;
import org.defaulterivr.evidence.merkle.LeafHashes;
import org.defaulterivr.evidence.merkle.MerkleProofs;
import org.defaulterivr.evidence.merkle.MerkleTree;
import org.defaulterivr.testing.ApiClient;
import org.defaulterivr.testing.AuditClient;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.defaulterivr.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auditors' API on a node that served real calls: proofs checked against a computation of our own, exports that
 * verify offline, search, statistics and the access log.
 */
class AuditApiTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String NUMBER = "+8613800000000";
    private static final int PLAYED = 6;
    private static final int PARTIAL = 4;
    private static final int FAILED = 2;
    private static final int CALLS = PLAYED + PARTIAL + FAILED;

    @TempDir
    static Path dataDir;
    @TempDir
    static Path exports;
    static Database database;
    static TestNode node;
    static AuditClient auditor;
    static long caseId;
    static String publicKey;

    @BeforeAll
    static void callsAreMadeAndLogged() throws IOException {
        database = TestDatabase.create("audit_api");
        node = TestNode.start(database, dataDir, Map.of("evidence.tree.head.interval.ms", "100",
                "evidence.spool.fsync", "false", "api.admin.token", TestRegistry.ADMIN_TOKEN,
                "screening.repeat.period.minutes", "0")); // every call hears its notice, repeat callers too
        auditor = AuditClient.of(node);
        caseId = node.list("A-1", NUMBER, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
        Await.until(Duration.ofSeconds(5), () -> node.service.index().numberCount() == 1);
        Fixtures.Exchange missingFile = Fixtures.load("screen-replies.txt").exchanges().stream()
                .filter(e -> e.command().startsWith("STREAM FILE nosuchfile")).findFirst().orElseThrow();
        for (int i = 0; i < CALLS; i++) {
            String callId = "1796100000." + i;
            if (i < PLAYED) {
                FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(), "13800000000", callId);
            } else if (i < PLAYED + PARTIAL) {
                FixtureAsterisk.replay(Fixtures.load("early-media-caller-cancels.txt"), node.agiPort(), "13800000000",
                        callId);
            } else {
                FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(),
                        FixtureAsterisk.calling("13800000000", callId), Map.of("STREAM FILE", missingFile));
            }
        }
        Await.until(Duration.ofSeconds(20), () -> latestSize() == CALLS);
        publicKey = auditor.get("/v1/log/public-key").body();
    }

    @AfterAll
    static void stop() {
        node.close();
        database.close();
    }

    private static long latestSize() {
        HttpResponse<String> response = auditor.get("/v1/log/tree-heads/latest");
        return response.statusCode() == 200 ? new JsonObject(response.body()).getLong("treeSize") : -1;
    }

    /** The log's leaves as we compute them ourselves: each record read from the database, hashed at its seq. */
    private static List<byte[]> leavesRecomputed() {
        List<byte[]> leaves = new ArrayList<>();
        for (Row row : node.rows("""
                select l.seq, e.* from log_leaf l join evidence_record e
                  on (e.occurred_at, e.node_id, e.call_id) = (l.occurred_at, l.node_id, l.call_id) order by l.seq""")) {
            assertEquals(leaves.size(), row.getLong("seq"), "seq runs 0, 1, 2, ... without gaps");
            leaves.add(LeafEncoding.leafHash(row.getLong("seq"), EvidenceRepository.fromRow(row)));
        }
        return leaves;
    }

    private static SignedTreeHead head(JsonObject json) {
        return new SignedTreeHead(json.getLong("treeSize"), HEX.parseHex(json.getString("rootHash")),
                Instant.parse(json.getString("timestamp")), Base64.getDecoder().decode(json.getString("signature")));
    }

    private static List<byte[]> hashes(JsonArray proof) {
        List<byte[]> hashes = new ArrayList<>();
        proof.forEach(h -> hashes.add(HEX.parseHex((String) h)));
        return hashes;
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    private static List<SignedTreeHead> allHeads() {
        List<SignedTreeHead> heads = new ArrayList<>();
        long from = 0;
        while (true) {
            JsonObject page = auditor.json("/v1/log/tree-heads?limit=2&from=" + from);
            page.getJsonArray("treeHeads").forEach(h -> heads.add(head((JsonObject) h)));
            if (page.getValue("next") == null) {
                return heads;
            }
            from = page.getLong("next");
        }
    }

    @Test
    void proofsServedByTheApiMatchAnIndependentComputationFromTheLeaves() throws IOException {
        List<byte[]> leaves = leavesRecomputed();
        assertEquals(CALLS, leaves.size());
        LeafHashes all = LeafHashes.of(leaves);
        TreeHeadVerifier signatures = TreeHeadVerifier.fromPem(publicKey);
        assertEquals(TreeHeadSigner.loadOrCreate(dataDir.resolve("keys")).publicKeyPem(), publicKey,
                "the API serves the node's public key");

        List<SignedTreeHead> heads = allHeads();
        assertTrue(heads.size() >= 2, "heads were signed as the log grew: " + heads.size());
        for (SignedTreeHead head : heads) {
            assertTrue(signatures.verify(head), "head " + head.treeSize() + " is signed by the log's key");
            assertArrayEquals(MerkleTree.rootHash(all, head.treeSize()), head.rootHash(),
                    "head " + head.treeSize() + " signs the root of the first " + head.treeSize() + " leaves");
        }

        for (SignedTreeHead head : heads) {
            for (long seq = 0; seq < head.treeSize(); seq++) {
                JsonObject served = auditor.json("/v1/log/proofs/inclusion?seq=" + seq + "&treeSize=" + head.treeSize());
                List<byte[]> proof = hashes(served.getJsonArray("proof"));
                assertEquals(hex(MerkleTree.inclusionProof(all, seq, head.treeSize())), hex(proof));
                assertArrayEquals(leaves.get((int) seq), HEX.parseHex(served.getString("leafHash")));
                assertTrue(MerkleProofs.verifyInclusion(seq, head.treeSize(), leaves.get((int) seq), proof,
                        head.rootHash()));
            }
        }
        for (SignedTreeHead from : heads) {
            for (SignedTreeHead to : heads) {
                if (from.treeSize() > to.treeSize()) {
                    continue;
                }
                JsonObject served = auditor.json("/v1/log/proofs/consistency?from=" + from.treeSize()
                        + "&to=" + to.treeSize());
                List<byte[]> proof = hashes(served.getJsonArray("proof"));
                assertEquals(hex(MerkleTree.consistencyProof(all, from.treeSize(), to.treeSize())), hex(proof));
                assertTrue(MerkleProofs.verifyConsistency(from.treeSize(), to.treeSize(), from.rootHash(),
                        to.rootHash(), proof));
            }
        }
        JsonObject latest = auditor.json("/v1/log/proofs/inclusion?seq=0");
        assertEquals(CALLS, latest.getLong("treeSize"), "without treeSize, against the latest head");
    }

    @Test
    void proofRequestsOutsideTheLogAreRefusedWithAProblem() {
        HttpResponse<String> beyond = auditor.get("/v1/log/proofs/inclusion?seq=" + CALLS + "&treeSize=" + CALLS);
        assertEquals(400, beyond.statusCode());
        assertEquals("seq", new JsonObject(beyond.body()).getJsonArray("errors").getJsonObject(0).getString("field"));
        HttpResponse<String> noHead = auditor.get("/v1/log/proofs/consistency?from=1&to=" + (CALLS + 5));
        assertEquals(404, noHead.statusCode());
        assertTrue(noHead.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(400, auditor.get("/v1/log/proofs/inclusion?seq=-1").statusCode());
    }

    @Test
    void theFullLogExportVerifiesOfflineWithTheLatestOrWithEveryHead() throws IOException {
        Path file = exports.resolve("log.jsonl");
        auditor.download("/v1/log/export", file);
        VerifyReport report = EvidenceVerifier.verify(file, publicKey);
        assertEquals(List.of(), report.findings(), report.toText());
        assertEquals(CALLS, report.records());
        assertEquals(1, report.treeHeads());

        Path everyHead = exports.resolve("log-all-heads.jsonl");
        auditor.download("/v1/log/export?heads=all", everyHead);
        VerifyReport all = EvidenceVerifier.verify(everyHead, publicKey);
        assertEquals(List.of(), all.findings(), all.toText());
        assertEquals(allHeads().size(), all.treeHeads());
        assertEquals(all.treeHeads() - 1, all.consistencyProofs());
    }

    @Test
    void aCaseBundleVerifiesOfflineAndCarriesTheCaseItsNoticesHistoryAndEveryCallWithItsProof() throws IOException {
        // the case was listed straight into the tables; its history entry as the registry API would have written it
        node.execute("insert into registry_history (actor, actor_role, action, case_id, subject, after)"
                + " values ('court-a', 'court', 'case.registered', " + caseId + ", 'A-1', '{\"status\": \"active\"}')");
        Path file = exports.resolve("bundle.jsonl");
        auditor.download("/v1/cases/" + caseId + "/evidence-bundle", file);
        VerifyReport report = EvidenceVerifier.verify(file, publicKey);
        assertEquals(List.of(), report.findings(), report.toText());
        assertEquals(CALLS, report.records());
        assertEquals(CALLS, report.inclusionProofs());
        List<JsonObject> context = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(JsonObject::new)
                .filter(line -> "context".equals(line.getString("type"))).toList();
        JsonObject facts = context.get(0).getJsonObject("data");
        assertEquals("case", context.get(0).getString("kind"));
        assertEquals("A-1", facts.getString("caseNumber"));
        assertEquals(new JsonArray().add(NUMBER), facts.getJsonArray("numbers"));
        assertTrue(!facts.containsKey("debtorName"), "the debtor's identity stays in the registry");
        JsonObject notice = context.get(1).getJsonObject("data");
        assertEquals("notice", context.get(1).getString("kind"));
        assertEquals(node.stockNotice().sha256(), notice.getString("sha256"));
        assertEquals("registry_history", context.get(2).getString("kind"));
        assertEquals("case.registered", context.get(2).getJsonObject("data").getString("action"));
        assertEquals(3, context.size());

        assertEquals(404, auditor.get("/v1/cases/987654/evidence-bundle").statusCode());
    }

    @Test
    void verifyNamesARecordCutFromABundleAndAFieldNoSignatureCovers() throws IOException {
        Path file = exports.resolve("bundle-to-cut.jsonl");
        auditor.download("/v1/cases/" + caseId + "/evidence-bundle", file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        JsonObject caseIndex = lines.stream().map(JsonObject::new).filter(l -> "case_index".equals(l.getString("type")))
                .findFirst().orElseThrow();
        assertEquals(CALLS, caseIndex.getLong("count"), "the signed index counts every record of the case");

        // one record (and its proof) cut out: the proofs of the others still hold, the signed index names it
        List<String> cut = lines.stream().filter(l -> !(l.contains("\"seq\":4,") && (l.contains("\"type\":\"record\"")
                || l.contains("\"type\":\"inclusion\"")))).toList();
        assertEquals(lines.size() - 2, cut.size());
        Files.write(file, cut, StandardCharsets.UTF_8);
        VerifyReport report = EvidenceVerifier.verify(file, publicKey);
        assertEquals(List.of(org.defaulterivr.evidence.Finding.Kind.CASE_RECORD_MISSING),
                report.findings().stream().map(org.defaulterivr.evidence.Finding::kind).toList(), report.toText());
        assertEquals(4, report.findings().get(0).seqOrSize());
        assertTrue(report.findings().get(0).message().startsWith("record seq 4 of case " + caseId + " is missing"),
                report.toText());

        // the case index line cut as well: nothing shows the bundle complete any more
        Files.write(file, cut.stream().filter(l -> !l.contains("\"type\":\"case_index\"")).toList(),
                StandardCharsets.UTF_8);
        assertTrue(EvidenceVerifier.verify(file, publicKey).toText().contains("no verified case index entry"));

        // a field added to a record, which its leaf hash does not cover
        List<String> added = new ArrayList<>(lines);
        int record = added.indexOf(added.stream().filter(l -> l.contains("\"type\":\"record\"")).findFirst()
                .orElseThrow());
        added.set(record, added.get(record).replaceFirst("\\{", "{\"callerNumber\":\"+8613900000000\","));
        Files.write(file, added, StandardCharsets.UTF_8);
        VerifyReport unsigned = EvidenceVerifier.verify(file, publicKey);
        assertEquals(1, unsigned.findings().size(), unsigned.toText());
        assertEquals(org.defaulterivr.evidence.Finding.Kind.UNSIGNED_FIELD, unsigned.findings().get(0).kind());
        assertTrue(unsigned.findings().get(0).message().contains("field \"callerNumber\" is not covered"),
                unsigned.toText());
    }

    @Test
    void searchPagesThroughEveryRecordWithACursorAndFilters() {
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonObject page = auditor.json("/v1/evidence/search?limit=5"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            page.getJsonArray("records").forEach(r -> assertTrue(seen.add(((JsonObject) r).getString("callId"))));
            cursor = page.getString("next");
            pages++;
        } while (cursor != null);
        assertEquals(CALLS, seen.size());
        assertEquals(3, pages);

        assertEquals(PARTIAL, auditor.json("/v1/evidence/search?outcome=partial").getJsonArray("records").size());
        assertEquals(CALLS, auditor.json("/v1/evidence/search?case=" + caseId
                + "&court=court-a&calledNumber=%2B8613800000000").getJsonArray("records").size());
        assertEquals(0, auditor.json("/v1/evidence/search?case=" + (caseId + 1)).getJsonArray("records").size());
        assertEquals(0, auditor.json("/v1/evidence/search?from=2030-01-01T00:00:00Z").getJsonArray("records").size());
        JsonObject first = auditor.json("/v1/evidence/search?limit=1").getJsonArray("records").getJsonObject(0);
        assertEquals(0, first.getLong("seq"));
        assertEquals(64, first.getString("leafHash").length());

        HttpResponse<String> bad = auditor.get("/v1/evidence/search?outcome=maybe&limit=0&cursor=xyz&from=yesterday");
        assertEquals(400, bad.statusCode());
        assertEquals(4, new JsonObject(bad.body()).getJsonArray("errors").size(), bad.body());
    }

    @Test
    void csvAndJsonLinesExportsCarryEveryMatchingRecord() throws IOException {
        Path csv = exports.resolve("partial.csv");
        HttpResponse<Path> response = auditor.download("/v1/evidence/export?format=csv&outcome=partial", csv);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(PARTIAL + 1, lines.size());
        assertTrue(lines.get(0).startsWith("seq,leaf_hash,node_id,call_id,occurred_at"));
        assertTrue(lines.get(1).contains(",\"'+8613800000000\","), lines.get(1));
        assertTrue(lines.get(1).contains(",partial,"), lines.get(1));

        Path jsonl = exports.resolve("all.jsonl");
        auditor.download("/v1/evidence/export?format=jsonl", jsonl);
        List<JsonObject> records = Files.readAllLines(jsonl, StandardCharsets.UTF_8).stream().map(JsonObject::new)
                .toList();
        assertEquals(CALLS, records.size());
        assertEquals(caseId, records.get(0).getLong("caseId"));
    }

    @Test
    void statisticsCountNoticesByOutcomeAndDistinctCallersPerCaseAndCourt() {
        JsonObject stats = auditor.json("/v1/stats/cases/" + caseId);
        assertEquals(CALLS, stats.getLong("noticesAttempted"));
        assertEquals(PLAYED, stats.getLong("played"));
        assertEquals(PARTIAL, stats.getLong("partial"));
        assertEquals(FAILED, stats.getLong("failed") + stats.getLong("hungUp"));
        // the fixtures' callers: 'sipp' (no number) in the played calls, 13900000001 in the cancelled ones
        assertEquals(1, stats.getLong("distinctCallersReached"));
        assertEquals(PLAYED, stats.getLong("anonymousCallersReached"));
        assertTrue(Instant.parse(stats.getString("firstNotice")).isBefore(Instant.parse(stats.getString("lastNotice"))));
        assertEquals(stats.getLong("noticesAttempted"),
                auditor.json("/v1/stats/courts/court-a").getLong("noticesAttempted"));
        JsonObject none = auditor.json("/v1/stats/courts/no-such-court");
        assertEquals(0, none.getLong("noticesAttempted"));
        assertNull(none.getString("firstNotice"));
    }

    @Test
    void everyReadOfPersonalDataIsInTheAppendOnlyAccessLog() throws IOException {
        long before = node.count("select coalesce(max(id), 0) from access_log");
        auditor.json("/v1/evidence/search?outcome=played&limit=3");
        auditor.download("/v1/evidence/export?format=csv", exports.resolve("logged.csv"));
        auditor.json("/v1/stats/cases/" + caseId);
        auditor.json("/v1/log/tree-heads/latest"); // no personal data: not logged

        JsonArray entries = auditor.json("/v1/access-log?after=" + before).getJsonArray("entries");
        List<String> seen = new ArrayList<>();
        entries.forEach(e -> seen.add(((JsonObject) e).getString("action") + ":" + ((JsonObject) e).getString("phase")
                + ":" + ((JsonObject) e).getValue("records")));
        assertEquals(List.of("evidence.search:read:3", "evidence.export.csv:stream-started:null",
                "evidence.export.csv:stream-ended:" + CALLS, "stats.case:read:" + CALLS), seen);
        JsonObject search = entries.getJsonObject(0);
        String principal = search.getString("principal");
        assertTrue(principal.matches("token \\d+ \\(auditor\\)"), "who: the auditor's token: " + principal);
        assertEquals(1, auditor.json("/v1/access-log?after=" + before + "&principal="
                + java.net.URLEncoder.encode(principal, java.nio.charset.StandardCharsets.UTF_8))
                .getJsonArray("entries").stream().filter(e -> "stats.case".equals(((JsonObject) e).getString("action")))
                .count());
        assertEquals("played", search.getJsonObject("query").getJsonObject("params").getString("outcome"));
        assertEquals(entries.getJsonObject(1).getLong("id"), entries.getJsonObject(2).getLong("startedId"));

        long reads = node.count("select count(*) from access_log where action = 'access-log.read'");
        assertTrue(reads >= 1, "reading the access log is itself logged");
        AssertionError refused = assertThrows(AssertionError.class,
                () -> node.execute("update access_log set principal = 'someone-else'"));
        assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
        assertThrows(AssertionError.class, () -> node.execute("delete from access_log"));
    }

    @Test
    void onlyAuditorTokensReadTheEvidenceAndAnyTokenGetsThePublicKey() {
        AuditClient stranger = new AuditClient(node.httpPort(), "divr_not-a-token-000000000000000000000000");
        AuditClient carrier = new AuditClient(node.httpPort(),
                TestRegistry.token(new ApiClient(node.httpPort()), "carrier", null));
        assertEquals(401, stranger.get("/v1/log/public-key").statusCode());
        assertEquals(publicKey, carrier.get("/v1/log/public-key").body());
        for (String path : List.of("/v1/log/tree-heads/latest", "/v1/evidence/search", "/v1/log/export",
                "/v1/cases/" + caseId + "/evidence-bundle", "/v1/stats/courts/court-a", "/v1/access-log",
                "/v1/log/proofs/inclusion?seq=0")) {
            HttpResponse<String> refused = carrier.get(path);
            assertEquals(403, refused.statusCode(), path);
            assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertEquals(401, stranger.get(path).statusCode(), path);
        }
        assertEquals(404, auditor.get("/v1/no-such-thing").statusCode());
    }

    @Test
    void theLogIsAppendOnlyInTheDatabase() {
        for (String sql : List.of("update log_leaf set leaf_hash = leaf_hash", "delete from tree_head",
                "update evidence_record set heard_ms = 0", "delete from log_node", "truncate log_leaf",
                "truncate evidence_record")) {
            AssertionError refused = assertThrows(AssertionError.class, () -> node.execute(sql), sql);
            assertTrue(refused.getMessage().contains("append-only"), sql + ": " + refused.getMessage());
        }
        AssertionError gap = assertThrows(AssertionError.class, () -> node.execute(
                "insert into log_leaf (seq, occurred_at, node_id, call_id, leaf_hash) values (" + (CALLS + 1)
                        + ", now(), 'x', 'y', sha256('z'))"));
        assertTrue(gap.getMessage().contains("without gaps"), gap.getMessage());
    }
}
