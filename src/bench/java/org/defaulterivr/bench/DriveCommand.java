package org.defaulterivr.bench;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The load generator alone, against a FastAGI server already running on 127.0.0.1 (ours or anyone's). */
@Command(name = "drive", mixinStandardHelpOptions = true,
        description = "Drive a running FastAGI server on 127.0.0.1 with the load generator; print what it saw.")
final class DriveCommand implements Callable<Integer> {
    @Mixin
    GeneratorOptions generator;

    @Option(names = "--port", required = true)
    int port;

    @Option(names = "--rate", defaultValue = "0", description = "calls/s, open loop; 0 = closed loop")
    double rate;

    @Option(names = "--concurrency", defaultValue = "64", description = "closed loop: calls in flight")
    int concurrency;

    @Option(names = "--listed", defaultValue = "0", description = "share of calls to listed numbers 138xxxxxxxx")
    double listed;

    @Option(names = "--notice-ms", defaultValue = "15000")
    long noticeMs;

    @Option(names = "--hangups", defaultValue = "0")
    double hangups;

    @Option(names = "--max-calls", defaultValue = "" + Long.MAX_VALUE)
    long maxCalls;

    @Option(names = "--warmup", defaultValue = "5")
    int warmup;

    @Option(names = "--seconds", defaultValue = "10")
    int seconds;

    @Option(names = "--asterisk-java", description = "the server is asterisk-java's: every call gets a command")
    boolean asteriskJava;

    @Override
    public Integer call() throws Exception {
        LoadSpec spec = new LoadSpec(port, new NumberPlan(generator.listedNumbers), listed, noticeMs, hangups, rate,
                concurrency, maxCalls, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds), asteriskJava,
                generator.sources, generator.eventLoops, generator.labClient);
        LoadResult result = new LoadGenerator(spec).run(new LoadGenerator.WindowListener() {
            @Override
            public void opened() {
            }

            @Override
            public void closed() {
            }
        });
        System.out.println(result.summary());
        result.printLatencies("");
        return 0;
    }
}
