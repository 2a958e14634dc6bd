package org.defaulterivr.bench.jmh;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.defaulterivr.bench.RegistryFixture;
import org.defaulterivr.index.ListingIndex;
import org.defaulterivr.numbers.PhoneNumbers;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole per-call decision, {@link Screener#decide}, as a call makes it: the national number Asterisk passes,
 * libphonenumber to E.164 (called number, and the caller for the exemption check on a hit), then the lookup. On a
 * 100,000-number index, so the heap stays small and the figure is the decision's own work; add the difference
 * between {@code ListingIndexBenchmark}'s 10M lookup and a small one for a 10M registry.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DecisionBenchmark {
    private static final int SIZE = 100_000;
    private static final int PROBES = 1 << 16;

    Screener screener;
    PhoneNumbers numbers;
    String[] listedNational;
    String[] unlistedNational;
    int next;

    @Setup(Level.Trial)
    public void build() {
        Instant now = Instant.now();
        ListingIndex index = RegistryFixture.index(SIZE, 1, now);
        numbers = new PhoneNumbers("CN");
        screener = new Screener(index, numbers, Set.of("110", "112", "119", "120", "122", "911", "999"),
                Clock.fixed(now, ZoneOffset.UTC));
        String[] listed = RegistryFixture.probes(PROBES, SIZE, true, 1);
        String[] unlisted = RegistryFixture.probes(PROBES, SIZE, false, 2);
        listedNational = new String[PROBES];
        unlistedNational = new String[PROBES];
        for (int i = 0; i < PROBES; i++) {
            listedNational[i] = listed[i].substring(3);
            unlistedNational[i] = unlisted[i].substring(3);
        }
    }

    private int probe() {
        return next++ & (PROBES - 1);
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
