package org.defaulterivr.bench.jmh;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.defaulterivr.evidence.EvidenceRecord;
import org.defaulterivr.evidence.LeafEncoding;
import org.defaulterivr.evidence.NoticeOutcome;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The canonical encoding of one evidence record and its RFC 9162 leaf hash. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class LeafHashBenchmark {
    final EvidenceRecord record = new EvidenceRecord("node-1", "1795387451.0", Instant.parse("2026-11-22T10:15:30Z"),
            "+8613800000000", "h:0123456789abcdef:01", "court-a", 42, "(2025)Z1000042", 7, "5f".repeat(32),
            NoticeOutcome.PLAYED, 15_000, 15_000);
    long seq;

    @Benchmark
    public byte[] encode() {
        return LeafEncoding.encode(seq++, record);
    }

    @Benchmark
    public byte[] leafHash() {
        return LeafEncoding.leafHash(seq++, record);
    }
}
