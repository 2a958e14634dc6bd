package org.defaulterivr.bench.jmh;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.fastagi.AgiRequest;
import org.defaulterivr.agi.AgiEnvironment;
import org.defaulterivr.agi.AgiReply;
import org.defaulterivr.testing.Fixtures;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing what Asterisk sends, ours beside asterisk-java's: the environment block recorded in
 * {@code early-media-notice.txt} (to the called number) and the STREAM FILE reply {@code 200 result=0 endpos=120000}
 * (to its endpos). Both start from lines already split, as both servers' readers hand them over.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class AgiParsingBenchmark {
    private static final String STREAM_REPLY = "200 result=0 endpos=120000";
    private static final MethodHandle AJ_REQUEST;
    private static final MethodHandle AJ_REPLY;

    static {
        try {
            Class<?> request = Class.forName("org.asteriskjava.fastagi.internal.AgiRequestImpl");
            Class<?> reply = Class.forName("org.asteriskjava.fastagi.internal.AgiReplyImpl");
            // package-private constructors: the only way in short of a socket
            AJ_REQUEST = MethodHandles.privateLookupIn(request, MethodHandles.lookup())
                    .findConstructor(request, MethodType.methodType(void.class, List.class));
            AJ_REPLY = MethodHandles.privateLookupIn(reply, MethodHandles.lookup())
                    .findConstructor(reply, MethodType.methodType(void.class, List.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    List<String> environment;
    List<String> streamReply;

    @Setup
    public void load() {
        environment = Fixtures.load("early-media-notice.txt").environment();
        streamReply = List.of(STREAM_REPLY);
    }

    @Benchmark
    public String oursEnvironment() {
        AgiEnvironment.Reader reader = new AgiEnvironment.Reader(200);
        for (String line : environment) {
            reader.accept(line);
        }
        reader.accept("");
        return reader.environment().calledNumber();
    }

    @Benchmark
    public String asteriskJavaEnvironment() throws Throwable {
        AgiRequest request = (AgiRequest) AJ_REQUEST.invoke(environment);
        return request.getArguments()[0];
    }

    @Benchmark
    public long oursStreamFileReply() {
        AgiReply.Event event = new AgiReply.Reader(64).accept(STREAM_REPLY);
        return ((AgiReply.Complete) event).reply().longAttribute("endpos", 0);
    }

    @Benchmark
    public String asteriskJavaStreamFileReply() throws Throwable {
        org.asteriskjava.fastagi.reply.AgiReply reply = (org.asteriskjava.fastagi.reply.AgiReply) AJ_REPLY
                .invoke(streamReply);
        return reply.getResultCode() + reply.getAttribute("endpos");
    }
}
