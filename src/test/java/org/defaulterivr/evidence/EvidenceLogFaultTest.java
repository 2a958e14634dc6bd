package org.defaulterivr.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence log on a disk that fills up or fails (the spool's file channel reports ENOSPC or EIO, or writes a torn
 * frame), with a real PostgreSQL behind it.
 */
class EvidenceLogFaultTest {
    private static final AtomicInteger CALLS = new AtomicInteger();
    static Database database;
    static Vertx vertx;
    static Pool pool;

    @BeforeAll
    static void open() {
        database = TestDatabase.create("evidence_faults");
        vertx = Vertx.vertx();
        pool = database.pool(vertx, 2);
    }

    @AfterAll
    static void close() {
        Await.result(pool.close());
        Await.result(vertx.close());
        database.close();
    }

    private static EvidenceRecord started() {
        return new EvidenceRecord("fault-node", "1795500000." + CALLS.incrementAndGet(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), "+8613800000000", "anonymous", "court-a", 1, "C-1", 1,
                "ab".repeat(32), NoticeOutcome.UNKNOWN, 0, 20_000,
                new Provenance("127.0.0.1", "PJSIP/caller-00000001", 1, false));
    }

    private static Optional<Row> stored(EvidenceRecord record) {
        var rows = Await.result(pool.preparedQuery("select * from evidence_record where call_id = $1")
                .execute(Tuple.of(record.callId())));
        return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
    }

    private static EvidenceLog log(Path dir, FaultyChannel.Disk disk) {
        return log(dir, disk, new SimpleMeterRegistry());
    }

    private static EvidenceLog log(Path dir, FaultyChannel.Disk disk, MeterRegistry meters) {
        return EvidenceLog.open(vertx, dir, true, disk.channels(), new EvidenceRepository(pool), 1 << 20, meters);
    }

    @Test
    void aSlowDiskShowsInTheSpoolWriteTimeAndDelaysNoticesWithoutRefusingThem(@TempDir Path dir) {
        FaultyChannel.Disk disk = new FaultyChannel.Disk();
        MeterRegistry meters = new SimpleMeterRegistry();
        EvidenceLog log = log(dir, disk, meters);
        Timer writes = meters.get("divr_evidence_spool_write_seconds").timer();
        Await.result(Await.result(log.begin(started())).complete(NoticeOutcome.PLAYED, 20_000));
        assertEquals(2, writes.count(), "the start, then the outcome: one write each");

        disk.fsyncDelayMs = 150;
        double before = writes.totalTime(TimeUnit.MILLISECONDS);
        NoticeRecording slow = Await.result(log.begin(started()));
        assertTrue(log.accepting(), "a slow disk is not a failed one: notices go on");
        assertEquals(3, writes.count());
        assertTrue(writes.totalTime(TimeUnit.MILLISECONDS) - before >= 150, "the fsync's wait is in the figure");
        assertTrue(writes.max(TimeUnit.MILLISECONDS) >= 150);

        disk.free();
        Await.result(slow.complete(NoticeOutcome.PLAYED, 20_000));
        Await.result(log.stop(5_000));
    }

    @Test
    void aFullDiskStopsNoticesAtOnceKeepsTheOutcomeOfTheOnePlayingAndLosesNothingOnceThereIsRoom(
            @TempDir Path dir) {
        FaultyChannel.Disk disk = new FaultyChannel.Disk();
        EvidenceLog log = log(dir, disk);
        EvidenceRecord playing = started();
        NoticeRecording recording = Await.result(log.begin(playing));
        assertTrue(log.accepting());

        // the disk fills while the notice plays; the next notice's start is torn half-way
        disk.roomFor(100);
        EvidenceRecord refused = started();
        assertTrue(awaitFailed(log.begin(refused)),
                "a start that cannot be made durable is refused, so its notice is not played");
        Await.until(Duration.ofSeconds(5), () -> !log.accepting());
        assertTrue(log.refusal().orElseThrow().contains("No space left on device"), log.refusal().orElseThrow());
        assertEquals("evidence-spool-failed", log.refusalLabel());

        // the notice that was playing ends: its outcome cannot be written now, and is kept
        assertTrue(awaitFailed(recording.complete(NoticeOutcome.PLAYED, 20_000)));
        assertFalse(stored(playing).isPresent());

        disk.free();
        Await.until(Duration.ofSeconds(10), log::accepting);
        Await.until(Duration.ofSeconds(10), () -> stored(playing).isPresent());
        assertEquals("played", stored(playing).orElseThrow().getString("outcome"), "the kept outcome, not unknown");
        assertFalse(stored(refused).isPresent(), "the refused notice never played and has no record");

        EvidenceRecord after = started();
        Await.result(Await.result(log.begin(after)).complete(NoticeOutcome.PARTIAL, 1200));
        Await.until(Duration.ofSeconds(10), () -> stored(after).isPresent());
        Await.result(log.stop(5_000));
    }

    @Test
    void aFailedFsyncStopsNoticesLikeAFullDisk(@TempDir Path dir) {
        FaultyChannel.Disk disk = new FaultyChannel.Disk();
        EvidenceLog log = log(dir, disk);
        disk.fsyncFails = true;
        assertTrue(awaitFailed(log.begin(started())));
        assertFalse(log.accepting());
        assertTrue(log.refusal().orElseThrow().contains("Input/output error"));
        disk.free();
        Await.until(Duration.ofSeconds(10), log::accepting);
        Await.result(log.stop(5_000));
    }

    @Test
    void aNoticeCutByAStopIsRecordedAsPartialWithTheTimeHeardSinceStreamFile(@TempDir Path dir) throws Exception {
        EvidenceLog log = log(dir, new FaultyChannel.Disk());
        EvidenceRecord playing = started();
        NoticeRecording recording = Await.result(log.begin(playing));
        recording.streaming();
        Thread.sleep(600);
        Await.result(log.stop(5_000));
        Row row = stored(playing).orElseThrow();
        assertEquals("partial", row.getString("outcome"));
        long heard = row.getLong("heard_ms");
        assertTrue(heard >= 600 && heard < 5_000, "heard from STREAM FILE to the stop: " + heard + " ms");
        assertTrue(awaitSucceeded(recording.complete(NoticeOutcome.PLAYED, 20_000)),
                "a completion after the cut changes nothing");
    }

    private static boolean awaitFailed(io.vertx.core.Future<?> future) {
        Await.until(Duration.ofSeconds(10), future::isComplete);
        return future.failed();
    }

    private static boolean awaitSucceeded(io.vertx.core.Future<?> future) {
        Await.until(Duration.ofSeconds(10), future::isComplete);
        return future.succeeded();
    }
}
