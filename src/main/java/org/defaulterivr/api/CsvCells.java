package org.defaulterivr.api;

/**
 * Text cells of the CSV files the service writes (the auditors' evidence export, and any registry export): quoted
 * as RFC 4180 asks, and neutralised against spreadsheet formula injection as OWASP recommends: a cell that starts
 * with {@code = + - @}, a tab or a carriage return gets a leading single quote, so a spreadsheet shows it as text
 * instead of running it ({@code =HYPERLINK(...)} as a case number). This includes E.164 numbers ({@code '+8613800000000}):
 * a spreadsheet would otherwise read them as a formula too. The JSON exports carry values exactly as stored.
 */
public final class CsvCells {
    private CsvCells() {
    }

    /** {@code value} as one quoted, neutralised cell, appended to {@code line}. */
    public static StringBuilder text(StringBuilder line, String value) {
        line.append('"');
        if (startsFormula(value)) {
            line.append('\'');
        }
        return line.append(value.replace("\"", "\"\"")).append('"');
    }

    /** Whether a spreadsheet would take {@code value} for a formula (or a command, for tab and CR: OWASP). */
    public static boolean startsFormula(String value) {
        if (value.isEmpty()) {
            return false;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }
}
