package org.defaulterivr.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays Asterisk's side of FastAGI for many calls at once, the way the recordings show Asterisk 20 doing it: a new
 * TCP connection per call, the recorded environment block written as res_agi writes it (one write per line, Nagle's
 * algorithm on; {@link LoadSpec#labClient()} writes it at once with TCP_NODELAY instead, a lab mode), {@code 200 result=0} to {@code EXEC Progress},
 * {@code 200 result=0 endpos=N} to {@code STREAM FILE} only once the notice has played, {@code 200 result=1} to
 * {@code SET VARIABLE}; a caller who hangs up mid-notice gets {@code 200 result=-1 endpos=N} and the unsolicited
 * {@code HANGUP} line. Non-blocking (Vert.x NetClient, a few event loops), so 10,000+ calls can be held at once.
 *
 * <p>Open loop ({@link LoadSpec#rate()} &gt; 0): calls start on schedule whatever the server does, and latency is
 * counted from the scheduled start, so a slow server cannot hide its queue (no coordinated omission).
 */
final class LoadGenerator {

    /** Called on the benchmark's own thread when the measured window opens and closes. */
    interface WindowListener {
        void opened();

        void closed();
    }

    private static final long LAG_PROBE_NANOS = 5_000_000;

    /**
     * Calls one event loop starts before it turns to its sockets again. Asterisk runs each call on its own thread, so
     * in a burst a call's environment follows its connect at once; started all in one go, 2,000 connects came before
     * the first call's environment, and the burst's first commands were late by the generator's own doing.
     */
    private static final int CALLS_PER_TURN = 16;

    /**
     * Runs in this process so far. Each run draws other callers: the server remembers who heard which notice (one
     * notice per caller and case per period), so a run repeating an earlier run's callers, as a bisection step or
     * a level after the warm-up did, got its listed calls connected without a notice and counted as refused.
     */
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final LoadSpec spec;
    private final int run = RUNS.getAndIncrement();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger holding = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicInteger peakHolding = new AtomicInteger();
    private final AtomicLong callCounter = new AtomicLong();
    private long startNanos;
    private long warmupEndNanos;
    private long measureEndNanos;

    LoadGenerator(LoadSpec spec) {
        this.spec = spec;
    }

    /** Peak calls holding a notice (STREAM FILE sent, reply not yet given) at once. */
    int holdingNow() {
        return holding.get();
    }

    LoadResult run(WindowListener window) throws InterruptedException {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(spec.eventLoops())
                .setPreferNativeTransport(true));
        try {
            EnvironmentBlock environment = new EnvironmentBlock(spec.port());
            int instances = spec.eventLoops();
            List<Caller> callers = new ArrayList<>();
            CountDownLatch finished = new CountDownLatch(instances);
            startNanos = System.nanoTime() + 200_000_000L;
            warmupEndNanos = startNanos + spec.warmup().toNanos();
            measureEndNanos = warmupEndNanos + spec.measure().toNanos();
            for (int i = 0; i < instances; i++) {
                callers.add(new Caller(i, instances, environment, finished));
            }
            int[] next = {0};
            vertx.deployVerticle(() -> callers.get(next[0]++), new DeploymentOptions().setInstances(instances))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            sleepUntil(warmupEndNanos);
            window.opened();
            sleepUntil(measureEndNanos);
            window.closed();
            long limit = spec.callTimeout().toMillis() + 60_000;
            if (!finished.await(limit, TimeUnit.MILLISECONDS)) {
                System.out.println("  warning: calls still open " + limit + " ms after the window closed");
            }
            LoadResult total = new LoadResult();
            for (Caller caller : callers) {
                total.add(caller.result);
            }
            total.measureSeconds = spec.measure().toNanos() / 1e9;
            total.peakInFlight = peakInFlight.get();
            total.peakHolding = peakHolding.get();
            return total;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("load generator did not start", e);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** One event loop's share of the load; everything in it runs on that event loop. */
    private final class Caller extends VerticleBase {
        private final int share;
        private final int shares;
        private final EnvironmentBlock environment;
        private final CountDownLatch finished;
        private final LoadResult result = new LoadResult();
        private final SplittableRandom random;
        private final List<NetClient> clients = new ArrayList<>();
        private int nextClient;
        private long started;
        private int active;
        private boolean scheduling = true;
        private boolean done;
        private ScheduledFuture<?> pacer;
        private long lagProbe = -1;

        Caller(int share, int shares, EnvironmentBlock environment, CountDownLatch finished) {
            this.share = share;
            this.shares = shares;
            this.environment = environment;
            this.finished = finished;
            this.random = new SplittableRandom(0x5EED + share + 1_000_003L * run);
        }

        @Override
        public Future<?> start() {
            for (int i = 1; i <= spec.sources(); i++) {
                NetClientOptions options = new NetClientOptions();
                if (spec.sources() > 1) {
                    // the extra Asterisk hosts need a bind, and a bind's port search scans every port in use: with
                    // one source none is needed, and Asterisk binds none (the kernel picks the port as it connects)
                    options.setLocalAddress("127.0.0." + i);
                }
                clients.add(vertx.createNetClient(options
                        .setConnectTimeout(5_000)
                        // res_agi never sets TCP_NODELAY: Nagle holds each line until the last one is ACKed
                        .setTcpNoDelay(spec.labClient())
                        // Vert.x sets TCP_QUICKACK either way; true leaves the kernel's default ACK behaviour, as
                        // Asterisk's socket has
                        .setTcpQuickAck(true)));
            }
            long delayMs = Math.max(1, (startNanos - System.nanoTime()) / 1_000_000);
            vertx.setTimer(delayMs, t -> begin());
            // our own event loops' lag in the measured window: if the generator falls behind, its figures are not the server's
            long[] expected = {System.nanoTime() + LAG_PROBE_NANOS};
            lagProbe = vertx.setPeriodic(LAG_PROBE_NANOS / 1_000_000, t -> {
                long now = System.nanoTime();
                if (now >= warmupEndNanos && now < measureEndNanos) {
                    result.generatorLag.recordValue(Math.max(0, (now - expected[0]) / 1000));
                }
                expected[0] = now + LAG_PROBE_NANOS;
            });
            return Future.succeededFuture();
        }

        private long maxCalls() {
            long max = spec.maxCalls();
            if (max == Long.MAX_VALUE) {
                return max;
            }
            return max / shares + (share < max % shares ? 1 : 0);
        }

        private void begin() {
            if (spec.openLoop()) {
                pace();
            } else {
                int mine = spec.concurrency() / shares + (share < spec.concurrency() % shares ? 1 : 0);
                for (int i = 0; i < mine; i++) {
                    startCall(System.nanoTime());
                }
                if (mine == 0) {
                    stopScheduling();
                }
            }
        }

        /**
         * Open loop: starts every call that is due, then sleeps until the next one is. Each call starts at its own
         * instant (Netty's scheduler on this event loop, to the microsecond), not on a millisecond tick: a tick made
         * every call up to 1 ms late and that wait was counted in both servers' latencies.
         */
        private void pace() {
            if (!scheduling) {
                return;
            }
            double ratePerNano = spec.rate() / shares / 1e9;
            long now = System.nanoTime();
            boolean bounded = spec.maxCalls() != Long.MAX_VALUE;
            if (started >= maxCalls() || (!bounded && now >= measureEndNanos)) {
                stopScheduling();
                return;
            }
            // the event loops take turns: loop k of n starts its calls k/n of an interval after loop 0's
            long origin = startNanos + (long) (share * 1e9 / spec.rate());
            long due = now < origin ? 0 : Math.min(maxCalls(), (long) ((now - origin) * ratePerNano) + 1);
            for (int turn = 0; started < due && turn < CALLS_PER_TURN; turn++) {
                // the call's clock starts when it was due, not when we got round to it
                startCall(origin + (long) (started / ratePerNano));
            }
            // calls still due (a burst) start on the next turn, after the loop has written the environments of those
            // already connected
            long next = started < due ? 0 : origin + (long) (started / ratePerNano);
            ContextInternal context = (ContextInternal) this.context;
            pacer = context.nettyEventLoop().schedule(() -> context.dispatch(this::pace),
                    Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        private void stopScheduling() {
            if (scheduling) {
                scheduling = false;
                if (pacer != null) {
                    pacer.cancel(false);
                }
                checkDone();
            }
        }

        private void checkDone() {
            if (!scheduling && active == 0 && !done) {
                done = true;
                vertx.cancelTimer(lagProbe);
                finished.countDown();
            }
        }

        private void startCall(long scheduledNanos) {
            started++;
            result.started++;
            active++;
            peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            boolean listed = random.nextDouble() < spec.listedShare();
            String called = listed ? spec.plan().randomListed(random) : NumberPlan.randomUnlisted(random);
            long hangupAfterMs = listed && random.nextDouble() < spec.hangupShare()
                    ? (long) (spec.noticeMs() * (0.1 + 0.8 * random.nextDouble())) : -1;
            boolean measured = scheduledNanos >= warmupEndNanos && scheduledNanos < measureEndNanos;
            Call call = new Call(scheduledNanos, listed, hangupAfterMs, measured);
            String env = environment.render(called, NumberPlan.randomCaller(random), callCounter.incrementAndGet(),
                    System.currentTimeMillis() / 1000);
            NetClient client = clients.get(nextClient++ % clients.size());
            call.connectCalledNanos = System.nanoTime();
            client.connect(spec.port(), "127.0.0.1").onComplete(ar -> {
                if (ar.failed()) {
                    call.end("connect: " + shortReason(ar.cause()));
                    return;
                }
                call.connectedNanos = System.nanoTime();
                call.attach(ar.result());
                if (spec.labClient()) {
                    call.socket.write(env);
                } else {
                    call.writeLines(env);
                }
            });
        }

        private static String shortReason(Throwable e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Connection refused")) {
                return "refused";
            }
            if (message.contains("timed out")) {
                return "timed out";
            }
            if (message.contains("Cannot assign requested address")) {
                return "no local port";
            }
            return e.getClass().getSimpleName();
        }

        /** One call's Asterisk side. */
        private final class Call {
            final long scheduledNanos;
            final boolean listed;
            final long hangupAfterMs;
            final boolean measured;
            NetSocket socket;
            long timeoutTimer = -1;
            long streamTimer = -1;
            long firstCommandNanos;
            long connectCalledNanos;
            long connectedNanos;
            long noticeEndNanos;
            int commands;
            int setVariables;
            boolean streamed;
            boolean hungUp;
            boolean holdingNotice;
            boolean reset;
            boolean timedOut;
            boolean ended;

            Call(long scheduledNanos, boolean listed, long hangupAfterMs, boolean measured) {
                this.scheduledNanos = scheduledNanos;
                this.listed = listed;
                this.hangupAfterMs = hangupAfterMs;
                this.measured = measured;
            }

            void attach(NetSocket s) {
                socket = s;
                timeoutTimer = vertx.setTimer(spec.callTimeout().toMillis(), t -> {
                    timedOut = true;
                    socket.close();
                });
                RecordParser parser = RecordParser.newDelimited("\n", s).maxRecordSize(64 * 1024);
                parser.handler(line -> onCommand(line.toString(StandardCharsets.UTF_8)));
                parser.exceptionHandler(e -> socket.close());
                s.exceptionHandler(e -> reset = true);
                s.closeHandler(v -> onClosed());
            }

            void onCommand(String line) {
                if (commands++ == 0) {
                    firstCommandNanos = System.nanoTime();
                }
                String command = line.replace("\"", "").trim();
                String upper = command.toUpperCase(java.util.Locale.ROOT);
                if (upper.startsWith("STREAM FILE")) {
                    if (hungUp) {
                        reply(AsteriskReplies.DEAD_CHANNEL);
                        return;
                    }
                    streamed = true;
                    holdingNotice = true;
                    peakHolding.accumulateAndGet(holding.incrementAndGet(), Math::max);
                    boolean hangsUp = hangupAfterMs >= 0;
                    long playMs = hangsUp ? hangupAfterMs : spec.noticeMs();
                    streamTimer = vertx.setTimer(Math.max(1, playMs), t -> {
                        streamTimer = -1;
                        releaseNotice();
                        noticeEndNanos = System.nanoTime();
                        if (hangsUp) {
                            hungUp = true;
                            // as recorded: the -1 reply with what was heard, then Asterisk's unsolicited HANGUP
                            reply("200 result=-1 endpos=" + playMs * 8 + "\nHANGUP");
                        } else {
                            reply("200 result=0 endpos=" + playMs * 8);
                        }
                    });
                    return;
                }
                reply(AsteriskReplies.replyTo(upper, hungUp));
                if (upper.startsWith("SET VARIABLE")) {
                    setVariables++;
                }
            }

            void reply(String text) {
                if (!ended) {
                    writeLines(text + "\n");
                }
            }

            /**
             * One write per line, as res_agi's ast_agi_send() (each write is flushed: we are not in a read). The lines
             * go out as slices of one pooled direct buffer: written as strings, each line was encoded into a heap
             * buffer that Netty then copied into a direct one, work of the generator's that took cores from the
             * server under test.
             */
            void writeLines(String text) {
                ByteBuf block = PooledByteBufAllocator.DEFAULT.directBuffer(text.length());
                try {
                    block.writeCharSequence(text, StandardCharsets.UTF_8);
                    NetSocketInternal internal = (NetSocketInternal) socket;
                    int from = 0;
                    for (int end = block.indexOf(from, block.writerIndex(), (byte) '\n'); end >= 0;
                            end = block.indexOf(from, block.writerIndex(), (byte) '\n')) {
                        internal.writeMessage(block.retainedSlice(from, end + 1 - from));
                        from = end + 1;
                    }
                } finally {
                    block.release();
                }
            }

            void releaseNotice() {
                if (holdingNotice) {
                    holdingNotice = false;
                    holding.decrementAndGet();
                }
            }

            void onClosed() {
                long now = System.nanoTime();
                if (streamTimer >= 0) {
                    vertx.cancelTimer(streamTimer);
                }
                vertx.cancelTimer(timeoutTimer);
                releaseNotice();
                if (timedOut) {
                    end("timeout");
                    return;
                }
                if (commands == 0 && (listed || spec.unlistedExpectsCommand())) {
                    end("refused");
                    return;
                }
                if (listed && (!streamed || setVariables < 2)) {
                    end(reset ? "reset mid-call" : "incomplete call");
                    return;
                }
                if (measured) {
                    long micros = (now - scheduledNanos) / 1000;
                    if (listed) {
                        result.firstCommandListed.recordValue(Math.max(0, (firstCommandNanos - scheduledNanos) / 1000));
                        long postDial = Math.max(0, (firstCommandNanos - connectedNanos) / 1000);
                        result.connectedToFirstCommandListed.recordValue(postDial);
                        if (postDial > LoadResult.LATE_MICROS) {
                            result.lateListed++;
                        }
                        result.endListed.recordValue(micros);
                        result.afterNotice.recordValue(Math.max(0, (now - noticeEndNanos) / 1000));
                        result.okListed++;
                    } else {
                        result.endUnlisted.recordValue(micros);
                        result.okUnlisted++;
                        result.connectUnlisted.recordValue(Math.max(0, (connectedNanos - scheduledNanos) / 1000));
                        result.lateUnlisted.recordValue(Math.max(0, (connectCalledNanos - scheduledNanos) / 1000));
                        result.fromConnectCallUnlisted.recordValue(Math.max(0, (now - connectCalledNanos) / 1000));
                        result.connectedToCloseUnlisted.recordValue(Math.max(0, (now - connectedNanos) / 1000));
                    }
                }
                end(null);
            }

            void end(String failure) {
                if (ended) {
                    return;
                }
                ended = true;
                inFlight.decrementAndGet();
                active--;
                if (measured) {
                    result.measured++;
                    if (failure == null) {
                        result.ok++;
                    } else if (failure.equals("refused")) {
                        result.refused++;
                    } else if (failure.equals("timeout")) {
                        result.timeouts++;
                    } else {
                        result.fail(failure);
                    }
                }
                if (!spec.openLoop() && scheduling) {
                    if (System.nanoTime() < measureEndNanos) {
                        startCall(System.nanoTime());
                    } else {
                        stopScheduling();
                    }
                }
                checkDone();
            }
        }
    }
}
