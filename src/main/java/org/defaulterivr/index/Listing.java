package org.defaulterivr.index;

import java.time.Instant;
import java.util.Set;

/**
 * One number of one active case, as the call path needs it: no debtor data, only what the notice and the evidence
 * record name, and the callers the court exempted from this case (the debtor's counsel), in E.164. {@code version} is
 * the case's registry version (optimistic concurrency) the listing was read at, 0 when not known; evidence records
 * name it so a court can tell which entry a notice rested on.
 */
public record Listing(
        long caseId,
        String courtCode,
        String caseNumber,
        String e164,
        Instant validFrom,
        Instant validUntil,
        NoticeRef notice,
        Set<String> exemptCallers,
        long version) {

    public Listing {
        exemptCallers = Set.copyOf(exemptCallers);
    }

    /** A listing whose registry version is not known. */
    public Listing(long caseId, String courtCode, String caseNumber, String e164, Instant validFrom, Instant validUntil,
            NoticeRef notice, Set<String> exemptCallers) {
        this(caseId, courtCode, caseNumber, e164, validFrom, validUntil, notice, exemptCallers, 0);
    }

    /** A listing no caller is exempt from. */
    public Listing(long caseId, String courtCode, String caseNumber, String e164, Instant validFrom, Instant validUntil,
            NoticeRef notice) {
        this(caseId, courtCode, caseNumber, e164, validFrom, validUntil, notice, Set.of(), 0);
    }

    /** A listing is in force only inside its validity window: from {@code validFrom}, until (excluding) {@code validUntil}. */
    public boolean inForceAt(Instant now) {
        return !now.isBefore(validFrom) && now.isBefore(validUntil);
    }
}
