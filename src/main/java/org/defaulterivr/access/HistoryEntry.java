package org.defaulterivr.access;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One change to the registry, as the append-only history keeps it.
 *
 * @param action  what was done, e.g. {@code case.register}, {@code case.delist}, {@code token.issue}
 * @param subject what else the change names that is not a case (a token id, an allowlisted caller); never personal
 * @param before  the record before the change (null for a creation)
 * @param after   the record after the change
 */
public record HistoryEntry(long id, Instant at, Long actorTokenId, String actor, String actorRole, String action,
        Long courtId, Long caseId, String subject, JsonObject before, JsonObject after) {

    /** The entry as a reader without access to personal data may see it. */
    public HistoryEntry redacted() {
        return new HistoryEntry(id, at, actorTokenId, actor, actorRole, action, courtId, caseId, subject,
                PersonalData.redact(before), PersonalData.redact(after));
    }
}
