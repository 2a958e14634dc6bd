package org.defaulterivr.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** CPU time and resident memory of a process, read from Linux's /proc, as {@code top} and {@code ps} see them. */
final class ProcessStats {
    /** USER_HZ: the unit of /proc/PID/stat's times; 100 on every Linux we run on. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessStats() {
    }

    /** User + system CPU of the process (all its threads), in nanoseconds. */
    static long cpuNanos(long pid) {
        long[] t = times(pid);
        return t == null ? 0 : (t[0] + t[1]) * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /**
     * CPU of a process and of its reaped children too (utime, stime, cutime, cstime), plus the live children's own:
     * a PostgreSQL postmaster and its backends.
     */
    static long treeCpuNanos(long pid) {
        long[] t = times(pid);
        if (t == null) {
            return 0;
        }
        long ticks = t[0] + t[1] + t[2] + t[3];
        for (long child : children(pid)) {
            long[] c = times(child);
            if (c != null) {
                ticks += c[0] + c[1];
            }
        }
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** Peak resident set (VmHWM) in bytes since start or since {@link #resetPeakRss}. */
    static long peakRssBytes(long pid) {
        return statusKb(pid, "VmHWM:") * 1024;
    }

    static long rssBytes(long pid) {
        return statusKb(pid, "VmRSS:") * 1024;
    }

    static int threads(long pid) {
        return (int) statusKb(pid, "Threads:");
    }

    /** Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+). */
    static boolean resetPeakRss(long pid) {
        try {
            Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Open file descriptors of the process. */
    static int openFiles(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The process whose command line contains {@code fragment} (the postmaster of a data directory). */
    static Optional<Long> findByCommandLine(String fragment) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                            return cmd.contains(fragment) && cmd.contains("postgres") && !cmd.contains("java");
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .min(Long::compare);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<Long> children(long pid) {
        List<Long> children = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                String[] f = statFields(Long.parseLong(p.getFileName().toString()));
                if (f != null && Long.parseLong(f[1]) == pid) {
                    children.add(Long.parseLong(p.getFileName().toString()));
                }
            });
        } catch (IOException e) {
            // the process is gone
        }
        return children;
    }

    /** utime, stime, cutime, cstime in ticks; null if the process is gone. */
    private static long[] times(long pid) {
        String[] f = statFields(pid);
        if (f == null) {
            return null;
        }
        // fields after the command name: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                Long.parseLong(f[14])};
    }

    /** /proc/PID/stat from the field after "(comm)" on; null if gone. */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long statusKb(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            // gone
        }
        return 0;
    }
}
