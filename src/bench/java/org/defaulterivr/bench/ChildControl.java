package org.defaulterivr.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process half of a server under test: answers the benchmark's questions about this JVM on stdin/stdout
 * (lines starting with {@code BENCH}), so both servers are measured the same way. Heap use is sampled every 10 ms.
 */
final class ChildControl {
    private final AtomicLong heapUsedMax = new AtomicLong();
    private final AtomicLong heapCommittedMax = new AtomicLong();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    /** Lateness of a 5 ms timer on each event loop, microseconds; only a server with event loops fills it. */
    final org.HdrHistogram.ConcurrentHistogram loopLag = new org.HdrHistogram.ConcurrentHistogram(60_000_000L, 2);
    /**
     * The server's own count of first commands and of those later than 300 ms after the accept, as
     * {@code firstCommands=N late=M}; only our server fills it (from its {@code divr_agi_post_dial_delay_seconds}).
     */
    volatile java.util.function.Supplier<String> postDial = () -> "firstCommands=-1 late=-1";
    private long gcCountAtReset;
    private long gcMillisAtReset;
    private long jitMillisAtReset;

    ChildControl() {
        Thread sampler = new Thread(() -> {
            while (true) {
                var usage = memory.getHeapMemoryUsage();
                heapUsedMax.accumulateAndGet(usage.getUsed(), Math::max);
                heapCommittedMax.accumulateAndGet(usage.getCommitted(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static void say(String line) {
        System.out.println("BENCH " + line);
        System.out.flush();
    }

    /** Serves commands until {@code quit} or end of input, then runs {@code stop}. */
    void serve(Runnable stop) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            switch (line.trim()) {
                case "reset" -> {
                    heapUsedMax.set(memory.getHeapMemoryUsage().getUsed());
                    heapCommittedMax.set(memory.getHeapMemoryUsage().getCommitted());
                    threads.resetPeakThreadCount();
                    gcCountAtReset = gcCount();
                    gcMillisAtReset = gcMillis();
                    jitMillisAtReset = jitMillis();
                    loopLag.reset();
                    say("OK");
                }
                case "stats" -> say("STATS heapUsedMax=" + heapUsedMax.get() + " heapCommittedMax="
                        + heapCommittedMax.get() + " threadsPeak=" + threads.getPeakThreadCount() + " threadsNow="
                        + threads.getThreadCount() + " gcCount=" + (gcCount() - gcCountAtReset) + " gcMillis="
                        + (gcMillis() - gcMillisAtReset) + " jitMillis=" + (jitMillis() - jitMillisAtReset)
                        + " loopLagP99=" + lag(99) + " loopLagMax=" + lag(100));
                case "postdial" -> say("POSTDIAL " + postDial.get());
                case "gc" -> {
                    System.gc();
                    System.gc();
                    say("LIVE heapUsed=" + memory.getHeapMemoryUsage().getUsed());
                }
                case "quit" -> {
                    stop.run();
                    say("BYE");
                    return;
                }
                default -> say("ERROR unknown command");
            }
        }
        stop.run();
    }

    private long lag(double percentile) {
        return loopLag.getTotalCount() == 0 ? -1 : loopLag.getValueAtPercentile(percentile);
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    /**
     * Time the JIT compilers spent since the start: compiling in the measured window means the server was not yet at
     * its steady state (at 5% listed, the listed-call code is still being compiled a minute in).
     */
    private static long jitMillis() {
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }
}
