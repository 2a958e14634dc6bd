package org.defaulterivr.registry;

import java.util.Locale;
import java.util.Optional;

/** Where a case stands. Only an active case is listed; the others keep the row for the record. */
public enum CaseStatus {
    ACTIVE, SATISFIED, WITHDRAWN, EXPIRED, SUSPENDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CaseStatus> fromWireName(String word) {
        for (CaseStatus status : values()) {
            if (status.wireName().equals(word)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /** Whether the court may still amend the case or delist it: not once it is satisfied or withdrawn. */
    public boolean open() {
        return this == ACTIVE || this == SUSPENDED || this == EXPIRED;
    }
}
