package org.defaulterivr.evidence;

import static org.defaulterivr.evidence.ExportFixture.consistencyLine;
import static org.defaulterivr.evidence.ExportFixture.headLine;
import static org.defaulterivr.evidence.ExportFixture.headLineFor;
import static org.defaulterivr.evidence.ExportFixture.parse;
import static org.defaulterivr.evidence.ExportFixture.recordLine;
import static org.defaulterivr.evidence.ExportFixture.recordLineFor;
import static org.defaulterivr.evidence.ExportFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.defaulterivr.evidence.Finding.Kind;
import org.defaulterivr.evidence.merkle.MerkleTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceVerifierTest {

    private static final long[] HEADS = {20, 35, 50};
    private static final ExportFixture LOG = new ExportFixture(TreeHeadSigner.generate(), EvidenceSamples.records(50));

    @TempDir
    Path dir;

    private static List<String> clean() {
        return LOG.fullExport(HEADS, 0, 17, 49);
    }

    private VerifyReport verify(List<String> lines) throws IOException {
        return LOG.verify(lines, dir);
    }

    // ---- a clean export

    @Test
    void aCleanExportHasNoFindings() throws IOException {
        VerifyReport report = verify(clean());
        assertEquals(List.of(), report.findings());
        assertTrue(report.ok());
        assertEquals(50, report.records());
        assertEquals(3, report.treeHeads());
        assertEquals(2, report.consistencyProofs());
        assertEquals(3, report.inclusionProofs());
        assertTrue(report.toText().contains("OK: every check passed."), report.toText());
    }

    @Test
    void aCleanExportReadFromAStreamHasNoFindings() throws IOException {
        byte[] bytes = (String.join("\n", clean()) + "\n").getBytes(StandardCharsets.UTF_8);
        VerifyReport report = EvidenceVerifier.verify(new ByteArrayInputStream(bytes), LOG.signer.publicKeyPem());
        assertEquals(List.of(), report.findings());
    }

    @Test
    void anEmptyLogWithASignedHeadOfSizeZeroIsClean() throws IOException {
        ExportFixture empty = new ExportFixture(LOG.signer, List.of());
        assertEquals(List.of(), verify(empty.fullExport(new long[] {0})).findings());
    }

    @Test
    void recordsInReverseOrderStillReproduceEveryRootButAreReportedOutOfOrder() throws IOException {
        List<String> lines = clean();
        int first = recordLine(lines, 0);
        Collections.reverse(lines.subList(first, lines.size()));
        VerifyReport report = verify(lines);
        assertEquals(Set.of(Kind.RECORD_OUT_OF_ORDER), kinds(report));
        assertEquals(49, report.findings().size());
    }

    // ---- tampered records

    @Test
    void aChangedFieldNamesTheRecordAndEveryHeadCoveringIt() throws IOException {
        List<String> lines = clean();
        ObjectNode record = parse(lines.get(recordLine(lines, 17)));
        assertEquals("partial", record.get("outcome").asText());
        record.put("outcome", "played");
        lines.set(recordLine(lines, 17), write(record));

        VerifyReport report = verify(lines);
        assertEquals(List.of(17L), at(report, Kind.RECORD_ALTERED));
        assertTrue(report.findings(Kind.RECORD_ALTERED).get(0).message().startsWith("record seq 17 (line "));
        assertEquals(List.of(20L, 35L, 50L), at(report, Kind.HEAD_ROOT_MISMATCH));
        assertEquals(List.of(17L), at(report, Kind.INCLUSION_PROOF_FAILED));
        assertEquals(Set.of(Kind.RECORD_ALTERED, Kind.HEAD_ROOT_MISMATCH, Kind.INCLUSION_PROOF_FAILED), kinds(report));
        assertTrue(report.findings(Kind.HEAD_ROOT_MISMATCH).get(0).message()
                .endsWith("the root of records 0..19 as exported"), report.toText());
    }

    @Test
    void aChangedChannelOrProbeFlagOfAVersion2RecordIsCaughtAndVersion1RecordsBesideItVerify() throws IOException {
        List<String> clean = clean();
        ObjectNode v1 = parse(clean.get(recordLine(clean, 3)));
        assertTrue(!v1.has("leafVersion"), "the log's first records are of leaf version 1");
        for (String field : List.of("channel", "probe", "asteriskHost", "listingVersion")) {
            List<String> lines = clean();
            ObjectNode record = parse(lines.get(recordLine(lines, 40)));
            assertEquals(2, record.get("leafVersion").asInt());
            switch (field) {
                case "probe" -> record.put("probe", !record.get("probe").asBoolean());
                case "listingVersion" -> record.put("listingVersion", record.get("listingVersion").asLong() + 1);
                default -> record.put(field, record.get(field).asText() + "x");
            }
            lines.set(recordLine(lines, 40), write(record));
            VerifyReport report = verify(lines);
            assertEquals(List.of(40L), at(report, Kind.RECORD_ALTERED), field);
        }
    }

    @Test
    void aChangedFieldWithARecomputedLeafHashIsStillCaughtByTheSignedRoots() throws IOException {
        List<String> lines = clean();
        EvidenceRecord original = LOG.records.get(17);
        EvidenceRecord forged = new EvidenceRecord(original.nodeId(), original.callId(), original.occurredAt(),
                original.calledNumber(), original.callerPseudonym(), original.courtCode(), original.caseId(),
                original.caseNumber(), original.noticeId(), original.noticeSha256(), NoticeOutcome.PLAYED,
                original.noticeMs(), original.noticeMs());
        lines.set(recordLine(lines, 17), recordLineFor(17, forged));

        VerifyReport report = verify(lines);
        assertEquals(List.of(20L, 35L, 50L), at(report, Kind.HEAD_ROOT_MISMATCH));
        assertEquals(List.of(17L), at(report, Kind.INCLUSION_PROOF_FAILED));
        assertEquals(Set.of(Kind.HEAD_ROOT_MISMATCH, Kind.INCLUSION_PROOF_FAILED), kinds(report));
    }

    @Test
    void aDeletedRecordIsNamedAsMissing() throws IOException {
        List<String> lines = clean();
        lines.remove(recordLine(lines, 17));

        VerifyReport report = verify(lines);
        assertEquals(List.of(17L), at(report, Kind.RECORD_MISSING));
        assertEquals("record seq 17 is missing (removed)", report.findings(Kind.RECORD_MISSING).get(0).message());
        assertEquals(List.of(20L, 35L, 50L), at(report, Kind.HEAD_ROOT_MISMATCH));
        assertTrue(report.findings(Kind.HEAD_ROOT_MISMATCH).get(0).message()
                .endsWith("cannot be recomputed from the records: record seq 17 is missing or unreadable"));
        assertEquals(List.of(17L), at(report, Kind.INCLUSION_PROOF_FAILED));
        assertEquals(Set.of(Kind.RECORD_MISSING, Kind.HEAD_ROOT_MISMATCH, Kind.INCLUSION_PROOF_FAILED), kinds(report));
    }

    @Test
    void deletedTrailingRecordsAreNamedAsOneRun() throws IOException {
        List<String> lines = clean();
        lines.subList(recordLine(lines, 45), lines.size()).clear();

        VerifyReport report = verify(lines);
        assertEquals(List.of(45L), at(report, Kind.RECORD_MISSING));
        assertEquals("records seq 45 to 49 are missing (5 records removed)",
                report.findings(Kind.RECORD_MISSING).get(0).message());
        assertEquals(List.of(50L), at(report, Kind.HEAD_ROOT_MISMATCH));
        assertEquals(List.of(49L), at(report, Kind.INCLUSION_PROOF_FAILED));
    }

    @Test
    void anInsertedRecordWithAnExistingSeqIsNamedAsDuplicate() throws IOException {
        List<String> lines = clean();
        EvidenceRecord fake = EvidenceSamples.records(51).get(50);
        lines.add(recordLine(lines, 30) + 1, recordLineFor(30, fake));

        VerifyReport report = verify(lines);
        assertEquals(1, report.findings().size(), report.toText());
        assertEquals(List.of(30L), at(report, Kind.RECORD_DUPLICATED));
    }

    @Test
    void anAppendedRecordNoHeadCoversIsNamed() throws IOException {
        List<String> lines = clean();
        lines.add(recordLineFor(50, EvidenceSamples.records(51).get(50)));

        VerifyReport report = verify(lines);
        assertEquals(1, report.findings().size(), report.toText());
        assertEquals(List.of(50L), at(report, Kind.RECORD_NOT_COVERED));
        assertTrue(report.findings().get(0).message().contains("the largest validly signed tree head has size 50"));
    }

    @Test
    void aRecordInsertedInTheMiddleWithTheRestRenumberedBreaksTheLaterHeads() throws IOException {
        List<String> lines = clean();
        int at = recordLine(lines, 25);
        List<String> renumbered = new ArrayList<>(lines.subList(0, at));
        renumbered.add(recordLineFor(25, EvidenceSamples.records(51).get(50)));
        for (int seq = 25; seq < 50; seq++) {
            renumbered.add(recordLineFor(seq + 1, LOG.records.get(seq))); // a careful forger recomputes leaf hashes
        }

        VerifyReport report = verify(renumbered);
        assertEquals(List.of(35L, 50L), at(report, Kind.HEAD_ROOT_MISMATCH));
        assertEquals(List.of(50L), at(report, Kind.RECORD_NOT_COVERED));
        assertEquals(List.of(49L), at(report, Kind.INCLUSION_PROOF_FAILED));
        assertEquals(Set.of(Kind.HEAD_ROOT_MISMATCH, Kind.RECORD_NOT_COVERED, Kind.INCLUSION_PROOF_FAILED),
                kinds(report));
    }

    @Test
    void swappedSeqsOfTwoRecordsAreNamedWithTheirOriginalSeqs() throws IOException {
        List<String> lines = clean();
        int line10 = recordLine(lines, 10);
        int line11 = recordLine(lines, 11);
        ObjectNode ten = parse(lines.get(line10));
        ObjectNode eleven = parse(lines.get(line11));
        ten.put("seq", 11);
        eleven.put("seq", 10);
        lines.set(line10, write(ten));
        lines.set(line11, write(eleven));

        VerifyReport report = verify(lines);
        assertEquals(List.of(11L, 10L), at(report, Kind.RECORD_ALTERED));
        assertTrue(report.findings(Kind.RECORD_ALTERED).get(0).message()
                .endsWith("the record's seq was changed from 10 to 11"), report.toText());
        assertTrue(report.findings(Kind.RECORD_ALTERED).get(1).message()
                .endsWith("the record's seq was changed from 11 to 10"), report.toText());
        assertEquals(List.of(10L), at(report, Kind.RECORD_OUT_OF_ORDER));
        assertEquals(List.of(20L, 35L, 50L), at(report, Kind.HEAD_ROOT_MISMATCH));
    }

    @Test
    void swappedRecordLinesAreNamedAsOutOfOrderAndNothingElse() throws IOException {
        List<String> lines = clean();
        Collections.swap(lines, recordLine(lines, 10), recordLine(lines, 11));

        VerifyReport report = verify(lines);
        assertEquals(1, report.findings().size(), report.toText());
        assertEquals(List.of(10L), at(report, Kind.RECORD_OUT_OF_ORDER));
        assertTrue(report.findings().get(0).message().contains("comes after record seq 11"));
    }

    // ---- tampered tree heads

    @Test
    void aReplacedRootBreaksItsSignatureAndNoLongerMatchesTheRecords() throws IOException {
        List<String> lines = clean();
        ObjectNode head = parse(lines.get(headLine(lines, 35)));
        head.put("rootHash", HexFormat.of().formatHex(MerkleTree.rootHash(LOG.leafHashes(), 34)));
        lines.set(headLine(lines, 35), write(head));

        VerifyReport report = verify(lines);
        assertEquals(List.of(35L), at(report, Kind.HEAD_BAD_SIGNATURE));
        assertEquals(List.of(35L), at(report, Kind.HEAD_ROOT_MISMATCH));
        assertEquals(List.of(35L, 50L), at(report, Kind.HEADS_INCONSISTENT), report.toText());
        assertEquals(Set.of(Kind.HEAD_BAD_SIGNATURE, Kind.HEAD_ROOT_MISMATCH, Kind.HEADS_INCONSISTENT), kinds(report));
    }

    @Test
    void aCorruptedSignatureIsNamedAndNothingElseIsBlamed() throws IOException {
        List<String> lines = clean();
        ObjectNode head = parse(lines.get(headLine(lines, 20)));
        String signature = head.get("signature").asText();
        head.put("signature", (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1));
        lines.set(headLine(lines, 20), write(head));

        VerifyReport report = verify(lines);
        assertEquals(1, report.findings().size(), report.toText());
        assertEquals(List.of(20L), at(report, Kind.HEAD_BAD_SIGNATURE));
        assertEquals("tree head of size 20 (line 2): its signature does not verify with the given public key",
                report.findings().get(0).message());
    }

    @Test
    void aHeadSignedWithAnotherKeyIsNamedAndTheRecordsOnlyItCoveredAreUncovered() throws IOException {
        List<String> lines = clean();
        ExportFixture impostor = new ExportFixture(TreeHeadSigner.generate(), LOG.records);
        lines.set(headLine(lines, 50), headLineFor(impostor.head(50)));

        VerifyReport report = verify(lines);
        assertEquals(List.of(50L), at(report, Kind.HEAD_BAD_SIGNATURE));
        assertEquals(List.of(35L), at(report, Kind.RECORD_NOT_COVERED));
        assertEquals("15 records from seq 35 to 49 are not covered by any validly signed tree head "
                + "(the largest validly signed tree head has size 35)",
                report.findings(Kind.RECORD_NOT_COVERED).get(0).message());
        assertEquals(Set.of(Kind.HEAD_BAD_SIGNATURE, Kind.RECORD_NOT_COVERED), kinds(report));
    }

    @Test
    void aLaterHeadFromAForkedHistoryFailsItsConsistencyProof() throws IOException {
        ExportFixture fork = forkAt(30); // differs from the head of size 35, which the fork's head of 50 should extend
        List<String> lines = clean();
        lines.set(headLine(lines, 50), headLineFor(fork.head(50)));
        lines.set(consistencyLine(lines, 50), consistencyLineFor(35, 50,
                MerkleTree.consistencyProof(fork.leafHashes(), 35, 50)));

        VerifyReport report = verify(lines);
        assertEquals(List.of(50L), at(report, Kind.HEADS_INCONSISTENT), report.toText());
        assertTrue(report.findings(Kind.HEADS_INCONSISTENT).get(0).message().startsWith(
                "tree heads of sizes 35 (line 3) and 50 (line 4) are not consistent: the consistency proof on line 6"));
        assertEquals(List.of(50L), at(report, Kind.HEAD_ROOT_MISMATCH));
        assertEquals(List.of(0L, 17L, 49L), at(report, Kind.INCLUSION_PROOF_FAILED));
        assertEquals(Set.of(Kind.HEADS_INCONSISTENT, Kind.HEAD_ROOT_MISMATCH, Kind.INCLUSION_PROOF_FAILED),
                kinds(report));
    }

    @Test
    void aLaterHeadThatExtendsTheEarlierOnesButNotTheRecordsBlamesOnlyThatHead() throws IOException {
        // Records 35..49 or the head of size 50 were changed; nothing in the export can tell which.
        ExportFixture fork = forkAt(40);
        List<String> lines = clean();
        lines.set(headLine(lines, 50), headLineFor(fork.head(50)));
        lines.set(consistencyLine(lines, 50), consistencyLineFor(35, 50,
                MerkleTree.consistencyProof(fork.leafHashes(), 35, 50)));

        VerifyReport report = verify(lines);
        assertEquals(List.of(50L), at(report, Kind.HEAD_ROOT_MISMATCH));
        assertEquals(List.of(0L, 17L, 49L), at(report, Kind.INCLUSION_PROOF_FAILED));
        assertEquals(Set.of(Kind.HEAD_ROOT_MISMATCH, Kind.INCLUSION_PROOF_FAILED), kinds(report));
    }

    @Test
    void anEarlierHeadFromAForkedHistoryIsCaughtByRecomputationWithoutProofs() throws IOException {
        ExportFixture fork = forkAt(5);
        List<String> lines = LOG.fullExport(HEADS);
        lines.removeIf(line -> line.contains("\"type\":\"consistency\""));
        lines.set(headLine(lines, 20), headLineFor(fork.head(20)));

        VerifyReport report = verify(lines);
        assertEquals(List.of(20L), at(report, Kind.HEAD_ROOT_MISMATCH));
        assertEquals(List.of(35L), at(report, Kind.HEADS_INCONSISTENT), report.toText());
        assertTrue(report.findings(Kind.HEADS_INCONSISTENT).get(0).message().startsWith(
                "tree heads of sizes 20 (line 2) and 35 (line 3) are not consistent: the records reproduce"));
        assertEquals(Set.of(Kind.HEAD_ROOT_MISMATCH, Kind.HEADS_INCONSISTENT), kinds(report));
    }

    @Test
    void twoValidlySignedHeadsOfOneSizeWithDifferentRootsAreAFork() throws IOException {
        List<String> lines = clean();
        lines.add(headLine(lines, 35) + 1, headLineFor(forkAt(30).head(35)));

        VerifyReport report = verify(lines);
        assertEquals(List.of(35L, 50L), at(report, Kind.HEADS_INCONSISTENT));
        assertEquals("tree heads of size 35 on lines 3 and 4 are both validly signed but have different roots: "
                + "the log was forked", report.findings(Kind.HEADS_INCONSISTENT).get(0).message());
        assertTrue(report.findings(Kind.HEADS_INCONSISTENT).get(1).message()
                .startsWith("tree heads of sizes 35 (line 4) and 50 (line 5) are not consistent"), report.toText());
        assertEquals(List.of(35L), at(report, Kind.HEAD_ROOT_MISMATCH));
    }

    @Test
    void anExportWithoutTreeHeadsVouchesForNothing() throws IOException {
        List<String> lines = clean();
        lines.removeIf(line -> !line.contains("\"type\":\"record\"") && !line.contains("\"type\":\"header\""));

        VerifyReport report = verify(lines);
        assertEquals(List.of(0L), at(report, Kind.NO_TREE_HEAD));
        assertEquals(List.of(0L), at(report, Kind.RECORD_NOT_COVERED));
        assertEquals(Set.of(Kind.NO_TREE_HEAD, Kind.RECORD_NOT_COVERED), kinds(report));
    }

    // ---- selections: some records, each with an inclusion proof

    @Test
    void aSelectionWithInclusionProofsIsCoveredButWithoutACaseIndexNotShownComplete() throws IOException {
        List<String> lines = LOG.export(ExportScope.SELECTION, new long[] {35, 50}, new long[] {17, 33},
                new long[] {17, 33});
        VerifyReport report = verify(lines);
        // every record is proven; what is missing is the signed case index that would show no record was left out
        assertEquals(Set.of(Kind.CASE_RECORD_MISSING), kinds(report), report.toText());
        assertTrue(report.findings().get(0).message().contains("no verified case index entry"), report.toText());
    }

    @Test
    void aSelectedRecordWithoutProofOrWithAFailingProofIsNotCovered() throws IOException {
        List<String> lines = LOG.export(ExportScope.SELECTION, new long[] {50}, new long[] {17}, new long[] {17, 33});
        ObjectNode record = parse(lines.get(recordLine(lines, 17)));
        record.put("heardMs", 1);
        lines.set(recordLine(lines, 17), write(record));

        VerifyReport report = verify(lines);
        assertEquals(List.of(17L), at(report, Kind.RECORD_ALTERED));
        assertEquals(List.of(17L), at(report, Kind.INCLUSION_PROOF_FAILED));
        assertEquals(List.of(17L, 33L), at(report, Kind.RECORD_NOT_COVERED));
        assertEquals("record seq 33 has no inclusion proof against a validly signed tree head",
                report.findings(Kind.RECORD_NOT_COVERED).get(1).message());
    }

    @Test
    void headsAloneAreCheckedForConsistency() throws IOException {
        List<String> lines = LOG.export(ExportScope.SELECTION, HEADS, new long[0], new long[0]);
        assertEquals(List.of(), verify(lines).findings());
        lines.set(headLine(lines, 50), headLineFor(forkAt(45).head(50)));
        assertEquals(List.of(50L), at(verify(lines), Kind.HEADS_INCONSISTENT));
    }

    // ---- lines that cannot be read

    @Test
    void aMissingFieldIsNamedWithItsLine() throws IOException {
        List<String> lines = clean();
        int index = recordLine(lines, 12);
        ObjectNode record = parse(lines.get(index));
        record.remove("outcome");
        lines.set(index, write(record));

        VerifyReport report = verify(lines);
        assertEquals(List.of((long) index + 1), at(report, Kind.MALFORMED));
        assertEquals("line " + (index + 1) + ": record seq 12: field `outcome` is missing",
                report.findings(Kind.MALFORMED).get(0).message());
        // the record is unreadable, so no head covering it can be recomputed; it is not reported as removed
        assertEquals(List.of(20L, 35L, 50L), at(report, Kind.HEAD_ROOT_MISMATCH));
        assertEquals(List.of(), at(report, Kind.RECORD_MISSING));
    }

    @Test
    void linesThatAreNotExportLinesAreMalformed() throws IOException {
        List<String> lines = clean();
        lines.add("{\"type\":\"record\"");
        lines.add("{\"type\":\"gossip\"}");
        lines.add("{\"type\":\"tree_head\",\"treeSize\":50,\"treeSize\":51}");
        lines.add("{\"type\":\"tree_head\",\"treeSize\":\"50\"}");
        lines.add("");

        VerifyReport report = verify(lines);
        List<String> messages = report.findings(Kind.MALFORMED).stream().map(Finding::message).toList();
        assertEquals(5, messages.size(), report.toText());
        assertTrue(messages.get(0).startsWith("line 60: not valid JSON"), messages.get(0));
        assertEquals("line 61: unknown type \"gossip\"", messages.get(1));
        assertTrue(messages.get(2).startsWith("line 62: not valid JSON (Duplicate field 'treeSize')"), messages.get(2));
        assertEquals("line 63: tree head: field `treeSize` must be an integer (64-bit)", messages.get(3));
        assertEquals("line 64: not a JSON object", messages.get(4));
        assertEquals(Set.of(Kind.MALFORMED), kinds(report));
    }

    @Test
    void anExportWithoutItsHeaderOrOfAnotherVersionIsNotRead() throws IOException {
        List<String> lines = clean();
        VerifyReport headless = verify(lines.subList(1, lines.size()));
        assertEquals(List.of(1L), at(headless, Kind.UNSUPPORTED_FORMAT));
        assertEquals(1, headless.findings().size());

        ObjectNode header = parse(lines.get(0));
        header.put("version", 2);
        lines.set(0, write(header));
        VerifyReport future = verify(lines);
        assertEquals(1, future.findings().size());
        assertTrue(future.findings().get(0).message().contains("version 2 is not defaulter-ivr-evidence-log version 1"));
    }

    @Test
    void manyFindingsOfOneKindAreCappedWithACount() throws IOException {
        ExportFixture big = new ExportFixture(LOG.signer, EvidenceSamples.records(EvidenceVerifier.FINDINGS_PER_KIND + 11));
        List<String> lines = big.fullExport(new long[] {big.records.size()});
        Collections.reverse(lines.subList(recordLine(lines, 0), lines.size()));

        VerifyReport report = verify(lines);
        assertEquals(EvidenceVerifier.FINDINGS_PER_KIND + 1, report.findings().size());
        assertEquals("10 more findings of kind RECORD_OUT_OF_ORDER are not listed",
                report.findings().get(EvidenceVerifier.FINDINGS_PER_KIND).message());
    }

    @Test
    void theReportPrintsEachFindingOnItsOwnLine() throws IOException {
        List<String> lines = clean();
        lines.remove(recordLine(lines, 49));
        String text = verify(lines).toText();
        assertTrue(text.startsWith("Read 49 records, 3 signed tree heads, 2 consistency proofs, 3 inclusion proofs.\n"
                + "FAILED: 3 problems found.\n"), text);
        assertTrue(text.contains("\n  [RECORD_MISSING] record seq 49 is missing (removed)\n"), text);
    }

    // ---- helpers

    /** The same records except for one changed at {@code seq}, signed with the log's own key: a forked history. */
    private static ExportFixture forkAt(int seq) {
        List<EvidenceRecord> records = new ArrayList<>(LOG.records);
        EvidenceRecord r = records.get(seq);
        records.set(seq, new EvidenceRecord(r.nodeId(), r.callId(), r.occurredAt(), r.calledNumber(),
                r.callerPseudonym(), r.courtCode(), r.caseId(), "WITHDRAWN", r.noticeId(), r.noticeSha256(),
                r.outcome(), r.heardMs(), r.noticeMs()));
        return new ExportFixture(LOG.signer, records);
    }

    private static String consistencyLineFor(long from, long to, List<byte[]> proof) {
        ObjectNode node = ExportFixture.JSON.createObjectNode();
        node.put("type", "consistency");
        node.put("fromSize", from);
        node.put("toSize", to);
        proof.forEach(hash -> node.withArray("proof").add(HexFormat.of().formatHex(hash)));
        return write(node);
    }

    private static List<Long> at(VerifyReport report, Kind kind) {
        return report.findings(kind).stream().map(Finding::seqOrSize).toList();
    }

    private static Set<Kind> kinds(VerifyReport report) {
        return report.findings().stream().map(Finding::kind).collect(Collectors.toCollection(TreeSet::new));
    }

}
