package org.defaulterivr.registry;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A court's bulk upload of cases: CSV (RFC 4180, UTF-8, comma-separated, a header row), one case per row.
 *
 * <p>Columns, in any order: {@code case_number, legal_basis, debtor_name, debtor_id_masked, debtor_is_adult, amount,
 * currency, phones, valid_from, valid_until}, and optionally {@code exempt_callers} and {@code notice_id}. Several
 * phone numbers in one cell are separated by {@code ;}. {@code debtor_is_adult} is {@code true} or {@code false};
 * {@code notice_id} names a recording the court uploaded before (empty: the court's wording is rendered for the
 * row). Rows are numbered as a spreadsheet shows them: the header is row 1.
 */
public final class CaseCsv {
    public static final List<String> REQUIRED = List.of("case_number", "legal_basis", "debtor_name",
            "debtor_id_masked", "debtor_is_adult", "amount", "currency", "phones", "valid_from", "valid_until");
    public static final List<String> OPTIONAL = List.of("exempt_callers", "notice_id");
    public static final int MAX_ROWS = 1000;

    /** The CSV column of each field a {@link CaseRules} violation names. */
    private static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("caseNumber", "case_number"), Map.entry("legalBasis", "legal_basis"),
            Map.entry("debtorName", "debtor_name"), Map.entry("debtorIdMasked", "debtor_id_masked"),
            Map.entry("debtorIsAdult", "debtor_is_adult"), Map.entry("amount", "amount"),
            Map.entry("currency", "currency"), Map.entry("numbers", "phones"), Map.entry("validFrom", "valid_from"),
            Map.entry("validUntil", "valid_until"), Map.entry("exemptCallers", "exempt_callers"),
            Map.entry("notice.id", "notice_id"));

    private CaseCsv() {
    }

    /** One data row: its spreadsheet row number, the case as typed, and the recording it names, if any. */
    public record Row(int row, CaseDraft draft, Long noticeId) {
    }

    /**
     * Reads every row. Problems of form (columns, cells that are not true/false or a number) are collected for the
     * whole file and thrown together; the rules of a case are checked afterwards by {@link CaseRules}.
     *
     * @throws InvalidCaseException with fields like {@code row 7: debtor_is_adult}
     */
    public static List<Row> parse(String text) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).setIgnoreSurroundingSpaces(true).get();
        List<Violation> violations = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(stripBom(text)), format)) {
            List<String> header = parser.getHeaderNames().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
            Set<String> missing = new LinkedHashSet<>(REQUIRED);
            missing.removeAll(header);
            if (!missing.isEmpty()) {
                violations.add(new Violation("header", "missing columns: " + String.join(", ", missing)));
            }
            for (String name : header) {
                if (!REQUIRED.contains(name) && !OPTIONAL.contains(name)) {
                    violations.add(new Violation("header", "unknown column '" + name + "' (columns: "
                            + String.join(", ", REQUIRED) + ", and optionally " + String.join(", ", OPTIONAL) + ")"));
                }
            }
            if (!violations.isEmpty()) {
                throw new InvalidCaseException(violations);
            }
            int row = 1;
            for (CSVRecord record : parser) {
                row++;
                if (rows.size() >= MAX_ROWS) {
                    throw new InvalidCaseException("file", "at most " + MAX_ROWS + " cases in one file");
                }
                if (!record.isConsistent()) {
                    violations.add(new Violation(at(row, "row"), "has " + record.size() + " cells; the header has "
                            + header.size()));
                    continue;
                }
                rows.add(row(row, record, parser.getHeaderNames(), violations));
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new InvalidCaseException("file", "is not readable CSV: " + e.getMessage());
        }
        if (rows.isEmpty() && violations.isEmpty()) {
            violations.add(new Violation("file", "has no cases (only a header, or nothing)"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidCaseException(violations);
        }
        return rows;
    }

    private static Row row(int row, CSVRecord record, List<String> headerNames, List<Violation> violations) {
        java.util.function.Function<String, String> cell = column -> {
            for (String name : headerNames) {
                if (name.equalsIgnoreCase(column)) {
                    String value = record.get(name);
                    return value == null || value.isEmpty() ? null : value;
                }
            }
            return null;
        };
        Boolean adult = null;
        String adultText = cell.apply("debtor_is_adult");
        if (adultText != null) {
            switch (adultText.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> adult = true;
                case "false", "no", "0" -> adult = false;
                default -> violations.add(new Violation(at(row, "debtor_is_adult"), "must be true or false"));
            }
        }
        Long noticeId = null;
        String noticeText = cell.apply("notice_id");
        if (noticeText != null) {
            try {
                noticeId = Long.parseLong(noticeText);
            } catch (NumberFormatException e) {
                violations.add(new Violation(at(row, "notice_id"), "must be the id of an uploaded notice"));
            }
        }
        CaseDraft draft = new CaseDraft(cell.apply("case_number"), cell.apply("legal_basis"),
                cell.apply("debtor_name"), cell.apply("debtor_id_masked"), adult, cell.apply("amount"),
                cell.apply("currency"), list(cell.apply("phones")), cell.apply("valid_from"),
                cell.apply("valid_until"), list(cell.apply("exempt_callers")));
        return new Row(row, draft, noticeId);
    }

    /** A violation of {@link CaseRules} on one row, named by the row and its column. */
    public static Violation onRow(int row, Violation violation) {
        String field = violation.field().replaceAll("\\[\\d+]$", "");
        return new Violation(at(row, COLUMNS.getOrDefault(field, field)), violation.code(), violation.message());
    }

    public static String at(int row, String column) {
        return "row " + row + ": " + column;
    }

    private static List<String> list(String cell) {
        if (cell == null) {
            return null;
        }
        return Arrays.stream(cell.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
