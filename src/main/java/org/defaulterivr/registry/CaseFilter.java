package org.defaulterivr.registry;

/**
 * What a case list is narrowed to; null fields do not narrow.
 *
 * @param number      an E.164 number the case lists (active or suspended)
 * @param numberState only cases with a number in this state (e.g. {@code suspended}, awaiting the court)
 * @param courtCode   only this court's cases (auditors; a court sees only its own anyway)
 * @param listedAt    only cases whose window contains this instant (valid from, until excluded)
 * @param endsBefore  only cases whose window ends before this instant (to renew or let expire)
 */
public record CaseFilter(CaseStatus status, String caseNumber, String number, String numberState, String courtCode,
        java.time.Instant listedAt, java.time.Instant endsBefore) {

    public static CaseFilter none() {
        return new CaseFilter(null, null, null, null, null, null, null);
    }
}
