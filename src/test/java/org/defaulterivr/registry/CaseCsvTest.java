package org.defaulterivr.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CaseCsvTest {
    private static final String HEADER = "case_number,legal_basis,debtor_name,debtor_id_masked,debtor_is_adult,amount,"
            + "currency,phones,valid_from,valid_until\n";

    @Test
    void rowsAreNumberedAsASpreadsheetShowsThem() {
        List<CaseCsv.Row> rows = CaseCsv.parse(HEADER
                + "C-1,L-1,\"Wang, Wu\",****1234,true,1.00,CNY,13800000000; 13900000000,2026-01-01T00:00:00Z,"
                + "2026-12-01T00:00:00Z\n"
                + "\n"
                + "C-2,\"L-2\nsecond line\",Li,,no,2,CNY,13800000001,,2026-12-01T00:00:00Z\n");
        assertEquals(2, rows.size());
        assertEquals(2, rows.get(0).row());
        assertEquals("Wang, Wu", rows.get(0).draft().debtorName());
        assertEquals(List.of("13800000000", "13900000000"), rows.get(0).draft().numbers());
        assertEquals(Boolean.TRUE, rows.get(0).draft().debtorIsAdult());
        assertEquals(3, rows.get(1).row(), "the blank line is skipped; a quoted newline stays in its cell");
        assertEquals(Boolean.FALSE, rows.get(1).draft().debtorIsAdult());
        assertNull(rows.get(1).draft().debtorIdMasked());
        assertNull(rows.get(1).draft().validFrom());
        assertNull(rows.get(1).noticeId());
    }

    @Test
    void problemsOfFormAreReportedForTheWholeFile() {
        InvalidCaseException e = assertThrows(InvalidCaseException.class, () -> CaseCsv.parse(HEADER
                + "C-1,L,N,,maybe,1,CNY,13800000000,,2026-12-01T00:00:00Z\n"
                + "C-2,L,N\n"));
        List<String> fields = e.violations().stream().map(Violation::field).toList();
        assertEquals(List.of("row 2: debtor_is_adult", "row 3: row"), fields);
        assertTrue(assertThrows(InvalidCaseException.class, () -> CaseCsv.parse("case_number,phone\nC,1\n"))
                .violations().stream().anyMatch(v -> v.message().contains("unknown column 'phone'")));
        assertThrows(InvalidCaseException.class, () -> CaseCsv.parse(HEADER));
        assertThrows(InvalidCaseException.class, () -> CaseCsv.parse(""));
    }

    @Test
    void ruleViolationsAreNamedByRowAndColumn() {
        assertEquals("row 7: phones", CaseCsv.onRow(7, new Violation("numbers[1]", "x")).field());
        assertEquals("row 7: debtor_is_adult", CaseCsv.onRow(7, new Violation("debtorIsAdult", "x")).field());
    }
}
