package org.defaulterivr.api.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.defaulterivr.api.Problem;
import org.defaulterivr.evidence.EvidenceRecord;
import org.defaulterivr.evidence.LeafEncoding;
import org.defaulterivr.evidence.SignedTreeHead;
import org.defaulterivr.evidence.query.LoggedEvidence;

/** How the auditors' routes write JSON: tree heads, hashes, evidence records, and the query an access-log entry keeps. */
final class AuditJson {
    static final HexFormat HEX = HexFormat.of();

    private AuditJson() {
    }

    static long pathId(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw Problem.notFound("case ids are whole numbers");
        }
    }

    static JsonObject query(RoutingContext ctx) {
        JsonObject params = new JsonObject();
        ctx.queryParams().forEach(entry -> params.put(entry.getKey(), entry.getValue()));
        return new JsonObject().put("path", ctx.request().path()).put("params", params);
    }

    static JsonObject headJson(SignedTreeHead head) {
        return new JsonObject()
                .put("treeSize", head.treeSize())
                .put("rootHash", HEX.formatHex(head.rootHash()))
                .put("timestamp", head.timestamp().toString())
                .put("signature", Base64.getEncoder().encodeToString(head.signature()));
    }

    static JsonArray hashes(List<byte[]> hashes) {
        JsonArray list = new JsonArray();
        hashes.forEach(h -> list.add(HEX.formatHex(h)));
        return list;
    }

    static JsonObject evidenceJson(LoggedEvidence logged) {
        EvidenceRecord r = logged.record();
        JsonObject json = new JsonObject()
                .put("seq", logged.seq())
                .put("leafHash", logged.leafHash() == null ? null : HEX.formatHex(logged.leafHash()))
                .put("nodeId", r.nodeId())
                .put("callId", r.callId())
                .put("occurredAt", LeafEncoding.truncateToMicros(r.occurredAt()).toString())
                .put("calledNumber", r.calledNumber())
                .put("callerPseudonym", r.callerPseudonym())
                .put("courtCode", r.courtCode())
                .put("caseId", r.caseId())
                .put("caseNumber", r.caseNumber())
                .put("noticeId", r.noticeId())
                .put("noticeSha256", r.noticeSha256())
                .put("outcome", r.outcome().wireName())
                .put("heardMs", r.heardMs())
                .put("noticeMs", r.noticeMs());
        if (r.provenance() != null) {
            json.put("leafVersion", r.leafVersion())
                    .put("asteriskHost", r.provenance().asteriskHost())
                    .put("channel", r.provenance().channel())
                    .put("listingVersion", r.provenance().listingVersion())
                    .put("probe", r.provenance().probe());
        }
        return json;
    }

    static void json(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
    }
}
