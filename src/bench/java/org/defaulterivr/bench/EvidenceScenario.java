package org.defaulterivr.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.defaulterivr.database.Database;
import org.defaulterivr.evidence.EvidenceLog;
import org.defaulterivr.evidence.EvidenceRecord;
import org.defaulterivr.evidence.EvidenceRepository;
import org.defaulterivr.evidence.NoticeOutcome;
import org.defaulterivr.testing.TestDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Durable evidence records per second: {@link EvidenceLog#append} with fsync on, on this machine's disk, with the
 * drain into a real (embedded) PostgreSQL running as in production. Closed loop at several numbers of appends in
 * flight (calls ending at once); the raw fsync rate of the same disk is measured first for reference.
 */
@Command(name = "evidence", mixinStandardHelpOptions = true,
        description = "EvidenceLog.append with fsync: durable records per second and append latency.")
final class EvidenceScenario implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "10", description = "per level")
    int seconds;

    @Option(names = "--in-flight", split = ",", defaultValue = "1,16,256,4096",
            description = "appends in flight, one level after another")
    List<Integer> levels;

    @Option(names = "--dir", description = "spool directory (default: a new temporary directory)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path spoolDir = dir != null ? dir : Files.createTempDirectory("divr-bench-spool");
        Files.createDirectories(spoolDir);
        System.out.println("evidence: spool in " + spoolDir + " (" + Files.getFileStore(spoolDir) + ")");
        rawFsync(spoolDir);
        Database database = TestDatabase.create("bench_evidence");
        Vertx vertx = Vertx.vertx();
        Pool pool = database.pool(vertx, 8);
        EvidenceLog log = EvidenceLog.open(vertx, spoolDir, true, new EvidenceRepository(pool), Long.MAX_VALUE / 4,
                new SimpleMeterRegistry());
        Context context = vertx.getOrCreateContext();
        System.out.println();
        System.out.println("| appends in flight | durable records/s | append p50 | p99 | p99.9 | max | backlog left for"
                + " PostgreSQL | time to drain it |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        AtomicLong sequence = new AtomicLong();
        for (int inFlight : levels) {
            Histogram latency = new Histogram(60_000_000L, 3);
            long[] done = {0};
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long start = System.nanoTime();
            CompletableFuture<Void> finished = new CompletableFuture<>();
            int[] open = {0};
            context.runOnContext(v -> {
                for (int i = 0; i < inFlight; i++) {
                    appendOne(log, sequence, latency, done, open, end, finished);
                }
            });
            finished.get(seconds + 120L, TimeUnit.SECONDS);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long backlog = log.backlogBytes();
            long drainStart = System.nanoTime();
            while (log.backlogBytes() > 0 && System.nanoTime() - drainStart < TimeUnit.MINUTES.toNanos(5)) {
                Thread.sleep(50);
            }
            System.out.printf(Locale.ROOT, "| %d | %.0f | %s | %s | %s | %s | %s | %.1f s |%n", inFlight,
                    done[0] / elapsed, LoadResult.ms(latency.getValueAtPercentile(50)),
                    LoadResult.ms(latency.getValueAtPercentile(99)), LoadResult.ms(latency.getValueAtPercentile(99.9)),
                    LoadResult.ms(latency.getMaxValue()), Report.mib(backlog), (System.nanoTime() - drainStart) / 1e9);
        }
        log.stop(30_000).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        pool.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        database.close();
        if (dir == null) {
            try (var files = Files.walk(spoolDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        return 0;
    }

    private static void appendOne(EvidenceLog log, AtomicLong sequence, Histogram latency, long[] done, int[] open,
            long end, CompletableFuture<Void> finished) {
        if (System.nanoTime() >= end) {
            if (open[0] == 0) {
                finished.complete(null);
            }
            return;
        }
        open[0]++;
        long t0 = System.nanoTime();
        log.append(record(sequence.incrementAndGet())).onComplete(ar -> {
            open[0]--;
            if (ar.succeeded()) {
                latency.recordValue((System.nanoTime() - t0) / 1000);
                done[0]++;
            } else {
                finished.completeExceptionally(ar.cause());
                return;
            }
            appendOne(log, sequence, latency, done, open, end, finished);
        });
    }

    static EvidenceRecord record(long n) {
        return new EvidenceRecord("bench-node", "1795387451." + n, Instant.now(), "+8613800000000",
                "h:0123456789abcdef:01", "court-a", 42, "(2025)Z1000042", 7, "5f".repeat(32),
                NoticeOutcome.PLAYED, 15_000, 15_000);
    }

    /** What the disk allows one writer: a 400-byte append and fdatasync, one after the other, for 3 s. */
    private static void rawFsync(Path dir) throws IOException {
        Path file = dir.resolve("raw-fsync.probe");
        Histogram latency = new Histogram(60_000_000L, 3);
        long count = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] line = new byte[400];
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                channel.write(ByteBuffer.wrap(line));
                channel.force(false);
                latency.recordValue((System.nanoTime() - t0) / 1000);
                count++;
            }
        }
        Files.deleteIfExists(file);
        System.out.printf(Locale.ROOT, "raw disk: %.0f write+fdatasync per second, one writer (p50 %s, p99 %s)%n",
                count / 3.0, LoadResult.ms(latency.getValueAtPercentile(50)),
                LoadResult.ms(latency.getValueAtPercentile(99)));
    }
}
