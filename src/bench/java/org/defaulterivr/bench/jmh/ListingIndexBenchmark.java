package org.defaulterivr.bench.jmh;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.defaulterivr.bench.RegistryFixture;
import org.defaulterivr.index.Listing;
import org.defaulterivr.index.ListingIndex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The index lookup against a registry of {@code size} numbers, E.164 in hand. Probes are random, so the lookup pays
 * the cache misses a real call pays. {@link DecisionBenchmark} has the rest of the per-call decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms14g", "-Xmx14g", "-XX:+UseG1GC"})
public class ListingIndexBenchmark {
    private static final int PROBES = 1 << 16;

    @Param("10000000")
    int size;

    ListingIndex index;
    Instant now;
    String[] listedE164;
    String[] unlistedE164;
    int next;

    @Setup(Level.Trial)
    public void build() {
        now = Instant.now();
        index = RegistryFixture.index(size, 1, now);
        listedE164 = RegistryFixture.probes(PROBES, size, true, 1);
        unlistedE164 = RegistryFixture.probes(PROBES, size, false, 2);
    }

    private int probe() {
        return next++ & (PROBES - 1);
    }

    @Benchmark
    public Optional<Listing> findListed() {
        return index.find(listedE164[probe()], now, l -> true);
    }

    @Benchmark
    public Optional<Listing> findUnlisted() {
        return index.find(unlistedE164[probe()], now, l -> true);
    }

}
