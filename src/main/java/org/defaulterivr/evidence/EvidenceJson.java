package org.defaulterivr.evidence;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One record as the spool's frames carry it: a JSON object (framing and checksums are {@link EvidenceSpool}'s). */
final class EvidenceJson {
    private EvidenceJson() {
    }

    static String encode(EvidenceRecord r) {
        JsonObject json = new JsonObject()
                .put("node", r.nodeId())
                .put("call", r.callId())
                .put("at", r.occurredAt().toString())
                .put("called", r.calledNumber())
                .put("caller", r.callerPseudonym())
                .put("court", r.courtCode())
                .put("caseId", r.caseId())
                .put("case", r.caseNumber())
                .put("noticeId", r.noticeId())
                .put("sha256", r.noticeSha256())
                .put("outcome", r.outcome().wireName())
                .put("heardMs", r.heardMs())
                .put("noticeMs", r.noticeMs());
        Provenance p = r.provenance();
        if (p != null) {
            json.put("host", p.asteriskHost())
                    .put("channel", p.channel())
                    .put("listingVersion", p.listingVersion())
                    .put("probe", p.probe());
        }
        return json.encode();
    }

    static EvidenceRecord decode(String line) {
        JsonObject j = new JsonObject(line);
        return new EvidenceRecord(
                j.getString("node"),
                j.getString("call"),
                Instant.parse(j.getString("at")),
                j.getString("called"),
                j.getString("caller"),
                j.getString("court"),
                j.getLong("caseId"),
                j.getString("case"),
                j.getLong("noticeId"),
                j.getString("sha256"),
                NoticeOutcome.fromWireName(j.getString("outcome")),
                j.getLong("heardMs"),
                j.getLong("noticeMs"),
                j.containsKey("host")
                        ? new Provenance(j.getString("host"), j.getString("channel"), j.getLong("listingVersion"),
                                j.getBoolean("probe"))
                        : null);
    }
}
