package org.defaulterivr.evidence;

import java.time.Instant;

/**
 * One leaf of the log as stored: its place, the key of the record it holds, and the leaf hash computed when the
 * record was appended (not recomputed since, so that a record changed later no longer matches it).
 */
public record LoggedLeaf(long seq, Instant occurredAt, String nodeId, String callId, byte[] leafHash) {
}
