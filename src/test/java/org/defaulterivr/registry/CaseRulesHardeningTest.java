package org.defaulterivr.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.defaulterivr.numbers.PhoneNumbers;
import org.junit.jupiter.api.Test;

/** What a hostile or careless court found the rules let through, each now refused by field. */
class CaseRulesHardeningTest {
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final CaseRules RULES = new CaseRules(new PhoneNumbers("CN"), Duration.ofDays(730));

    private static CaseDraft draft(String name, String amount, List<String> numbers, String from, String until) {
        return new CaseDraft("(2026) Jing 0105 Zhi 1", "(2026) Jing 0105 Min Chu 9", name, "****123X", true,
                amount, "CNY", numbers, from, until, null);
    }

    private static CaseDraft window(String from, String until) {
        return draft("Zhang San", "100", List.of("13800000000"), from, until);
    }

    private static Map<String, String> violations(CaseDraft draft) {
        InvalidCaseException e = assertThrows(InvalidCaseException.class, () -> RULES.register(draft, NOW));
        return e.violations().stream().collect(Collectors.toMap(Violation::field, Violation::message, (a, b) -> a));
    }

    @Test
    void everyDateACourtGivesIsBounded() {
        assertTrue(violations(window("+999999999-12-30T00:00:00Z", "+999999999-12-31T00:00:00Z"))
                .containsKey("validFrom"), "a window far in the future starts too late");
        assertTrue(violations(window(null, "+999999999-12-31T00:00:00Z")).containsKey("validUntil"));
        assertTrue(violations(window("1999-12-31T00:00:00Z", "2027-01-01T00:00:00Z")).get("validFrom")
                .contains("2000-01-01"));
        assertTrue(violations(window("-999999999-01-01T00:00:00Z", "2027-01-01T00:00:00Z")).containsKey("validFrom"));
        assertTrue(violations(window("2028-01-01T00:00:00Z", "2028-02-01T00:00:00Z")).get("validFrom")
                .contains("days from now"));
        assertTrue(violations(window(null, "100000-01-01T00:00:00Z")).containsKey("validUntil"),
                "the poisoned listing of the year 100000");
        ValidCase fine = RULES.register(window("2027-06-01T00:00:00Z", "2027-07-01T00:00:00Z"), NOW);
        assertEquals(Instant.parse("2027-06-01T00:00:00Z"), fine.validFrom(), "up to a year ahead is fine");
    }

    @Test
    void anAmendmentIsBoundedToo() {
        ValidCase current = RULES.register(window(null, "2027-01-01T00:00:00Z"), NOW);
        CaseDraft patch = new CaseDraft(null, null, null, null, null, null, null, null, "+999999999-01-01T00:00:00Z",
                "+999999999-01-02T00:00:00Z", null);
        assertThrows(InvalidCaseException.class, () -> RULES.amend(current, patch, NOW));
    }

    @Test
    void aConfiguredTermLongerThanTheIndexHoldsIsCapped() {
        CaseRules generous = new CaseRules(new PhoneNumbers("CN"), Duration.ofDays(1_000_000));
        assertThrows(InvalidCaseException.class, () -> generous.register(window(null, "2040-01-01T00:00:00Z"), NOW));
    }

    @Test
    void aZeroAmountIsRefused() {
        assertTrue(violations(draft("Zhang San", "0.00", List.of("13800000000"), null, "2027-01-01T00:00:00Z"))
                .get("amount").contains("more than zero"));
    }

    @Test
    void aFullIdNumberInTheNameIsRefused() {
        for (String name : List.of("Zhang San 110101199003071234", "Zhang San 11010119900307123X",
                "110101 19900307 123x Zhang")) {
            assertTrue(violations(draft(name, "1", List.of("13800000000"), null, "2027-01-01T00:00:00Z"))
                    .containsKey("debtorName"), name);
        }
        RULES.register(draft("Zhang San 2", "1", List.of("13800000000"), null, "2027-01-01T00:00:00Z"), NOW);
    }

    @Test
    void aLoneSurrogateInANameIsRefusedNotStoredAsAQuestionMark() {
        assertTrue(violations(draft("Zhang \uD800San", "1", List.of("13800000000"), null, "2027-01-01T00:00:00Z"))
                .get("debtorName").contains("Unicode"));
        assertTrue(violations(draft("Zhang San\uDC00", "1", List.of("13800000000"), null, "2027-01-01T00:00:00Z"))
                .containsKey("debtorName"));
        assertEquals("张三 𝕏", RULES.register(draft("张三 𝕏", "1", List.of("13800000000"), null,
                "2027-01-01T00:00:00Z"), NOW).debtorName(), "a pair is a character");
    }

    @Test
    void aNumberWithLettersIsAFieldErrorNotAnotherNumber() {
        Map<String, String> v = violations(draft("Zhang San", "1", List.of("1380000ABCD"), null,
                "2027-01-01T00:00:00Z"));
        assertTrue(v.get("numbers[0]").contains("only digits"), v.toString());
        for (String letters : List.of("138-0000-ABCD", "+86 138 0000 000o", "tel:13800000000", "1380000000１a")) {
            assertTrue(violations(draft("Zhang San", "1", List.of(letters), null, "2027-01-01T00:00:00Z"))
                    .containsKey("numbers[0]"), letters);
        }
        assertEquals(List.of("+8613800000000", "+8613900000000", "+8613700000000"), RULES.register(draft("Zhang San",
                "1", List.of("+86 (138) 0000-0000", "139 0000 0000", "137-0000-0000"), null, "2027-01-01T00:00:00Z"),
                NOW).numbers(), "the usual separators");
    }
}
