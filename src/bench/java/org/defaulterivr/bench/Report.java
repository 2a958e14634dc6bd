package org.defaulterivr.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Prints figures side by side as Markdown, with the ratio that says how far ahead ours is. */
final class Report {
    private Report() {
    }

    static void header(String title) {
        System.out.println();
        System.out.println("### " + title);
        System.out.println();
        System.out.println("| figure | defaulter-ivr | asterisk-java DefaultAgiServer | ours vs baseline |");
        System.out.println("|---|---:|---:|---:|");
    }

    /** A figure where more is better (throughput): ratio ours / baseline. */
    static void higherBetter(String name, double ours, double baseline, String format) {
        row(name, fmt(format, ours), fmt(format, baseline), ratio(ours, baseline));
    }

    /** A figure where less is better (latency, CPU, memory): ratio baseline / ours. */
    static void lowerBetter(String name, double ours, double baseline, String format) {
        row(name, fmt(format, ours), fmt(format, baseline), ratio(baseline, ours));
    }

    static void plain(String name, String ours, String baseline) {
        row(name, ours, baseline, "");
    }

    static void latency(String name, Histogram ours, Histogram baseline) {
        for (double p : new double[] {50, 99, 99.9}) {
            if (ours.getTotalCount() == 0 && baseline.getTotalCount() == 0) {
                return;
            }
            double o = ours.getTotalCount() == 0 ? Double.NaN : ours.getValueAtPercentile(p) / 1000.0;
            double b = baseline.getTotalCount() == 0 ? Double.NaN : baseline.getValueAtPercentile(p) / 1000.0;
            lowerBetter(name + " p" + (p == 99.9 ? "99.9" : Integer.toString((int) p)) + " (ms)", o, b, "%.3f");
        }
    }

    /** A target's line: what it asks, what was measured, met or not. */
    static void target(String what, String measured, boolean met) {
        System.out.println("target: " + what + ": " + measured + " -> " + (met ? "met" : "MISSED"));
    }

    static double p99Ms(Histogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1000.0;
    }

    /** The client's write pattern, said with every comparison. */
    static String client(boolean lab) {
        return lab ? "LAB client (environment in one write, TCP_NODELAY: not what Asterisk does)"
                : "field-faithful client (one write per line, Nagle on, as res_agi)";
    }

    static void row(String name, String ours, String baseline, String ratio) {
        System.out.println("| " + name + " | " + ours + " | " + baseline + " | " + ratio + " |");
    }

    static String fmt(String format, double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
    }

    static String ratio(double better, double worse) {
        if (Double.isNaN(better) || Double.isNaN(worse) || worse == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2fx", better / worse);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** The rows every load scenario prints: calls, failures, server cost. */
    static void serverCost(Measurement ours, Measurement baseline) {
        higherBetter("calls completed per second (window)", ours.load().throughput(), baseline.load().throughput(),
                "%.1f");
        plain("calls measured / ok / refused / failed / timeouts",
                counts(ours.load()), counts(baseline.load()));
        lowerBetter("server CPU per completed call (µs, JVM + its PostgreSQL)", ours.cpuMicrosPerCall(),
                baseline.cpuMicrosPerCall(), "%.1f");
        lowerBetter("server CPU busy (cores, window average)", ours.cores(), baseline.cores(), "%.2f");
        plain("  of which PostgreSQL (CPU s)", fmt("%.2f", ours.databaseCpuSeconds()),
                fmt("%.2f", baseline.databaseCpuSeconds()));
        lowerBetter("server peak RSS in window (MiB)", ours.peakRssBytes() / 1048576.0,
                baseline.peakRssBytes() / 1048576.0, "%.1f");
        lowerBetter("server heap used, sampled peak (MiB)", ours.jvm().heapUsedMax() / 1048576.0,
                baseline.jvm().heapUsedMax() / 1048576.0, "%.1f");
        lowerBetter("server JVM threads, peak", ours.jvm().threadsPeak(), baseline.jvm().threadsPeak(), "%.0f");
        plain("server event-loop lag p99 / max (ms; thread-per-call has none)", loopLag(ours.jvm()),
                loopLag(baseline.jvm()));
        plain("generator event-loop lag p99 / max (ms)", generatorLag(ours.load()), generatorLag(baseline.load()));
        lowerBetter("generator CPU per call (µs; with the kernel's loopback work charged to it)",
                ours.generatorCpuMicrosPerCall(), baseline.generatorCpuMicrosPerCall(), "%.1f");
        plain("server GC in window (collections / ms)", ours.jvm().gcCount() + " / " + ours.jvm().gcMillis(),
                baseline.jvm().gcCount() + " / " + baseline.jvm().gcMillis());
        plain("server JIT compiling in window (ms; more than a few: not yet at steady state)",
                Long.toString(ours.jvm().jitMillis()), Long.toString(baseline.jvm().jitMillis()));
    }

    static String loopLag(ServerUnderTest.JvmStats jvm) {
        return jvm.loopLagMaxMicros() < 0 ? "n/a"
                : LoadResult.ms(jvm.loopLagP99Micros()) + " / " + LoadResult.ms(jvm.loopLagMaxMicros());
    }

    static String generatorLag(LoadResult r) {
        return LoadResult.ms(r.generatorLag.getValueAtPercentile(99)) + " / " + LoadResult.ms(r.generatorLag.getMaxValue());
    }

    static String counts(LoadResult r) {
        String failures = r.failures.isEmpty() ? "" : " " + r.failures;
        return r.measured + " / " + r.ok + " / " + r.refused + " / " + r.failed() + failures + " / " + r.timeouts;
    }
}
