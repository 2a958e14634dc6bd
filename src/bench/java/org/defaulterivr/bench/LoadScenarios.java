package org.defaulterivr.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The scenarios that put FastAGI load on both servers, each in its own JVM, one after the other. */
final class LoadScenarios {
    private LoadScenarios() {
    }

    /** Options every load scenario shares, with the generator's ({@link GeneratorOptions}). */
    static final class Common {
        @Option(names = "--heap", defaultValue = "512m", description = "-Xms/-Xmx of both servers (default ${DEFAULT-VALUE})")
        String heap;

        @Mixin
        GeneratorOptions generator;

        @Option(names = "--only", description = "ours or baseline; default both")
        String only;

        @Option(names = "--server-jvm", split = " ", description = "extra JVM options for both servers (e.g. JFR)")
        List<String> serverJvm = new ArrayList<>();

        @Option(names = "--server-loop-probe",
                description = "time a 5 ms timer on each of our server's event loops (costs it ~0.06 core)")
        boolean loopProbe;

        @Option(names = "--server-cpus", paramLabel = "LIST",
                description = "run both servers (and their PostgreSQL) on these cores only, as taskset -c takes them;"
                        + " with the generator on the others (taskset -c 0 mvn ... --server-cpus 1), neither takes the"
                        + " other's core, as when Asterisk runs on a host of its own")
        String serverCpus;

        @Option(names = "--server-setting", paramLabel = "KEY=VALUE",
                description = "one of our settings for our server, as in README.md (e.g. agi.event.loops=4); repeatable")
        List<String> serverSettings = new ArrayList<>();

        ServerUnderTest.Launch launch(long noticeMs) {
            List<String> jvm = new ArrayList<>(serverJvm);
            if (loopProbe) {
                jvm.add("-Dbench.loopProbe=true");
            }
            if (!serverSettings.isEmpty()) {
                jvm.add("-D" + OurServerMain.SETTINGS_PROPERTY + "=" + String.join(",", serverSettings));
            }
            return new ServerUnderTest.Launch(generator.listedNumbers, noticeMs, heap, jvm, serverCpus);
        }

        List<ServerUnderTest.Kind> kinds() {
            if (only == null) {
                return List.of(ServerUnderTest.Kind.OURS, ServerUnderTest.Kind.BASELINE);
            }
            return List.of(ServerUnderTest.Kind.valueOf(only.toUpperCase(Locale.ROOT)));
        }
    }

    static Map<ServerUnderTest.Kind, Measurement> compare(Common common, long noticeMs,
            java.util.function.Function<ServerUnderTest, LoadSpec> specFor) throws Exception {
        return compare(common, noticeMs, 1, specFor);
    }

    /**
     * Runs each server {@code rounds} times, alternating (ours, baseline, ours, ...) so that a slow spell of the machine
     * falls on both, and keeps each server's round of median throughput; every round's throughput is printed.
     */
    static Map<ServerUnderTest.Kind, Measurement> compare(Common common, long noticeMs, int rounds,
            java.util.function.Function<ServerUnderTest, LoadSpec> specFor) throws Exception {
        Map<ServerUnderTest.Kind, List<Measurement>> all = new EnumMap<>(ServerUnderTest.Kind.class);
        for (int round = 1; round <= rounds; round++) {
            for (ServerUnderTest.Kind kind : common.kinds()) {
                try (ServerUnderTest server = ServerUnderTest.start(kind,
                        common.launch(noticeMs))) {
                    LoadSpec spec = specFor.apply(server);
                    Thread.sleep(3000);
                    long idle0 = server.jvmCpuNanos() + server.databaseCpuNanos();
                    Thread.sleep(5000);
                    double idleCores = (server.jvmCpuNanos() + server.databaseCpuNanos() - idle0) / 5e9;
                    System.out.printf(Locale.ROOT, "  %s: idle CPU before load %.3f cores%n", kind.label, idleCores);
                    Measurement m = Measurement.measure(server, spec);
                    System.out.println("  " + kind.label + (rounds > 1 ? ", round " + round : "") + ": "
                            + m.load().summary());
                    System.out.printf(Locale.ROOT, "  %s: server CPU %.2f s JVM + %.2f s PostgreSQL (%.1f µs a call;"
                                    + " the generator's %.1f µs), peak RSS %s, %s%n", kind.label, m.jvmCpuSeconds(),
                            m.databaseCpuSeconds(), m.cpuMicrosPerCall(), m.generatorCpuMicrosPerCall(),
                            Report.mib(m.peakRssBytes()), m.jvm());
                    m.load().printLatencies("    ");
                    all.computeIfAbsent(kind, k -> new ArrayList<>()).add(m);
                }
            }
        }
        Map<ServerUnderTest.Kind, Measurement> results = new EnumMap<>(ServerUnderTest.Kind.class);
        all.forEach((kind, runs) -> {
            List<Measurement> sorted = new ArrayList<>(runs);
            sorted.sort(java.util.Comparator.comparingDouble(m -> m.load().throughput()));
            results.put(kind, sorted.get(sorted.size() / 2));
            if (runs.size() > 1) {
                System.out.printf(Locale.ROOT, "  %s: calls/s by round %s; the median round is reported%n", kind.label,
                        runs.stream().map(m -> String.format(Locale.ROOT, "%.0f", m.load().throughput())).toList());
            }
        });
        return results;
    }

    @Command(name = "unlisted", mixinStandardHelpOptions = true,
            description = "Unlisted numbers as fast as possible (closed loop): screenings per second.")
    static final class Unlisted implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--concurrency", defaultValue = "64", description = "calls in flight (default ${DEFAULT-VALUE})")
        int concurrency;

        // at 10 s C2 was still compiling our server for about 5 s of the window (9% of its CPU by perf)
        @Option(names = "--warmup", defaultValue = "30", description = "seconds (default ${DEFAULT-VALUE})")
        int warmup;

        @Option(names = "--seconds", defaultValue = "30", description = "measured seconds")
        int seconds;

        @Option(names = "--rounds", defaultValue = "3",
                description = "runs of each server, alternating; the median is reported (default ${DEFAULT-VALUE})")
        int rounds;

        @Override
        public Integer call() throws Exception {
            System.out.printf("unlisted: closed loop, %d calls in flight, %d s warm-up + %d s measured, %d rounds%n",
                    concurrency, warmup, seconds, rounds);
            var results = compare(common, 15_000, rounds, server -> new LoadSpec(server.port, new NumberPlan(
                    common.generator.listedNumbers), 0.0, 0, 0, 0, concurrency, Long.MAX_VALUE,
                    Duration.ofSeconds(warmup), Duration.ofSeconds(seconds),
                    server.kind == ServerUnderTest.Kind.BASELINE, common.generator.sources,
                    common.generator.eventLoops, common.generator.labClient));
            if (results.size() == 2) {
                Measurement ours = results.get(ServerUnderTest.Kind.OURS);
                Measurement base = results.get(ServerUnderTest.Kind.BASELINE);
                Report.header("Unlisted numbers, closed loop, " + concurrency + " in flight; "
                        + Report.client(common.generator.labClient));
                Report.serverCost(ours, base);
                Report.latency("session, connect to close", ours.load().endUnlisted, base.load().endUnlisted);
                Report.latency("post-dial delay we add (TCP connected to close)",
                        ours.load().connectedToCloseUnlisted, base.load().connectedToCloseUnlisted);
                double ratio = ours.load().throughput() / base.load().throughput();
                Report.target("unlisted screenings/s >= 2x asterisk-java's", String.format(java.util.Locale.ROOT,
                        "%.0f vs %.0f, %.2fx", ours.load().throughput(), base.load().throughput(), ratio), ratio >= 2);
                // the generator shares the cores: calls/s is bounded by its own CPU per call whatever the server
                double perCore = base.cpuMicrosPerCall() / ours.cpuMicrosPerCall();
                System.out.printf(java.util.Locale.ROOT, "  screenings per second of server CPU: %.0f vs %.0f, %.2fx;"
                                + " the generator's own CPU per call %.0f / %.0f µs caps any server on these cores at"
                                + " about %.0f / %.0f calls/s%n",
                        1e6 / ours.cpuMicrosPerCall(), 1e6 / base.cpuMicrosPerCall(), perCore,
                        ours.generatorCpuMicrosPerCall(), base.generatorCpuMicrosPerCall(),
                        Runtime.getRuntime().availableProcessors() * 1e6 / ours.generatorCpuMicrosPerCall(),
                        Runtime.getRuntime().availableProcessors() * 1e6 / base.generatorCpuMicrosPerCall());
            }
            return 0;
        }
    }

    @Command(name = "rate", mixinStandardHelpOptions = true,
            description = "A fixed rate of calls (open loop), some listed: latency percentiles.")
    static final class Rate implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--rate", defaultValue = "1000", description = "calls started per second")
        double rate;

        @Option(names = "--listed", defaultValue = "0.05", description = "share of calls to listed numbers")
        double listed;

        @Option(names = "--notice-ms", defaultValue = "15000", description = "notice length (STREAM FILE reply delay)")
        long noticeMs;

        @Option(names = "--hangups", defaultValue = "0.1", description = "share of listed callers who hang up mid-notice")
        double hangups;

        // at 5% listed, the listed-call code reaches C2 only after ~20 s; a 10 s warm-up left both JVMs compiling
        // (a quarter of a core for ours) inside the measured window, and after 30 s C2 still took 12-14% of our
        // server's CPU in it (perf), which on two shared cores showed in every tail: p99 1.89 ms at 30 s, 1.29 ms at
        // 60. Rarer paths (hang-ups, outcomes) take longer: after 60 s our server still compiled for 600 ms of a 30 s
        // window (its JIT row), after 180 s for 77-173 ms; asterisk-java's 30-66 ms. A carrier's node runs for days.
        @Option(names = "--warmup", defaultValue = "180", description = "seconds (default ${DEFAULT-VALUE})")
        int warmup;

        @Option(names = "--seconds", defaultValue = "60", description = "measured seconds")
        int seconds;

        @Override
        public Integer call() throws Exception {
            System.out.printf(Locale.ROOT, "rate: %.0f calls/s open loop, %.1f%% listed, notice %d ms, %.0f%% of"
                            + " listed callers hang up early, %d s warm-up + %d s measured%n", rate, listed * 100,
                    noticeMs, hangups * 100, warmup, seconds);
            var results = compare(common, noticeMs, server -> new LoadSpec(server.port,
                    new NumberPlan(common.generator.listedNumbers), listed, noticeMs, hangups, rate, 0,
                    Long.MAX_VALUE,
                    Duration.ofSeconds(warmup), Duration.ofSeconds(seconds),
                    server.kind == ServerUnderTest.Kind.BASELINE, common.generator.sources,
                    common.generator.eventLoops, common.generator.labClient));
            if (results.size() == 2) {
                Measurement ours = results.get(ServerUnderTest.Kind.OURS);
                Measurement base = results.get(ServerUnderTest.Kind.BASELINE);
                Report.header(String.format(Locale.ROOT, "%.0f calls/s, %.0f%% listed, %d ms notice; %s", rate,
                        listed * 100, noticeMs, Report.client(common.generator.labClient)));
                Report.latency("post-dial delay we add, unlisted (TCP connected to close)",
                        ours.load().connectedToCloseUnlisted, base.load().connectedToCloseUnlisted);
                Report.latency("post-dial delay we add, listed (TCP connected to first command)",
                        ours.load().connectedToFirstCommandListed, base.load().connectedToFirstCommandListed);
                Report.serverCost(ours, base);
                Report.latency("unlisted: connect to close", ours.load().endUnlisted, base.load().endUnlisted);
                Report.latency("unlisted: of which scheduled to TCP connected (generator side)",
                        ours.load().connectUnlisted, base.load().connectUnlisted);
                Report.latency("unlisted: of which the generator's lateness (scheduled to connect() called)",
                        ours.load().lateUnlisted, base.load().lateUnlisted);
                Report.latency("unlisted: of which TCP connected to close", ours.load().connectedToCloseUnlisted,
                        base.load().connectedToCloseUnlisted);
                Report.latency("unlisted: connect() called to close (as Asterisk counts; no generator lateness)",
                        ours.load().fromConnectCallUnlisted, base.load().fromConnectCallUnlisted);
                Report.latency("listed: connect to first command", ours.load().firstCommandListed,
                        base.load().firstCommandListed);
                Report.latency("listed: notice end to close", ours.load().afterNotice, base.load().afterNotice);
                Report.latency("listed: connect to close", ours.load().endListed, base.load().endListed);
                double oursPdd = Report.p99Ms(ours.load().connectedToCloseUnlisted);
                Report.target(String.format(Locale.ROOT, "post-dial delay we add to an unlisted call, p99 at %.0f"
                        + " calls/s <= 1 ms", rate), String.format(Locale.ROOT, "%.3f ms", oursPdd), oursPdd <= 1);
                double oursEnd = Report.p99Ms(ours.load().endUnlisted);
                double baseEnd = Report.p99Ms(base.load().endUnlisted);
                Report.target("unlisted connect-to-close p99 <= 1/2 of asterisk-java's", String.format(Locale.ROOT,
                        "%.3f ms vs %.3f ms", oursEnd, baseEnd), oursEnd <= baseEnd / 2);
                double oursCall = Report.p99Ms(ours.load().fromConnectCallUnlisted);
                double baseCall = Report.p99Ms(base.load().fromConnectCallUnlisted);
                System.out.printf(Locale.ROOT, "the same from connect() called (without the generator's lateness):"
                        + " %.3f ms vs %.3f ms (%.2fx)%n", oursCall, baseCall, baseCall / oursCall);
            }
            return 0;
        }
    }

    @Command(name = "held", mixinStandardHelpOptions = true,
            description = "Calls holding a notice at once, grown until sessions fail: the most held without a refusal.")
    static final class Held implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--notice-ms", defaultValue = "10000", description = "notice length")
        long noticeMs;

        @Option(names = "--levels", split = ",", defaultValue = "1000,2000,5000,10000,15000,19000",
                description = "calls held at once, tried in order until one fails")
        List<Integer> levels;

        @Option(names = "--ramp-seconds", defaultValue = "5",
                description = "calls of a level start over this time; 0 = all at once (a burst of connects)")
        int rampSeconds;

        @Option(names = "--warmup-calls", defaultValue = "6000",
                description = "calls (30% listed, 1 s notices) before the first level, to warm both JVMs up")
        int warmupCalls;

        @Option(names = "--resolution", defaultValue = "0.05",
                description = "bisect between the last level held and the first failed to this fraction")
        double resolution;

        record Step(int level, LoadResult load, long liveHeap, long idleLive, int osThreads, int openFiles, long peakRss,
                double cpuSeconds, boolean allAtOnce) {
            boolean held() {
                // with calls starting over as long as a notice lasts, the first end as the last start: all were
                // held, not all at once
                return load.refused == 0 && load.failed() == 0 && load.timeouts == 0 && load.ok == level
                        && (load.peakHolding == level || !allAtOnce) && load.lateListed == 0;
            }
        }

        @Override
        public Integer call() throws Exception {
            System.out.printf("held: each call holds a %d ms notice; levels %s, each started over %d s%n", noticeMs,
                    levels, rampSeconds);
            Map<ServerUnderTest.Kind, List<Step>> all = new EnumMap<>(ServerUnderTest.Kind.class);
            for (ServerUnderTest.Kind kind : common.kinds()) {
                List<Step> steps = new ArrayList<>();
                all.put(kind, steps);
                try (ServerUnderTest server = ServerUnderTest.start(kind,
                        common.launch(noticeMs))) {
                    warmUp(server);
                    long idleLive = server.liveHeapBytes();
                    System.out.println("  " + kind.label + ": live heap after GC before any call: "
                            + Report.mib(idleLive));
                    int lastHeld = 0;
                    int firstFailed = -1;
                    for (int level : levels) {
                        Step step = step(server, level, idleLive);
                        steps.add(step);
                        if (step.held()) {
                            lastHeld = level;
                        } else {
                            firstFailed = level;
                            break;
                        }
                    }
                    while (firstFailed > 0 && firstFailed - lastHeld > Math.max(1, lastHeld * resolution)) {
                        int middle = (lastHeld + firstFailed) / 2;
                        Step step = step(server, middle, idleLive);
                        steps.add(step);
                        if (step.held()) {
                            lastHeld = middle;
                        } else {
                            firstFailed = middle;
                        }
                    }
                    System.out.printf("  %s: most held without a refusal: %d%s%n", kind.label, lastHeld,
                            firstFailed > 0 ? " (first failure at " + firstFailed + ")" : " (every level held)");
                }
            }
            System.out.println();
            System.out.println("| server | calls held at once | ok | refused | failed | timeouts | late (first command"
                    + " > " + LoadResult.LATE_MICROS / 1000 + " ms) | connected to first command p99 / max | peak holding"
                    + " | live heap after GC | heap per held call (over idle) | OS threads | open files | peak RSS | CPU s |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            all.forEach((kind, steps) -> {
                for (Step s : steps) {
                    System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %s / %s | %d | %s | %.1f KiB"
                                    + " | %d | %d | %s | %.1f |%n", kind.label, s.level(), s.load().ok,
                            s.load().refused, s.load().failed(), s.load().timeouts, s.load().lateListed,
                            LoadResult.ms(s.load().connectedToFirstCommandListed.getValueAtPercentile(99)),
                            LoadResult.ms(s.load().connectedToFirstCommandListed.getMaxValue()),
                            s.load().peakHolding, Report.mib(s.liveHeap()),
                            (s.liveHeap() - s.idleLive()) / 1024.0 / s.level(), s.osThreads(), s.openFiles(),
                            Report.mib(s.peakRss()), s.cpuSeconds());
                }
            });
            return 0;
        }

        /** The same warm-up for both servers (and for the generator's JVM): JIT, pools, first connections. */
        private void warmUp(ServerUnderTest server) throws InterruptedException {
            if (warmupCalls <= 0) {
                return;
            }
            LoadSpec spec = new LoadSpec(server.port, new NumberPlan(common.generator.listedNumbers), 0.3, 1000, 0.1,
                    300, 0, warmupCalls, Duration.ZERO, Duration.ofMillis(warmupCalls * 1000L / 300),
                    server.kind == ServerUnderTest.Kind.BASELINE, common.generator.sources,
                    common.generator.eventLoops, common.generator.labClient);
            LoadResult warm = new LoadGenerator(spec).run(new LoadGenerator.WindowListener() {
                @Override
                public void opened() {
                }

                @Override
                public void closed() {
                }
            });
            System.out.println("  " + server.kind.label + ", warm-up: " + warm.summary());
            Thread.sleep(2000);
        }

        private Step step(ServerUnderTest server, int level, long idleLive) throws InterruptedException {
            // every call of the level is measured: the window is the ramp plus a second of slack; no ramp is a burst,
            // every call started within a millisecond
            double rate = rampSeconds > 0 ? (double) level / rampSeconds : level * 1000.0;
            LoadSpec spec = new LoadSpec(server.port, new NumberPlan(common.generator.listedNumbers), 1.0, noticeMs,
                    0, rate, 0, level, Duration.ZERO, Duration.ofSeconds(rampSeconds + 1),
                    server.kind == ServerUnderTest.Kind.BASELINE, common.generator.sources,
                    common.generator.eventLoops, common.generator.labClient);
            long[] plateau = new long[4];
            long cpu0 = server.jvmCpuNanos() + server.databaseCpuNanos();
            server.resetPeaks();
            long[] serverBefore = server.firstCommandsAndLate();
            LoadResult load = new LoadGenerator(spec).run(new LoadGenerator.WindowListener() {
                @Override
                public void opened() {
                }

                @Override
                public void closed() {
                    // every call of the level has started and (notice > ramp) is still holding: read the server now
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    plateau[0] = server.liveHeapBytes();
                    plateau[1] = server.osThreads();
                    plateau[2] = server.openFiles();
                    plateau[3] = server.peakRssBytes();
                }
            });
            double cpu = (server.jvmCpuNanos() + server.databaseCpuNanos() - cpu0) / 1e9;
            Step step = new Step(level, load, plateau[0], idleLive, (int) plateau[1], (int) plateau[2], plateau[3], cpu,
                    rampSeconds * 1000L < noticeMs);
            System.out.printf("  %s, %d calls: %s -> %s%n", server.kind.label, level, load.summary(),
                    step.held() ? "held" : "FAILED");
            long[] serverView = server.firstCommandsAndLate();
            if (serverView[0] >= 0) {
                // the generator times "late" on its own event loop, which lags on a busy machine; the server times
                // from its accept to its first command
                System.out.printf("  %s, %d calls, as the server timed them: %d of %d first commands later than"
                        + " %d ms after the accept%n", server.kind.label, level, serverView[1] - serverBefore[1],
                        serverView[0] - serverBefore[0], LoadResult.LATE_MICROS / 1000);
            }
            Thread.sleep(2000);
            return step;
        }
    }
}
