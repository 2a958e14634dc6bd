package org.defaulterivr.registry;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A case that passed every rule: numbers in E.164 without duplicates, the ID number masked (or absent), the amount
 * exact to the cent, the window within the maximum term.
 *
 * @param typed the numbers as the court typed them, by E.164 (the first typing of a number given twice)
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
        List<String> exemptCallers,
        java.util.Map<String, String> typed) {

    public ValidCase {
        numbers = List.copyOf(numbers);
        exemptCallers = List.copyOf(exemptCallers);
        typed = typed == null ? java.util.Map.of() : java.util.Map.copyOf(typed);
    }

    public ValidCase(String caseNumber, String legalBasis, String debtorName, String debtorIdMasked, BigDecimal amount,
            String currency, List<String> numbers, Instant validFrom, Instant validUntil, List<String> exemptCallers) {
        this(caseNumber, legalBasis, debtorName, debtorIdMasked, amount, currency, numbers, validFrom, validUntil,
                exemptCallers, java.util.Map.of());
    }
}
