package org.defaulterivr.notice;

import java.util.Objects;
import java.util.Optional;

/**
 * What a notice may say about one case: the values for a {@link NoticeTemplate}'s placeholders.
 *
 * @param courtName  the court's name as it should be spoken, e.g. "the Chaoyang District People's Court"
 * @param caseNumber the court's case number, e.g. "(2024) Jing 0105 Zhi 1234"
 * @param debtorName the defaulter's name, if known; spoken only when the court opted in
 * @param amount     the sum the judgment orders paid, if known; spoken only when the court opted in
 */
public record NoticeFacts(String courtName, String caseNumber, Optional<String> debtorName,
                          Optional<JudgmentAmount> amount) {

    public NoticeFacts {
        Objects.requireNonNull(courtName, "courtName");
        Objects.requireNonNull(caseNumber, "caseNumber");
        Objects.requireNonNull(debtorName, "debtorName");
        Objects.requireNonNull(amount, "amount");
    }

    /** Facts for a court that does not speak the debtor's name or the amount. */
    public static NoticeFacts of(String courtName, String caseNumber) {
        return new NoticeFacts(courtName, caseNumber, Optional.empty(), Optional.empty());
    }
}
