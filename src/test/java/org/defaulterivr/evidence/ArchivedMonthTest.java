package org.defaulterivr.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.defaulterivr.database.Database;
import org.defaulterivr.evidence.Finding.Kind;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.AuditClient;
import org.defaulterivr.testing.EvidenceFactory;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.defaulterivr.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A month of evidence is exported, then its partition detached for the archive; the log's leaves stay. The archived
 * export and the continuation exported afterwards verify together, as one log (docs/evidence-log.md, "Archiving").
 */
class ArchivedMonthTest {

    @TempDir
    Path dir;

    private static void appendAll(TestNode node, List<EvidenceRecord> records) {
        records.forEach(r -> Await.result(node.service.evidence().append(r)));
    }

    private static long headSize(TestNode node) {
        return node.count("select coalesce(max(tree_size), -1) from tree_head");
    }

    @Test
    void anArchivedMonthAndTheRestOfTheLogVerifyTogether() throws IOException {
        Database database = TestDatabase.create("archive");
        TestNode node = TestNode.start(database, dir.resolve("data"), Map.of("evidence.tree.head.interval.ms", "50",
                "evidence.spool.fsync", "false", "api.admin.token", TestRegistry.ADMIN_TOKEN));
        try {
            AuditClient auditor = AuditClient.of(node);
            node.execute("select ensure_evidence_partitions('2025-01-01', 1)");
            List<EvidenceRecord> january = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                EvidenceRecord r = EvidenceFactory.record("node-j", "court-j", 5, i);
                january.add(new EvidenceRecord(r.nodeId(), r.callId(), Instant.parse("2025-01-10T10:00:00Z")
                        .plusSeconds(i), r.calledNumber(), r.callerPseudonym(), r.courtCode(), r.caseId(),
                        r.caseNumber(), r.noticeId(), r.noticeSha256(), r.outcome(), r.heardMs(), r.noticeMs()));
            }
            appendAll(node, january);
            Await.until(Duration.ofSeconds(10), () -> headSize(node) == 8);
            assertEquals(8, node.count("select count(*) from evidence_record_y2025m01"));

            // 1. before the partition goes: export the log as it is and keep the file with the archive
            Path archived = dir.resolve("archived-until-8.jsonl");
            auditor.download("/v1/log/export", archived);

            List<EvidenceRecord> later = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                later.add(EvidenceFactory.record("node-j", "court-j", 5, 100 + i));
            }
            appendAll(node, later);
            Await.until(Duration.ofSeconds(10), () -> headSize(node) == 13);

            // 2. detach (then dump and drop) the month: DDL, no row is updated or deleted
            node.execute("alter table evidence_record detach partition evidence_record_y2025m01");
            assertEquals(8, node.count("select count(*) from log_leaf where occurred_at < '2025-02-01'"),
                    "the leaves of the archived records stay in the log");
            String key = auditor.get("/v1/log/public-key").body();

            VerifyReport alone = EvidenceVerifier.verify(download(auditor, "/v1/log/export", "now.jsonl"), key);
            assertEquals(List.of(0L), alone.findings(Kind.RECORD_MISSING).stream().map(Finding::seqOrSize).toList(),
                    "on its own, today's full export lacks the archived records: " + alone.toText());

            // 3. the continuation from the archived export's head, verified together with it
            Path continuation = download(auditor, "/v1/log/export?from=8", "from-8.jsonl");
            List<String> together = new ArrayList<>(Files.readAllLines(archived, StandardCharsets.UTF_8));
            List<String> rest = Files.readAllLines(continuation, StandardCharsets.UTF_8);
            together.addAll(rest.subList(1, rest.size()));
            Path combined = Files.write(dir.resolve("combined.jsonl"), together, StandardCharsets.UTF_8);
            VerifyReport report = EvidenceVerifier.verify(combined, key);
            assertEquals(List.of(), report.findings(), report.toText());
            assertEquals(13, report.records());
            assertTrue(report.consistencyProofs() >= 1, "the continuation proves it extends the archived head");
        } finally {
            node.close();
            database.close();
        }
    }

    private Path download(AuditClient auditor, String path, String name) {
        Path file = dir.resolve(name);
        auditor.download(path, file);
        return file;
    }
}
