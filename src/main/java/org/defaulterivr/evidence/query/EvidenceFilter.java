package org.defaulterivr.evidence.query;

import java.time.Instant;
import org.defaulterivr.evidence.NoticeOutcome;

/**
 * What an auditor searches evidence by; a null field does not filter. The time range is half-open,
 * {@code from <= occurredAt < to}.
 */
public record EvidenceFilter(String courtCode, Long caseId, String calledNumber, Instant from, Instant to,
        NoticeOutcome outcome) {

    public EvidenceFilter {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("the time range must end after it starts");
        }
    }

    public static EvidenceFilter all() {
        return new EvidenceFilter(null, null, null, null, null, null);
    }
}
