package org.defaulterivr.registry;

import java.time.Instant;

/**
 * One number of one active case, as the call path needs it: no debtor data, only what the notice and the evidence
 * record name.
 */
public record Listing(
        long caseId,
        String courtCode,
        String caseNumber,
        String e164,
        Instant validFrom,
        Instant validUntil,
        NoticeRef notice) {

    /** A listing is in force only inside its validity window: from {@code validFrom}, until (excluding) {@code validUntil}. */
    public boolean inForceAt(Instant now) {
        return !now.isBefore(validFrom) && now.isBefore(validUntil);
    }
}
