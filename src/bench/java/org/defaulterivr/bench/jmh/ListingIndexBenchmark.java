package org.defaulterivr.bench.jmh;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.defaulterivr.bench.RegistryFixture;
import org.defaulterivr.registry.Listing;
import org.defaulterivr.registry.ListingIndex;
import org.defaulterivr.registry.PhoneNumbers;
import org.defaulterivr.screening.CallRequest;
import org.defaulterivr.screening.Decision;
import org.defaulterivr.screening.Screener;
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
 * The per-call decision against a registry of {@code size} numbers: the index lookup alone (E.164 in hand), and the
 * whole {@link Screener#decide} as a call makes it (national number from Asterisk, libphonenumber to E.164, then the
 * lookup). Probes are random, so the lookup pays the cache misses a real call pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms10g", "-Xmx10g", "-XX:+UseG1GC"})
public class ListingIndexBenchmark {
    private static final int PROBES = 1 << 16;

    @Param("10000000")
    int size;

    ListingIndex index;
    Screener screener;
    PhoneNumbers numbers;
    Instant now;
    String[] listedE164;
    String[] unlistedE164;
    String[] listedNational;
    String[] unlistedNational;
    int next;

    @Setup(Level.Trial)
    public void build() {
        now = Instant.now();
        index = RegistryFixture.index(size, 1, now);
        numbers = new PhoneNumbers("CN");
        screener = new Screener(index, numbers, Set.of("110", "112", "119", "120", "122", "911", "999"),
                Clock.fixed(now, ZoneOffset.UTC));
        listedE164 = RegistryFixture.probes(PROBES, size, true, 1);
        unlistedE164 = RegistryFixture.probes(PROBES, size, false, 2);
        listedNational = new String[PROBES];
        unlistedNational = new String[PROBES];
        for (int i = 0; i < PROBES; i++) {
            listedNational[i] = listedE164[i].substring(3);
            unlistedNational[i] = unlistedE164[i].substring(3);
        }
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

    @Benchmark
    public Decision decideListed() {
        return screener.decide(new CallRequest("1795387451.0", listedNational[probe()], "13700000000"));
    }

    @Benchmark
    public Decision decideUnlisted() {
        return screener.decide(new CallRequest("1795387451.0", unlistedNational[probe()], "13700000000"));
    }

    @Benchmark
    public Optional<String> toE164Only() {
        return numbers.toE164(unlistedNational[probe()]);
    }
}
