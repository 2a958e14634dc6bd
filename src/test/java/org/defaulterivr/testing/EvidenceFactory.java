package org.defaulterivr.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.defaulterivr.evidence.EvidenceRecord;
import org.defaulterivr.evidence.NoticeOutcome;

/** Made-up evidence records, distinct and plausible, for tests that do not need a call to make them. */
public final class EvidenceFactory {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** The outcomes of leaf version 1, which these records use. */
    private static final NoticeOutcome[] OUTCOMES = {
        NoticeOutcome.PLAYED, NoticeOutcome.PARTIAL, NoticeOutcome.HUNG_UP, NoticeOutcome.FAILED};

    private EvidenceFactory() {
    }

    /** The {@code i}-th record of a case of {@code court}, made now. */
    public static EvidenceRecord record(String nodeId, String court, long caseId, int i) {
        int n = COUNTER.incrementAndGet();
        return new EvidenceRecord(nodeId, "1796000000." + n, Instant.now().truncatedTo(ChronoUnit.MICROS),
                "+86138" + String.format("%08d", i % 50), "h:" + String.format("%016x", (long) i % 7) + ":0" + (i % 10),
                court, caseId, "CASE-" + caseId, 1, "ab".repeat(32), OUTCOMES[i % OUTCOMES.length], 100L * i, 30_000);
    }
}
