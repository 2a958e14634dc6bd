package org.defaulterivr.evidence.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.defaulterivr.database.Database;
import org.defaulterivr.evidence.EvidenceRecord;
import org.defaulterivr.evidence.EvidenceRepository;
import org.defaulterivr.evidence.NoticeOutcome;
import org.defaulterivr.evidence.Provenance;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** What a court's statistics count: callers told of the judgment, not the probe command's test calls. */
class NoticeStatsTest {

    private static EvidenceRecord record(int n, NoticeOutcome outcome, boolean probe) {
        return new EvidenceRecord("stats-node", "1795700000." + n, Instant.now().truncatedTo(ChronoUnit.MICROS),
                "+8613800000000", "h:" + String.format("%016x", n) + ":0" + n, "court-s", 77, "C-77", 1,
                "ab".repeat(32), outcome, outcome == NoticeOutcome.UNKNOWN ? 0 : 1000, 20_000,
                new Provenance("10.0.0.1", "PJSIP/carrier-" + n, 2, probe));
    }

    @Test
    void probesAreCountedApartAndNoticesOfUnknownOutcomeAreNamed() {
        Database database = TestDatabase.create("notice_stats");
        Vertx vertx = Vertx.vertx();
        Pool pool = database.pool(vertx, 2);
        try {
            Await.result(new EvidenceRepository(pool).insert(List.of(
                    record(1, NoticeOutcome.PLAYED, false),
                    record(2, NoticeOutcome.PARTIAL, false),
                    record(3, NoticeOutcome.UNKNOWN, false),
                    record(4, NoticeOutcome.PLAYED, true),
                    record(5, NoticeOutcome.PLAYED, true))));
            NoticeStats stats = Await.result(new AuditRepository(pool).caseStats(77));
            assertEquals(3, stats.attempted(), "the probes are not notices to callers");
            assertEquals(1, stats.played());
            assertEquals(1, stats.partial());
            assertEquals(1, stats.unknown());
            assertEquals(2, stats.callersReached());
            assertEquals(2, stats.probes());
        } finally {
            Await.result(pool.close());
            Await.result(vertx.close());
            database.close();
        }
    }
}
