package org.defaulterivr.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Delisting: two nodes on one PostgreSQL; a court withdraws a case and we time how long until neither node would
 * play its notice any more (each node's index, polled every 20 µs, confirmed by a recorded call to each node that
 * must get no command). The listing's way in is timed too.
 */
@Command(name = "delisting", mixinStandardHelpOptions = true,
        description = "Two nodes on one database: time from a case's withdrawal until every node stops playing it.")
final class DelistingScenario implements Callable<Integer> {
    @Option(names = "--trials", defaultValue = "30")
    int trials;

    @Override
    public Integer call() throws Exception {
        Database database = TestDatabase.create("bench_delisting");
        Path dirA = Files.createTempDirectory("divr-bench-node-a");
        Path dirB = Files.createTempDirectory("divr-bench-node-b");
        Histogram delistA = new Histogram(60_000_000L, 3);
        Histogram delistB = new Histogram(60_000_000L, 3);
        Histogram delistAll = new Histogram(60_000_000L, 3);
        Histogram listAll = new Histogram(60_000_000L, 3);
        int callsPlayed = 0;
        try (TestNode a = TestNode.start(database, dirA, Map.of("node.id", "node-a"));
                TestNode b = TestNode.start(database, dirB, Map.of("node.id", "node-b"))) {
            Instant now = Instant.now();
            for (int trial = 0; trial < trials; trial++) {
                String national = String.format("1381111%04d", trial);
                String e164 = "+86" + national;
                long listedAt = System.nanoTime();
                long caseId = a.list("DL-" + trial, e164, now.minusSeconds(3600), now.plusSeconds(86_400));
                long[] listed = awaitBoth(a, b, e164, true, listedAt);
                listAll.recordValue(Math.max(listed[0], listed[1]) / 1000);
                Thread.sleep(50);
                long withdrawnAt = System.nanoTime();
                Await.result(a.registry.setStatus(caseId, "withdrawn"));
                long[] gone = awaitBoth(a, b, e164, false, withdrawnAt);
                delistA.recordValue(gone[0] / 1000);
                delistB.recordValue(gone[1] / 1000);
                delistAll.recordValue(Math.max(gone[0], gone[1]) / 1000);
                for (TestNode node : List.of(a, b)) {
                    var t = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(), national,
                            "1795387451." + trial);
                    if (!t.commands().isEmpty()) {
                        callsPlayed++;
                    }
                }
            }
        } finally {
            database.close();
        }
        System.out.println();
        System.out.printf("delisting, %d trials, two nodes on one PostgreSQL (time from the UPDATE being sent):%n",
                trials);
        System.out.println();
        System.out.println("| figure | p50 | p99 | max |");
        System.out.println("|---|---:|---:|---:|");
        row("withdrawn -> node A stops", delistA);
        row("withdrawn -> node B stops", delistB);
        row("withdrawn -> every node stops", delistAll);
        row("listed -> every node plays (for comparison)", listAll);
        System.out.printf("%ncalls placed after the withdrawal that still got a command: %d of %d%n", callsPlayed,
                2 * trials);
        return callsPlayed == 0 ? 0 : 1;
    }

    private static void row(String name, Histogram h) {
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", name, LoadResult.ms(h.getValueAtPercentile(50)),
                LoadResult.ms(h.getValueAtPercentile(99)), LoadResult.ms(h.getMaxValue()));
    }

    /** Nanoseconds from {@code since} until each node's index has (or no longer has) the number in force. */
    private static long[] awaitBoth(TestNode a, TestNode b, String e164, boolean present, long since) {
        long[] at = {-1, -1};
        long deadline = since + TimeUnit.SECONDS.toNanos(30);
        while (at[0] < 0 || at[1] < 0) {
            Instant now = Instant.now();
            TestNode[] nodes = {a, b};
            for (int i = 0; i < 2; i++) {
                if (at[i] < 0 && nodes[i].service.index().find(e164, now, l -> true).isPresent() == present) {
                    at[i] = System.nanoTime() - since;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("index did not change within 30 s");
            }
            LockSupport.parkNanos(20_000);
        }
        return at;
    }

}
