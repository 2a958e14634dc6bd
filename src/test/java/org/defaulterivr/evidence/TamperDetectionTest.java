package org.defaulterivr.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.defaulterivr.database.Database;
import org.defaulterivr.evidence.Finding.Kind;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.AuditClient;
import org.defaulterivr.testing.EvidenceFactory;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.defaulterivr.testing.TestRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone with full control of the database (a superuser, who can switch the append-only triggers off) changes the
 * evidence or the log; an export taken afterwards fails offline verification, naming what was done. Each test starts
 * from a clean log of {@value #RECORDS} records that verifies without findings.
 */
class TamperDetectionTest {
    private static final int RECORDS = 20;
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dataDir;
    @TempDir
    Path exports;
    Database database;
    TestNode node;
    AuditClient auditor;
    String publicKey;

    @BeforeEach
    void aCleanLogThatVerifies() throws IOException {
        database = TestDatabase.create("tamper");
        node = TestNode.start(database, dataDir, Map.of("evidence.tree.head.interval.ms", "50",
                "evidence.spool.fsync", "false", "api.admin.token", TestRegistry.ADMIN_TOKEN));
        auditor = AuditClient.of(node);
        for (int i = 0; i < RECORDS; i++) {
            Await.result(node.service.evidence().append(EvidenceFactory.record("node-t", "court-t", 42, i)));
        }
        Await.until(Duration.ofSeconds(20), () -> node.count(
                "select coalesce(max(tree_size), 0) from tree_head") == RECORDS);
        publicKey = auditor.get("/v1/log/public-key").body();
        VerifyReport clean = export("clean");
        assertEquals(List.of(), clean.findings(), clean.toText());
        assertEquals(RECORDS, clean.records());
    }

    @AfterEach
    void stop() {
        node.close();
        database.close();
    }

    private VerifyReport export(String name) throws IOException {
        Path file = exports.resolve(name + ".jsonl");
        auditor.download("/v1/log/export", file);
        VerifyReport report = EvidenceVerifier.verify(file, publicKey);
        System.out.println("--- " + name + "\n" + report.toText());
        return report;
    }

    private String callIdAt(long seq) {
        return node.rows("select call_id from log_leaf where seq = " + seq).get(0).getString("call_id");
    }

    private static List<Long> at(VerifyReport report, Kind kind) {
        return report.findings(kind).stream().map(Finding::seqOrSize).collect(Collectors.toList());
    }

    @Test
    void aFieldChangedInAnEvidenceRowIsNamedByItsSeq() throws IOException {
        node.execute("alter table evidence_record disable trigger user",
                "update evidence_record set heard_ms = heard_ms + 1000 where call_id = '" + callIdAt(7) + "'");

        VerifyReport report = export("altered");
        assertEquals(List.of(7L), at(report, Kind.RECORD_ALTERED), report.toText());
        assertEquals(List.of((long) RECORDS), at(report, Kind.HEAD_ROOT_MISMATCH), report.toText());
        assertTrue(report.findings(Kind.RECORD_ALTERED).get(0).message().contains("seq 7"), report.toText());
    }

    @Test
    void aDeletedEvidenceRowIsNamedAsMissing() throws IOException {
        node.execute("alter table evidence_record disable trigger user",
                "delete from evidence_record where call_id = '" + callIdAt(11) + "'");

        VerifyReport report = export("deleted");
        assertEquals(List.of(11L), at(report, Kind.RECORD_MISSING), report.toText());
        assertEquals(RECORDS - 1, report.records());
        assertEquals(List.of((long) RECORDS), at(report, Kind.HEAD_ROOT_MISMATCH), report.toText());
    }

    @Test
    void twoSwappedSequenceNumbersAreBothNamed() throws IOException {
        node.execute("alter table log_leaf disable trigger user",
                "update log_leaf set seq = 1000000 where seq = 3",
                "update log_leaf set seq = 3 where seq = 15",
                "update log_leaf set seq = 15 where seq = 1000000");

        VerifyReport report = export("swapped");
        assertEquals(List.of(3L, 15L), at(report, Kind.RECORD_ALTERED), report.toText());
        assertEquals(List.of((long) RECORDS), at(report, Kind.HEAD_ROOT_MISMATCH), report.toText());
    }

    @Test
    void aRecordSlippedIntoTheMiddleOfTheLogIsCaughtByTheRecordsItDisplaces() throws IOException {
        // a forged record at seq 9 with a leaf hash made the way the service makes them; the rest moved up one
        EvidenceRecord forged = EvidenceFactory.record("node-t", "court-t", 42, 99);
        byte[] leaf = LeafEncoding.leafHash(9, forged);
        Instant at = forged.occurredAt();
        node.execute("alter table log_leaf disable trigger user",
                "update log_leaf set seq = seq + 1000000 where seq >= 9",
                "update log_leaf set seq = seq - 999999 where seq >= 1000000",
                "insert into evidence_record (node_id, call_id, occurred_at, called_number, caller_pseudonym,"
                        + " court_code, case_id, case_number, notice_id, notice_sha256, outcome, heard_ms, notice_ms)"
                        + " values ('node-t', '" + forged.callId() + "', '" + at + "', '" + forged.calledNumber()
                        + "', '" + forged.callerPseudonym() + "', 'court-t', 42, 'CASE-42', 1, '" + "ab".repeat(32)
                        + "', '" + forged.outcome().wireName() + "', " + forged.heardMs() + ", 30000)",
                "insert into log_leaf (seq, occurred_at, node_id, call_id, leaf_hash) values (9, '" + at
                        + "', 'node-t', '" + forged.callId() + "', '\\x" + HEX.formatHex(leaf) + "')");

        VerifyReport report = export("inserted");
        List<Long> altered = at(report, Kind.RECORD_ALTERED);
        assertEquals(10L, altered.get(0), "the first record displaced by the insertion: " + report.toText());
        assertEquals(RECORDS - 10, altered.size(), report.toText());
        assertEquals(List.of((long) RECORDS), at(report, Kind.HEAD_ROOT_MISMATCH), report.toText());
    }

    @Test
    void aSecondRecordUnderAnExistingSeqIsNamedAsADuplicate() throws IOException {
        EvidenceRecord forged = EvidenceFactory.record("node-t", "court-t", 42, 98);
        node.execute("alter table log_leaf drop constraint log_leaf_pkey",
                "insert into evidence_record (node_id, call_id, occurred_at, called_number, caller_pseudonym,"
                        + " court_code, case_id, case_number, notice_id, notice_sha256, outcome, heard_ms, notice_ms)"
                        + " values ('node-t', '" + forged.callId() + "', '" + forged.occurredAt() + "', '+8600', 'x',"
                        + " 'court-t', 42, 'CASE-42', 1, '" + "ab".repeat(32) + "', 'played', 1, 30000)",
                "alter table log_leaf disable trigger user",
                "insert into log_leaf (seq, occurred_at, node_id, call_id, leaf_hash) values (5, '"
                        + forged.occurredAt() + "', 'node-t', '" + forged.callId() + "', sha256('forged'))");

        VerifyReport report = export("duplicated");
        assertEquals(List.of(5L), at(report, Kind.RECORD_DUPLICATED), report.toText());
    }

    @Test
    void aReplacedTreeHeadFailsItsSignature() throws IOException {
        SignedTreeHead impostor = TreeHeadSigner.generate().sign(RECORDS, new byte[32], Instant.now());
        node.execute("alter table tree_head disable trigger user",
                "update tree_head set root_hash = '\\x" + HEX.formatHex(impostor.rootHash()) + "', signature = '\\x"
                        + HEX.formatHex(impostor.signature()) + "' where tree_size = " + RECORDS);

        VerifyReport report = export("replaced-head");
        assertEquals(List.of((long) RECORDS), at(report, Kind.HEAD_BAD_SIGNATURE), report.toText());
        assertEquals(List.of(0L), at(report, Kind.RECORD_NOT_COVERED), report.toText());
    }
}
