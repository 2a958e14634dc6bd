package org.defaulterivr.bench;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.defaulterivr.index.Listing;
import org.defaulterivr.index.ListingIndex;
import org.openjdk.jol.info.GraphLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The registry at scale: heap the current {@link ListingIndex} keeps for N numbers, how long
 * {@link ListingIndex#replaceAll} takes, a quick lookup timing (JMH has the careful one), and where the bytes go
 * (JOL's footprint of a smaller index of the same shape). Runs in a child JVM with a large heap.
 */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = "Registry of N numbers: heap used, replaceAll time, lookup time, bytes per entry by class.")
final class RegistryScenario implements Callable<Integer> {
    @Option(names = "--numbers", defaultValue = "10000000")
    int numbers;

    @Option(names = "--per-case", defaultValue = "1", description = "numbers per case (default ${DEFAULT-VALUE})")
    int perCase;

    @Option(names = "--heap", defaultValue = "12g", description = "-Xmx of the measuring JVM")
    String heap;

    @Override
    public Integer call() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC",
                "-Djdk.attach.allowAttachSelf=true", "-cp", System.getProperty("java.class.path"),
                Benchmarks.class.getName(), "registry-child", "--numbers", Integer.toString(numbers), "--per-case",
                Integer.toString(perCase)));
        Process child = new ProcessBuilder(command).inheritIO().start();
        if (!child.waitFor(20, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new IllegalStateException("registry measurement took over 20 minutes");
        }
        return child.exitValue();
    }

    @Command(name = "registry-child", hidden = true)
    static final class Child implements Callable<Integer> {
        @Option(names = "--numbers", required = true)
        int numbers;

        @Option(names = "--per-case", required = true)
        int perCase;

        @Override
        public Integer call() {
            Instant now = Instant.now();
            System.out.printf("registry: %,d numbers, %d per case, JVM max heap %s%n", numbers, perCase,
                    Report.mib(Runtime.getRuntime().maxMemory()));
            long empty = liveHeap();
            List<Listing> rows = RegistryFixture.listings(numbers, perCase, now);
            long withRows = liveHeap();
            ListingIndex index = new ListingIndex();
            long t0 = System.nanoTime();
            index.replaceAll(rows, now);
            long loadNanos = System.nanoTime() - t0;
            long withBoth = liveHeap();
            rows = null;
            long indexOnly = liveHeap();
            long indexBytes = indexOnly - empty;
            Report.row("figure", "value", "", "");
            System.out.println("|---|---:|---|---|");
            System.out.printf(Locale.ROOT, "| numbers / cases | %,d / %,d |%n", index.numberCount(), index.caseCount());
            System.out.printf(Locale.ROOT, "| heap kept by the index (live, after GC) | %s |%n", Report.mib(indexBytes));
            System.out.printf(Locale.ROOT, "| bytes per number | %.1f |%n", (double) indexBytes / numbers);
            System.out.printf(Locale.ROOT, "| heap of the loaded rows alone (the List<Listing> replaceAll is given) | %s |%n",
                    Report.mib(withRows - empty));
            System.out.printf(Locale.ROOT, "| heap live during the load (rows + index) | %s |%n",
                    Report.mib(withBoth - empty));
            System.out.printf(Locale.ROOT, "| replaceAll time | %.2f s |%n", loadNanos / 1e9);
            lookups(index, now);
            footprint(now);
            index = null;
            compact(now);
            return 0;
        }

        private void lookups(ListingIndex index, Instant now) {
            int count = 2_000_000;
            String[] hits = RegistryFixture.probes(count, numbers, true, 1);
            String[] misses = RegistryFixture.probes(count, numbers, false, 2);
            for (int round = 0; round < 3; round++) {
                long found = 0;
                long t0 = System.nanoTime();
                for (String n : hits) {
                    found += index.find(n, now, l -> true).isPresent() ? 1 : 0;
                }
                long t1 = System.nanoTime();
                for (String n : misses) {
                    found += index.find(n, now, l -> true).isPresent() ? 1 : 0;
                }
                long t2 = System.nanoTime();
                if (round == 2) {
                    System.out.printf(Locale.ROOT, "| lookup, listed number (loop of %,d, random order) | %.0f ns |%n",
                            count, (t1 - t0) / (double) count);
                    System.out.printf(Locale.ROOT, "| lookup, unlisted number | %.0f ns |%n", (t2 - t1) / (double) count);
                    System.out.printf("| (found %d of %d listed probes) | |%n", found, count);
                }
            }
        }

        /** Exact bytes by class for a 100,000-number index of the same shape, scaled per number. */
        private void footprint(Instant now) {
            int sample = 100_000;
            ListingIndex small = RegistryFixture.index(sample, perCase, now);
            GraphLayout layout = GraphLayout.parseInstance(small);
            System.out.println();
            System.out.printf("Where the bytes go (JOL footprint of a %,d-number index of the same shape, per number):%n",
                    sample);
            System.out.println();
            System.out.println("| class | objects per number | bytes per number |");
            System.out.println("|---|---:|---:|");
            List<Class<?>> classes = new ArrayList<>(layout.getClasses());
            classes.sort((a, b) -> Long.compare(layout.getClassSizes().count(b), layout.getClassSizes().count(a)));
            for (Class<?> c : classes) {
                System.out.printf(Locale.ROOT, "| %s | %.2f | %.1f |%n", c.getName(),
                        layout.getClassCounts().count(c) / (double) sample, layout.getClassSizes().count(c) / (double) sample);
            }
            System.out.printf(Locale.ROOT, "| **total** | %.2f | %.1f |%n", layout.totalCount() / (double) sample,
                    layout.totalSize() / (double) sample);
        }

        /** The same rows in {@link CompactIndexPrototype}: the layout that would reach the target. */
        private void compact(Instant now) {
            long empty = liveHeap();
            List<Listing> rows = RegistryFixture.listings(numbers, perCase, now);
            long t0 = System.nanoTime();
            CompactIndexPrototype compact = CompactIndexPrototype.from(rows);
            long buildNanos = System.nanoTime() - t0;
            rows = null;
            long kept = liveHeap() - empty;
            System.out.println();
            System.out.println("The same rows in CompactIndexPrototype (a layout sketch, not wired in):");
            System.out.println();
            System.out.println("| figure | value |");
            System.out.println("|---|---:|");
            System.out.printf(Locale.ROOT, "| heap kept (live, after GC) | %s |%n", Report.mib(kept));
            System.out.printf(Locale.ROOT, "| bytes per number | %.1f |%n", (double) kept / numbers);
            System.out.printf(Locale.ROOT, "| build time | %.2f s |%n", buildNanos / 1e9);
            int count = 2_000_000;
            String[] hits = RegistryFixture.probes(count, numbers, true, 1);
            String[] misses = RegistryFixture.probes(count, numbers, false, 2);
            for (int round = 0; round < 3; round++) {
                long found = 0;
                long a = System.nanoTime();
                for (String n : hits) {
                    found += compact.find(n, now) >= 0 ? 1 : 0;
                }
                long b = System.nanoTime();
                for (String n : misses) {
                    found += compact.find(n, now) >= 0 ? 1 : 0;
                }
                long c = System.nanoTime();
                if (round == 2) {
                    System.out.printf(Locale.ROOT, "| lookup, listed number | %.0f ns |%n", (b - a) / (double) count);
                    System.out.printf(Locale.ROOT, "| lookup, unlisted number | %.0f ns |%n", (c - b) / (double) count);
                    System.out.printf("| (found %d of %d listed probes) | |%n", found, count);
                }
            }
            compact.describe().forEach(System.out::println);
        }

        private static long liveHeap() {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
    }
}
