package org.defaulterivr.evidence;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * What {@link EvidenceVerifier} found in one export, with counts of what it read.
 *
 * @param findings          every problem found, in the order found; empty for a clean export
 * @param records           record lines read
 * @param treeHeads         tree head lines read
 * @param consistencyProofs consistency proof lines read
 * @param inclusionProofs   inclusion proof lines read
 * @param contextLines      context lines read: facts that came with the records, checked for form only
 */
public record VerifyReport(List<Finding> findings, long records, int treeHeads, int consistencyProofs,
        int inclusionProofs, int contextLines) {

    public VerifyReport {
        findings = List.copyOf(findings);
    }

    /** A report of an export without context lines. */
    public VerifyReport(List<Finding> findings, long records, int treeHeads, int consistencyProofs,
            int inclusionProofs) {
        this(findings, records, treeHeads, consistencyProofs, inclusionProofs, 0);
    }

    /** True when nothing is wrong. */
    public boolean ok() {
        return findings.isEmpty();
    }

    /** The findings of one kind. */
    public List<Finding> findings(Finding.Kind kind) {
        return findings.stream().filter(f -> f.kind() == kind).toList();
    }

    /** Prints the report for people: a summary line, a verdict, then one line per finding. */
    public void printTo(PrintWriter out) {
        out.printf("Read %d records, %d signed tree heads, %d consistency proofs, %d inclusion proofs.%n",
                records, treeHeads, consistencyProofs, inclusionProofs);
        if (contextLines > 0) {
            out.printf("Also %d context lines (registry facts, notice versions): the log does not sign them, so they"
                    + " are shown as stated, not verified.%n", contextLines);
        }
        if (ok()) {
            out.println("OK: every check passed.");
        } else {
            out.printf("FAILED: %d problem%s found.%n", findings.size(), findings.size() == 1 ? "" : "s");
            for (Finding finding : findings) {
                out.printf("  [%s] %s%n", finding.kind(), finding.message());
            }
        }
        out.flush();
    }

    /** {@link #printTo} as a string. */
    public String toText() {
        StringWriter text = new StringWriter();
        printTo(new PrintWriter(text));
        return text.toString();
    }
}
