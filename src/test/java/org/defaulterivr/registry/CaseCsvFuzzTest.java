package org.defaulterivr.registry;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.defaulterivr.numbers.PhoneNumbers;

/**
 * 10,000 generated CSV files through the importer and the case rules: each row is a case that keeps the rules, or
 * the file is refused with violations naming rows and columns; nothing else (no other exception, which would be a
 * 500, and no silently altered cell).
 */
class CaseCsvFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final CaseRules RULES = new CaseRules(new PhoneNumbers("CN"), Duration.ofDays(730));
    private static final String HEADER = String.join(",", CaseCsv.REQUIRED) + ",exempt_callers,notice_id";
    private static final String GOOD_ROW = "(2026) Jing 1,basis 1,Zhang San,****123X,true,100.00,CNY,13800000000,"
            + "2026-11-01T00:00:00Z,2027-01-01T00:00:00Z,,";

    @Property(tries = 10_000, edgeCases = EdgeCasesMode.NONE)
    void everyFileIsImportedByTheRulesOrRefusedByRowAndColumn(@ForAll("files") String file) {
        try {
            for (CaseCsv.Row row : CaseCsv.parse(file)) {
                ValidCase valid = RULES.register(row.draft(), NOW);
                assertTrue(valid.amount().signum() > 0);
                assertTrue(valid.numbers().stream().allMatch(n -> n.matches("\\+[1-9][0-9]{6,14}")));
                assertTrue(CaseRules.wellFormed(valid.debtorName()));
            }
        } catch (InvalidCaseException refused) {
            assertTrue(!refused.violations().isEmpty());
        }
    }

    @Provide
    Arbitrary<String> files() {
        Arbitrary<String> cells = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.of("", "\"", "\"\"", "\"a,b\"", "=HYPERLINK(\"x\")", "1380000ABCD", "+999999999-01-01T00:00:00Z",
                        "0", "-5", "NaN", "true", "yes", "2", "\uD800", "110101199003071234", "13800000000;13900000000",
                        "a\r\nb", "\uFEFF", "9".repeat(60)));
        Arbitrary<String> mutatedRows = Combinators.combine(cells.list().ofMinSize(1).ofMaxSize(14),
                        Arbitraries.integers().between(0, 11))
                .as((replacements, column) -> {
                    String[] good = GOOD_ROW.split(",", -1);
                    for (int i = 0; i < replacements.size(); i++) {
                        good[(column + i) % good.length] = replacements.get(i);
                    }
                    return String.join(",", good);
                });
        Arbitrary<String> rows = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(GOOD_ROW)),
                net.jqwik.api.Tuple.of(5, mutatedRows),
                net.jqwik.api.Tuple.of(1, cells.list().ofMaxSize(14).map(l -> String.join(",", l))));
        Arbitrary<String> headers = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, Arbitraries.just(HEADER)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("\uFEFF" + HEADER)),
                net.jqwik.api.Tuple.of(1, cells.list().ofMaxSize(14).map(l -> String.join(",", l))));
        return Combinators.combine(headers, rows.list().ofMaxSize(8), Arbitraries.of("\n", "\r\n", "\r"))
                .as((header, body, newline) -> header + newline + String.join(newline, body) + newline);
    }

    @Property(tries = 10)
    void theGoodRowIsImported(@ForAll("files") String ignored) {
        List<CaseCsv.Row> rows = CaseCsv.parse(HEADER + "\n" + GOOD_ROW + "\n");
        RULES.register(rows.get(0).draft(), NOW);
    }
}
