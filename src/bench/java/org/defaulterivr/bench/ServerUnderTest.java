package org.defaulterivr.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One FastAGI server under test, ours or asterisk-java's, as its own JVM process with the same heap limit, so its
 * CPU time and memory can be read from /proc and from the JVM itself ({@link ChildControl}).
 */
final class ServerUnderTest implements AutoCloseable {

    enum Kind {
        OURS("defaulter-ivr (Vert.x)"),
        BASELINE("asterisk-java DefaultAgiServer");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * How a server is started: the same for both kinds. {@code cpus}: the cores the server (and its PostgreSQL) may
     * run on, as taskset takes them; null for any.
     */
    record Launch(int listed, long noticeMs, String heap, List<String> extraJvmArgs, String cpus) {
    }

    /** What the JVM says about itself since the last reset. */
    record JvmStats(long heapUsedMax, long heapCommittedMax, int threadsPeak, long gcCount, long gcMillis,
            long jitMillis, long loopLagP99Micros, long loopLagMaxMicros) {
    }

    final Kind kind;
    final int port;
    private final Process process;
    private final Path dataDir;
    private final PrintWriter control;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Path log;
    private Long postmaster;

    private ServerUnderTest(Kind kind, Process process, Path dataDir, Path log) throws IOException {
        this.kind = kind;
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.control = new PrintWriter(process.outputWriter(StandardCharsets.UTF_8), true);
        Writer logFile = Files.newBufferedWriter(log);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); logFile) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("BENCH ")) {
                        replies.add(line.substring(6));
                    } else {
                        logFile.write(line);
                        logFile.write('\n');
                        logFile.flush();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            replies.add("EXITED");
        }, "bench-" + kind + "-output");
        reader.setDaemon(true);
        reader.start();
        String ready = reply(180);
        if (!ready.startsWith("READY")) {
            throw new IllegalStateException(kind + " server did not start (" + ready + "); see " + log);
        }
        this.port = Integer.parseInt(field(ready, "port"));
        System.out.println("  started " + kind.label + ": pid " + process.pid() + ", " + ready + " (log " + log + ")");
    }

    static ServerUnderTest start(Kind kind, Launch launch) throws IOException {
        Path dataDir = Files.createTempDirectory("divr-bench-" + kind.name().toLowerCase());
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        if (launch.cpus() != null) {
            command.addAll(List.of("taskset", "-c", launch.cpus()));
        }
        command.addAll(List.of(java, "-Xms" + launch.heap(), "-Xmx" + launch.heap(), "-XX:+UseG1GC"));
        command.addAll(launch.extraJvmArgs());
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        if (kind == Kind.OURS) {
            command.addAll(List.of(OurServerMain.class.getName(), dataDir.toString(), Integer.toString(freePort()),
                    Integer.toString(launch.listed()), Long.toString(launch.noticeMs())));
        } else {
            command.addAll(List.of(BaselineServerMain.class.getName(), Integer.toString(freePort()),
                    Integer.toString(launch.listed()), Long.toString(launch.noticeMs())));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = new HashMap<>(builder.environment());
        env.keySet().removeIf(k -> k.startsWith("DIVR_") || k.equals("DATABASE_URL"));
        builder.environment().clear();
        builder.environment().putAll(env);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        return new ServerUnderTest(kind, builder.start(), dataDir, log);
    }

    long pid() {
        return process.pid();
    }

    /** CPU of the JVM process, nanoseconds. */
    long jvmCpuNanos() {
        return ProcessStats.cpuNanos(process.pid());
    }

    /** CPU of the embedded PostgreSQL (our server only; 0 for the baseline, which has none). */
    long databaseCpuNanos() {
        if (kind != Kind.OURS) {
            return 0;
        }
        if (postmaster == null) {
            postmaster = ProcessStats.findByCommandLine(dataDir.resolve("postgres").toString()).orElse(-1L);
        }
        return postmaster < 0 ? 0 : ProcessStats.treeCpuNanos(postmaster);
    }

    long peakRssBytes() {
        return ProcessStats.peakRssBytes(process.pid());
    }

    int openFiles() {
        return ProcessStats.openFiles(process.pid());
    }

    int osThreads() {
        return ProcessStats.threads(process.pid());
    }

    /** Resets the peaks (RSS high-water mark, sampled heap, thread count, GC counters) before a measurement. */
    void resetPeaks() {
        ProcessStats.resetPeakRss(process.pid());
        ask("reset");
    }

    JvmStats jvmStats() {
        String s = ask("stats");
        return new JvmStats(Long.parseLong(field(s, "heapUsedMax")), Long.parseLong(field(s, "heapCommittedMax")),
                Integer.parseInt(field(s, "threadsPeak")), Long.parseLong(field(s, "gcCount")),
                Long.parseLong(field(s, "gcMillis")), Long.parseLong(field(s, "jitMillis")),
                Long.parseLong(field(s, "loopLagP99")),
                Long.parseLong(field(s, "loopLagMax")));
    }

    /**
     * The server's own count, since it started, of first commands sent and of those sent more than 300 ms after the
     * accept ({@code divr_agi_post_dial_delay_seconds}); -1s for a server without it.
     */
    long[] firstCommandsAndLate() {
        String s = ask("postdial");
        return new long[] {Long.parseLong(field(s, "firstCommands")), Long.parseLong(field(s, "late"))};
    }

    /** Heap still used after a full GC: what is live now. */
    long liveHeapBytes() {
        return Long.parseLong(field(ask("gc"), "heapUsed"));
    }

    Path log() {
        return log;
    }

    private synchronized String ask(String command) {
        control.println(command);
        return reply(60);
    }

    private String reply(int seconds) {
        try {
            String line = replies.poll(seconds, TimeUnit.SECONDS);
            if (line == null) {
                throw new IllegalStateException(kind + " server did not answer within " + seconds + " s; see " + log);
            }
            if (line.equals("EXITED")) {
                throw new IllegalStateException(kind + " server exited; see " + log);
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String field(String line, String name) {
        for (String part : line.split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new IllegalStateException("no " + name + " in '" + line + "'");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            control.println("quit");
            try {
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
                    process.destroy();
                    if (!process.waitFor(20, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        deleteQuietly(dataDir);
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leave it for the OS to clean /tmp
        }
    }
}
