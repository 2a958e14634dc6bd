package org.defaulterivr.registry;

import java.util.List;

/**
 * A case as a court typed it (JSON or a CSV row), before any rule is checked: every field as text, null where not
 * given. {@link CaseRules} turns it into a {@link ValidCase} or says what is wrong.
 *
 * @param debtorIsAdult the court's attestation that the debtor is an adult; null when not given
 */
public record CaseDraft(
        String caseNumber,
        String legalBasis,
        String debtorName,
        String debtorIdMasked,
        Boolean debtorIsAdult,
        String amount,
        String currency,
        List<String> numbers,
        String validFrom,
        String validUntil,
        List<String> exemptCallers) {
}
