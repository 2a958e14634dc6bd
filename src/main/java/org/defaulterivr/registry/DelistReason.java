package org.defaulterivr.registry;

import java.util.Locale;
import java.util.Optional;

/** Why a court delists a case, and the status that follows. Delisting never deletes the case. */
public enum DelistReason {
    /** The debtor paid: the judgment is satisfied. */
    PAID(CaseStatus.SATISFIED),
    /** The court withdrew the listing (e.g. a settlement, a stay). */
    WITHDRAWN(CaseStatus.WITHDRAWN),
    /** The case should never have been listed. */
    ERROR(CaseStatus.WITHDRAWN);

    private final CaseStatus status;

    DelistReason(CaseStatus status) {
        this.status = status;
    }

    public CaseStatus status() {
        return status;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DelistReason> fromWireName(String word) {
        for (DelistReason reason : values()) {
            if (reason.wireName().equals(word)) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }
}
