package org.defaulterivr.agi;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the host allows the FastAGI server, whatever our configuration asks: the kernel's cap on a listening socket's
 * accept queue ({@code net.core.somaxconn}), the process's open-file limit ({@code ulimit -n}, one per session), and
 * the kernel's count of connections it dropped because an accept queue was full ({@code TcpExt ListenOverflows}).
 *
 * <p>Reads {@code /proc}: call it off the event loop. Where a value cannot be read (not Linux), it is taken as no
 * limit and no count.
 */
public record HostLimits(OptionalLong somaxconn, OptionalLong openFiles) {

    /** Descriptors kept back for everything that is not a FastAGI session: database, HTTP, spool, jars, logs. */
    static final int RESERVED_FILES = 1024;

    public static HostLimits read() {
        return new HostLimits(readNumber(Path.of("/proc/sys/net/core/somaxconn")), openFileLimit());
    }

    /** The accept backlog the kernel will actually give a socket that asks for {@code requested}. */
    public int effectiveBacklog(int requested) {
        return (int) Math.min(requested, somaxconn.orElse(Long.MAX_VALUE));
    }

    /** The most sessions that can be open without running out of descriptors. */
    public int effectiveSessions(int requested) {
        if (openFiles.isEmpty()) {
            return requested;
        }
        return (int) Math.max(1, Math.min(requested, openFiles.getAsLong() - RESERVED_FILES));
    }

    /**
     * Connections the kernel dropped (or answered with a SYN cookie) because a listening socket's accept queue was
     * full, since boot, for the whole network namespace; empty where {@code /proc/net/netstat} cannot be read.
     */
    public static OptionalLong listenOverflows() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"), StandardCharsets.US_ASCII);
            for (int i = 0; i + 1 < lines.size(); i++) {
                String[] names = lines.get(i).split(" ");
                String[] values = lines.get(i + 1).split(" ");
                if (!names[0].equals("TcpExt:") || !values[0].equals("TcpExt:") || names.length != values.length) {
                    continue;
                }
                for (int k = 1; k < names.length; k++) {
                    if (names[k].equals("ListenOverflows")) {
                        return OptionalLong.of(Long.parseLong(values[k]));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a format we do not know: no count rather than a wrong one
        }
        return OptionalLong.empty();
    }

    private static OptionalLong readNumber(Path file) {
        try {
            // not readString: procfs reports a size of 0, and a read sized by it came back with "4" for "4096"
            return OptionalLong.of(Long.parseLong(Files.readAllLines(file, StandardCharsets.US_ASCII).get(0).strip()));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private static OptionalLong openFileLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            return max > 0 ? OptionalLong.of(max) : OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
