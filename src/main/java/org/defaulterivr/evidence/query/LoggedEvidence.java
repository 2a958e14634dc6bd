package org.defaulterivr.evidence.query;

import org.defaulterivr.evidence.EvidenceRecord;

/**
 * An evidence record with its place in the log: {@code seq} and the leaf hash stored when it was appended, both null
 * for a record the sequencer has not reached yet (seconds, normally).
 */
public record LoggedEvidence(EvidenceRecord record, Long seq, byte[] leafHash) {

    public boolean logged() {
        return seq != null;
    }
}
