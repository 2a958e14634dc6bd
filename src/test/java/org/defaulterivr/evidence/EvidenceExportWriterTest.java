package org.defaulterivr.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.defaulterivr.evidence.merkle.TreeHasher;
import org.junit.jupiter.api.Test;

class EvidenceExportWriterTest {

    @Test
    void writesOneJsonObjectPerLineInTheDocumentedShape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] root = TreeHasher.leafHash(new byte[0]);
        SignedTreeHead head = new SignedTreeHead(8, root, Instant.parse("2025-06-03T00:00:08.5Z"), new byte[] {1, 2, 3});
        try (EvidenceExportWriter writer = EvidenceExportWriter.start(out, ExportScope.FULL)) {
            writer.writeTreeHead(head);
            writer.writeConsistencyProof(6, 8, List.of(root, root));
            writer.writeInclusionProof(7, 8, List.of());
            writer.writeRecord(7, EvidenceSamples.documentedExample());
        }
        String text = out.toString(StandardCharsets.UTF_8);
        String rootHex = "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d";
        assertEquals("""
                {"type":"header","format":"defaulter-ivr-evidence-log","version":1,"scope":"full"}
                {"type":"tree_head","treeSize":8,"rootHash":"%1$s","timestamp":"2025-06-03T00:00:08.500Z","signature":"AQID"}
                {"type":"consistency","fromSize":6,"toSize":8,"proof":["%1$s","%1$s"]}
                {"type":"inclusion","seq":7,"treeSize":8,"proof":[]}
                {"type":"record","seq":7,"nodeId":"node-1","callId":"1700000000.42","occurredAt":"2025-03-14T09:26:53.589793Z",\
                "calledNumber":"+254700000001","callerPseudonym":"h:3f9a1c:0042","courtCode":"MSA-HC","caseId":4711,\
                "caseNumber":"E123/2024 (Mombasa \u2013 Likoni)","noticeId":3,\
                "noticeSha256":"9368a7d21e018f64ae3327d2f25cd4d7693b2d85328e4bb680bcfcbd4c26b90e","outcome":"partial",\
                "heardMs":4200,"noticeMs":31000,"leafHash":"527a64095b83f1388e28fdd58d62c1a5dd5cde4172d9d885fbc1a7ccc7382bb9"}
                """.formatted(rootHex), text);
    }

    @Test
    void recordsKeepTheirStoredLeafHashAndCanBeReadBack() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] stored = new byte[32];
        try (EvidenceExportWriter writer = EvidenceExportWriter.start(out, ExportScope.SELECTION)) {
            writer.writeRecord(7, EvidenceSamples.documentedExample(), stored);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines[0].endsWith("\"scope\":\"selection\"}"));
        ExportLine.RecordLine record = (ExportLine.RecordLine) ExportLineParser.parse(lines[1]);
        assertEquals(7, record.seq());
        assertEquals(LeafEncoding.truncateToMicros(EvidenceSamples.documentedExample().occurredAt()),
                record.record().occurredAt());
        assertEquals(EvidenceSamples.documentedExample().caseNumber(), record.record().caseNumber());
        assertEquals("00".repeat(32), java.util.HexFormat.of().formatHex(record.storedLeafHash()));
    }
}
