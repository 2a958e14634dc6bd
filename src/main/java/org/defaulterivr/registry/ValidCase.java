package org.defaulterivr.registry;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A case that passed every rule: numbers in E.164 without duplicates, the ID number masked (or absent), the amount
 * exact to the cent, the window within the maximum term.
 */
public record ValidCase(
        String caseNumber,
        String legalBasis,
        String debtorName,
        String debtorIdMasked,
        BigDecimal amount,
        String currency,
        List<String> numbers,
        Instant validFrom,
        Instant validUntil,
        List<String> exemptCallers) {

    public ValidCase {
        numbers = List.copyOf(numbers);
        exemptCallers = List.copyOf(exemptCallers);
    }
}
