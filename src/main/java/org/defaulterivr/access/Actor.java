package org.defaulterivr.access;

/**
 * Who makes a change or a request: a token (its id and label, its role, its court for a court token), or the
 * service itself (a scheduled job, {@code tokenId} null). History names the actor of every change.
 *
 * @param courtId   the court a court token acts for; null for other roles
 * @param courtCode that court's code; null for other roles
 */
public record Actor(Long tokenId, String label, Role role, Long courtId, String courtCode) {

    /** The service itself, for changes no person asked for (a listing's window ending). */
    public static Actor system(String job) {
        return new Actor(null, "system:" + job, Role.ADMIN, null, null);
    }

    public boolean isCourt() {
        return role == Role.COURT;
    }

    /** Whether this actor may see a record of {@code ownerCourtId}: its own court, or any court for an auditor. */
    public boolean maySeeCourt(long ownerCourtId) {
        return role == Role.AUDITOR || (role == Role.COURT && courtId != null && courtId == ownerCourtId);
    }

    /** Whether the history and case records this actor reads may carry personal data in clear. */
    public boolean seesPersonalData() {
        return role == Role.AUDITOR;
    }
}
