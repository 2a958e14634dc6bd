package org.defaulterivr.people;

import java.time.Instant;
import org.defaulterivr.access.Role;

/**
 * A person who signs in to the console: an admin, a court's clerk (with the court) or an auditor. The password hash and
 * sealed TOTP secret travel with the record only as far as the sign-in check.
 *
 * @param totpLastStep the 30-second step of the last code accepted; codes of that step or older are refused
 */
public record Person(long id, String username, String displayName, Role role, Long courtId, String courtCode,
        String passwordHash, byte[] totpSealed, long totpLastStep, Instant createdAt, String createdBy,
        Instant disabledAt) {

    /** The label of the bearer tokens the console uses on this person's behalf: what history and access logs name. */
    public String principal() {
        return "person:" + username;
    }

    public boolean disabled() {
        return disabledAt != null;
    }
}
