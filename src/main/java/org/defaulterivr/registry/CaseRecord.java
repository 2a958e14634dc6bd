package org.defaulterivr.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A case as the registry holds it, with its numbers (each active, suspended or removed), its exempt callers and its
 * current notice version.
 */
public record CaseRecord(
        long id,
        long courtId,
        String courtCode,
        String caseNumber,
        String legalBasis,
        String debtorName,
        String debtorIdMasked,
        boolean debtorAdultAttested,
        BigDecimal amount,
        String currency,
        CaseStatus status,
        String statusReason,
        Instant validFrom,
        Instant validUntil,
        List<NumberEntry> numbers,
        List<String> exemptCallers,
        NoticeInfo notice,
        int version,
        Instant createdAt,
        Instant updatedAt) {

    /** One number of the case. {@code state} is active, suspended or removed; {@code reason} says why if not active. */
    public record NumberEntry(String e164, String state, String reason, String typed) {
        public JsonObject toJson() {
            return new JsonObject().put("number", e164).put("typed", typed).put("state", state).put("reason", reason);
        }
    }

    /** A notice version: its id, the SHA-256 of its 8 kHz WAV, length, and where it came from (tts, upload, stock). */
    public record NoticeInfo(long id, String sha256, long durationMs, String source, Instant createdAt) {
        public JsonObject toJson() {
            return new JsonObject().put("id", id).put("sha256", sha256).put("durationMs", durationMs)
                    .put("source", source).put("createdAt", createdAt == null ? null : createdAt.toString())
                    .put("audio", "/v1/notices/" + id + "/audio");
        }
    }

    /** The case's numbers that are not removed (active or suspended), as an amendment starts from. */
    public List<String> currentNumbers() {
        return numbers.stream().filter(n -> !"removed".equals(n.state())).map(NumberEntry::e164).toList();
    }

    /** The case's values as the rules see them, for an amendment. */
    public ValidCase asValid() {
        return new ValidCase(caseNumber, legalBasis, debtorName, debtorIdMasked, amount, currency, currentNumbers(),
                validFrom, validUntil, exemptCallers);
    }

    /** The whole case as JSON: the API's representation and the history's before/after. Amounts are strings. */
    public JsonObject toJson() {
        JsonArray numberList = new JsonArray();
        numbers.forEach(n -> numberList.add(n.toJson()));
        return new JsonObject()
                .put("id", id)
                .put("court", courtCode)
                .put("caseNumber", caseNumber)
                .put("legalBasis", legalBasis)
                .put("debtorName", debtorName)
                .put("debtorIdMasked", debtorIdMasked)
                .put("debtorIsAdult", debtorAdultAttested)
                .put("amount", amount.toPlainString())
                .put("currency", currency)
                .put("status", status.wireName())
                .put("statusReason", statusReason)
                .put("validFrom", validFrom.toString())
                .put("validUntil", validUntil.toString())
                .put("numbers", numberList)
                .put("exemptCallers", new JsonArray(List.copyOf(exemptCallers)))
                .put("notice", notice.toJson())
                .put("version", version)
                .put("createdAt", createdAt.toString())
                .put("updatedAt", updatedAt.toString());
    }
}
