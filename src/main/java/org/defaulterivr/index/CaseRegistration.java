package org.defaulterivr.index;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** What a court registers for one case, already validated (numbers are E.164, the ID number is masked). */
public record CaseRegistration(
        long courtId,
        String caseNumber,
        String legalBasis,
        String debtorName,
        String debtorIdMasked,
        BigDecimal amount,
        String currency,
        Instant validFrom,
        Instant validUntil,
        long noticeId,
        List<String> numbers) {
}
