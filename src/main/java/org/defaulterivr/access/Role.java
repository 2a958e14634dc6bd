package org.defaulterivr.access;

import java.util.Locale;
import java.util.Optional;

/** Who a token speaks for: what it may read and write. */
public enum Role {
    /** Creates courts and tokens, sets the global allowlist; reads no personal data. */
    ADMIN,
    /** Registers, amends and delists its own court's cases; sees nothing of other courts. */
    COURT,
    /** Reads cases, evidence and history of every court, personal data included; writes nothing. */
    AUDITOR,
    /** Reports reassigned numbers; reads no personal data at all. */
    CARRIER;

    /** The lower-case word used in the API, the database and the CLI. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWireName(String word) {
        for (Role role : values()) {
            if (role.wireName().equals(word)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
