package org.defaulterivr.bench;

/** One server's figures for one load run: what the generator saw and what the server process cost. */
record Measurement(
        ServerUnderTest.Kind kind,
        LoadResult load,
        double jvmCpuSeconds,
        double databaseCpuSeconds,
        long peakRssBytes,
        ServerUnderTest.JvmStats jvm,
        double generatorCpuSeconds) {

    /** Server CPU per call that ended as expected in the window, microseconds. */
    double cpuMicrosPerCall() {
        return load.ok == 0 ? Double.NaN : (jvmCpuSeconds + databaseCpuSeconds) * 1e6 / load.ok;
    }

    /**
     * This process's CPU per call that ended as expected, microseconds: the load generator, with the kernel's loopback
     * work that Linux charges to the sender (the server's receive path of every segment the generator writes).
     */
    double generatorCpuMicrosPerCall() {
        return load.ok == 0 ? Double.NaN : generatorCpuSeconds * 1e6 / load.ok;
    }

    /** Cores the server kept busy on average in the window. */
    double cores() {
        return load.measureSeconds <= 0 ? 0 : (jvmCpuSeconds + databaseCpuSeconds) / load.measureSeconds;
    }

    /** Runs one load against a server and reads its CPU and memory over the measured window. */
    static Measurement measure(ServerUnderTest server, LoadSpec spec) throws InterruptedException {
        long[] cpu = new long[2];
        long[] db = new long[2];
        ServerUnderTest.JvmStats[] jvm = new ServerUnderTest.JvmStats[1];
        long[] rss = new long[1];
        long[] generator = new long[2];
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        LoadResult load = new LoadGenerator(spec).run(new LoadGenerator.WindowListener() {
            @Override
            public void opened() {
                server.resetPeaks();
                cpu[0] = server.jvmCpuNanos();
                db[0] = server.databaseCpuNanos();
                generator[0] = os.getProcessCpuTime();
            }

            @Override
            public void closed() {
                cpu[1] = server.jvmCpuNanos();
                db[1] = server.databaseCpuNanos();
                generator[1] = os.getProcessCpuTime();
                rss[0] = server.peakRssBytes();
                jvm[0] = server.jvmStats();
            }
        });
        return new Measurement(server.kind, load, (cpu[1] - cpu[0]) / 1e9, (db[1] - db[0]) / 1e9, rss[0], jvm[0],
                (generator[1] - generator[0]) / 1e9);
    }
}
