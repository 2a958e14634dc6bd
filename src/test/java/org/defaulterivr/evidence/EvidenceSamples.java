package org.defaulterivr.evidence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Evidence records for tests. */
final class EvidenceSamples {

    private EvidenceSamples() {
    }

    /** The record of the worked example in docs/evidence-log.md (logged at seq 7). */
    static EvidenceRecord documentedExample() {
        return new EvidenceRecord(
                "node-1",
                "1700000000.42",
                Instant.parse("2025-03-14T09:26:53.589793238Z"),
                "+254700000001",
                "h:3f9a1c:0042",
                "MSA-HC",
                4711,
                "E123/2024 (Mombasa \u2013 Likoni)",
                3,
                "9368a7d21e018f64ae3327d2f25cd4d7693b2d85328e4bb680bcfcbd4c26b90e",
                NoticeOutcome.PARTIAL,
                4200,
                31000);
    }

    /** The version 2 worked example of docs/evidence-log.md: the version 1 example with its provenance. */
    static EvidenceRecord documentedExampleV2() {
        EvidenceRecord r = documentedExample();
        return new EvidenceRecord(r.nodeId(), r.callId(), r.occurredAt(), r.calledNumber(), r.callerPseudonym(),
                r.courtCode(), r.caseId(), r.caseNumber(), r.noticeId(), r.noticeSha256(), r.outcome(), r.heardMs(),
                r.noticeMs(), new Provenance("10.20.0.5", "PJSIP/safaricom-0000002a", 4, false));
    }

    /**
     * {@code count} distinct records, seq i occurring i minutes (and a few microseconds) after a fixed instant; the
     * first third logged under leaf version 1 (no provenance), the rest under version 2, as a log upgraded in place.
     */
    static List<EvidenceRecord> records(int count) {
        List<EvidenceRecord> records = new ArrayList<>(count);
        Instant start = Instant.parse("2025-06-02T08:00:00.000001Z");
        NoticeOutcome[] outcomes = {
            NoticeOutcome.PLAYED, NoticeOutcome.PARTIAL, NoticeOutcome.HUNG_UP, NoticeOutcome.FAILED};
        for (int i = 0; i < count; i++) {
            boolean v2 = i >= count / 3;
            NoticeOutcome outcome = outcomes[i % outcomes.length];
            records.add(new EvidenceRecord(
                    "node-" + (i % 3),
                    "1748851200." + i,
                    start.plus(Duration.ofMinutes(i)).plusNanos(i * 1_000L),
                    "+2547000" + String.format("%05d", i),
                    "h:" + Integer.toHexString(0xa000 + i) + ":" + String.format("%04d", i),
                    i % 2 == 0 ? "NRB-HC" : "MSA-HC",
                    1000 + i,
                    "HCCC " + i + "/2025",
                    1 + i % 4,
                    "ab".repeat(32),
                    outcome,
                    i * 100L,
                    30_000,
                    v2 ? new Provenance("10.1.0." + (i % 4), "PJSIP/carrier-" + String.format("%08x", i), 1 + i % 3,
                            i % 5 == 0) : null));
        }
        return records;
    }
}
