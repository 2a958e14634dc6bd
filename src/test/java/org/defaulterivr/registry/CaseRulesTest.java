package org.defaulterivr.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.defaulterivr.numbers.PhoneNumbers;
import org.junit.jupiter.api.Test;

class CaseRulesTest {
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final CaseRules RULES = new CaseRules(new PhoneNumbers("CN"), Duration.ofDays(730));

    private static CaseDraft draft(String idMasked, Boolean adult, String amount, List<String> numbers, String until) {
        return new CaseDraft("(2026) Jing 0105 Zhi 1", "(2026) Jing 0105 Min Chu 9", "Zhang San", idMasked, adult,
                amount, "CNY", numbers, "2026-11-01T00:00:00+08:00", until, null);
    }

    private static CaseDraft good() {
        return draft("**************123X", true, "12345.67", List.of("13800000000"), "2027-11-01T00:00:00+08:00");
    }

    private static Map<String, String> violations(CaseDraft draft) {
        InvalidCaseException e = assertThrows(InvalidCaseException.class, () -> RULES.register(draft, NOW));
        return e.violations().stream().collect(Collectors.toMap(Violation::field, Violation::message));
    }

    @Test
    void aGoodCaseIsNormalised() {
        ValidCase valid = RULES.register(draft(" ****-1234 ", true, "100", List.of("138 0000 0000", "+8613800000000",
                "008613900000000"), "2027-11-01T00:00:00+08:00"), NOW);
        assertEquals("****1234", valid.debtorIdMasked());
        assertEquals(new BigDecimal("100.00"), valid.amount());
        assertEquals(List.of("+8613800000000", "+8613900000000"), valid.numbers(), "E.164, duplicates once");
        assertEquals(Instant.parse("2027-10-31T16:00:00Z"), valid.validUntil());
    }

    @Test
    void aFullIdNumberIsRefusedNeverMasked() {
        for (String full : List.of("110101199003071234", "11010119900307123X", "*************12345", "E12345678",
                "1234")) {
            assertTrue(violations(draft(full, true, "1", List.of("13800000000"), "2027-01-01T00:00:00Z"))
                    .containsKey("debtorIdMasked"), full);
        }
        assertTrue(violations(draft("110101199003071234", true, "1", List.of("13800000000"), "2027-01-01T00:00:00Z"))
                .get("debtorIdMasked").contains("full resident ID"));
        assertNull(RULES.register(draft(null, true, "1", List.of("13800000000"), "2027-01-01T00:00:00Z"), NOW)
                .debtorIdMasked(), "the ID number is optional");
    }

    @Test
    void minorsMayNotBeListed() {
        assertTrue(violations(draft("****1234", false, "1", List.of("13800000000"), "2027-01-01T00:00:00Z"))
                .get("debtorIsAdult").contains("minors"));
        assertTrue(violations(draft("****1234", null, "1", List.of("13800000000"), "2027-01-01T00:00:00Z"))
                .containsKey("debtorIsAdult"), "no attestation is no attestation");
    }

    @Test
    void amountsAreExactNotNegativeAndNoFinerThanTheCurrency() {
        for (String bad : List.of("-0.01", "1.001", "abc", "1e999", "10000000000000000")) {
            assertTrue(violations(draft("****1234", true, bad, List.of("13800000000"), "2027-01-01T00:00:00Z"))
                    .containsKey("amount"), bad);
        }
        assertEquals(new BigDecimal("0.10"), RULES.register(draft("****1234", true, "0.1", List.of("13800000000"),
                "2027-01-01T00:00:00Z"), NOW).amount());
        CaseDraft yen = new CaseDraft("C", "L", "N", null, true, "100.50", "JPY", List.of("13800000000"), null,
                "2027-01-01T00:00:00Z", null);
        assertTrue(violations(yen).get("amount").contains("JPY"));
        CaseDraft notACurrency = new CaseDraft("C", "L", "N", null, true, "1", "XYZ", List.of("13800000000"), null,
                "2027-01-01T00:00:00Z", null);
        assertTrue(violations(notACurrency).containsKey("currency"));
    }

    @Test
    void everyBadPhoneNumberIsNamed() {
        Map<String, String> v = violations(draft("****1234", true, "1", List.of("12345", "13800000000", "abc"),
                "2027-01-01T00:00:00Z"));
        assertTrue(v.get("numbers[0]").contains("12345"));
        assertTrue(v.containsKey("numbers[2]"));
        assertEquals(2, v.size());
        assertTrue(violations(draft("****1234", true, "1", List.of(), "2027-01-01T00:00:00Z")).containsKey("numbers"));
    }

    @Test
    void theWindowEndsAfterItStartsInTheFutureAndWithinTheMaximumTerm() {
        assertTrue(violations(draft("****1234", true, "1", List.of("13800000000"), "2026-10-01T00:00:00Z"))
                .get("validUntil").contains("after validFrom"));
        assertTrue(violations(draft("****1234", true, "1", List.of("13800000000"), "2028-11-02T00:00:00+08:00"))
                .get("validUntil").contains("730 days"));
        assertTrue(violations(draft("****1234", true, "1", List.of("13800000000"), "2027-01-01"))
                .get("validUntil").contains("ISO 8601"), "a date without a time zone is ambiguous");
        CaseDraft ended = new CaseDraft("C", "L", "N", null, true, "1", "CNY", List.of("13800000000"),
                "2026-01-01T00:00:00Z", "2026-11-25T07:59:59Z", null);
        assertTrue(violations(ended).get("validUntil").contains("passed"));
        CaseDraft exactlyTwoYears = draft("****1234", true, "1", List.of("13800000000"), "2028-10-31T16:00:00Z");
        RULES.register(new CaseDraft(exactlyTwoYears.caseNumber(), exactlyTwoYears.legalBasis(),
                exactlyTwoYears.debtorName(), null, true, "1", "CNY", exactlyTwoYears.numbers(),
                "2026-10-31T16:00:00Z", "2028-10-30T16:00:00Z", null), NOW);
    }

    @Test
    void allFaultsAreReportedAtOnce() {
        CaseDraft empty = new CaseDraft(null, " ", null, null, null, null, null, null, null, null, null);
        assertEquals(java.util.Set.of("caseNumber", "legalBasis", "debtorName", "debtorIsAdult", "amount", "currency",
                "numbers", "validUntil"), violations(empty).keySet());
    }

    @Test
    void anAmendmentKeepsWhatItDoesNotMention() {
        ValidCase current = RULES.register(good(), NOW);
        CaseDraft patch = new CaseDraft(null, null, null, null, null, "99.90", null, null, null, null,
                List.of("13900000009"));
        ValidCase amended = RULES.amend(current, patch, NOW);
        assertEquals(new BigDecimal("99.90"), amended.amount());
        assertEquals(current.numbers(), amended.numbers());
        assertEquals(current.validUntil(), amended.validUntil());
        assertEquals(List.of("+8613900000009"), amended.exemptCallers());
        assertThrows(InvalidCaseException.class, () -> RULES.amend(current, new CaseDraft(null, null, null, null, null,
                "-1", null, null, null, null, null), NOW));
        assertThrows(InvalidCaseException.class, () -> RULES.amend(current, new CaseDraft(null, null, null, null, null,
                null, null, null, null, "2030-01-01T00:00:00Z", null), NOW), "the term limit holds for amendments");
    }
}
