package org.defaulterivr.evidence;

import java.time.Instant;
import java.util.Objects;

/**
 * One notice played (or attempted) on one call: the unit of enforcement evidence.
 *
 * <p>Holds no caller number in clear unless the operator configured it: {@code callerPseudonym} is a keyed hash plus
 * the last digits. The pair ({@code nodeId}, {@code callId}) identifies the call; replays of the spool are
 * idempotent on it.
 *
 * @param nodeId         the service node that served the call
 * @param callId         Asterisk's {@code agi_uniqueid}
 * @param occurredAt     when the notice started (or was attempted)
 * @param calledNumber   the listed number, E.164
 * @param callerPseudonym caller as a pseudonym ({@code h:<hash>:<last digits>}), or the number if configured to keep it
 * @param courtCode      the court whose order the notice announces
 * @param caseId         the registry's case id
 * @param caseNumber     the court's case number
 * @param noticeId       the notice version played
 * @param noticeSha256   SHA-256 of the notice audio file played, lower-case hex
 * @param outcome        what the caller got
 * @param heardMs        milliseconds of the notice streamed to the caller
 * @param noticeMs       length of the notice in milliseconds
 * @param provenance     the Asterisk, channel, listing version and probe flag (leaf version 2); null in records
 *                       logged before version 2, which keep their version 1 leaves
 */
public record EvidenceRecord(
        String nodeId,
        String callId,
        Instant occurredAt,
        String calledNumber,
        String callerPseudonym,
        String courtCode,
        long caseId,
        String caseNumber,
        long noticeId,
        String noticeSha256,
        NoticeOutcome outcome,
        long heardMs,
        long noticeMs,
        Provenance provenance) {

    public EvidenceRecord {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(calledNumber, "calledNumber");
        Objects.requireNonNull(callerPseudonym, "callerPseudonym");
        Objects.requireNonNull(courtCode, "courtCode");
        Objects.requireNonNull(caseNumber, "caseNumber");
        Objects.requireNonNull(noticeSha256, "noticeSha256");
        Objects.requireNonNull(outcome, "outcome");
        if (heardMs < 0 || noticeMs < 0) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** A record as logged before leaf version 2: no provenance. */
    public EvidenceRecord(String nodeId, String callId, Instant occurredAt, String calledNumber,
            String callerPseudonym, String courtCode, long caseId, String caseNumber, long noticeId,
            String noticeSha256, NoticeOutcome outcome, long heardMs, long noticeMs) {
        this(nodeId, callId, occurredAt, calledNumber, callerPseudonym, courtCode, caseId, caseNumber, noticeId,
                noticeSha256, outcome, heardMs, noticeMs, null);
    }

    /** The leaf encoding this record is logged under: 2 with provenance, 1 without. */
    public int leafVersion() {
        return provenance == null ? 1 : 2;
    }

    /** The same notice with its outcome known (or given up on). */
    public EvidenceRecord withOutcome(NoticeOutcome newOutcome, long newHeardMs) {
        return new EvidenceRecord(nodeId, callId, occurredAt, calledNumber, callerPseudonym, courtCode, caseId,
                caseNumber, noticeId, noticeSha256, newOutcome, newHeardMs, noticeMs, provenance);
    }

    /** The call's identity in the spool and the database: replays and completions match on it. */
    public Key key() {
        return new Key(LeafEncoding.epochMicros(occurredAt), nodeId, callId);
    }

    /** (occurred_at to the microsecond, node, call): the evidence table's key. */
    public record Key(long occurredAtMicros, String nodeId, String callId) {
    }
}
