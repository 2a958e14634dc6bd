package org.defaulterivr.bench;

import java.time.Duration;

/**
 * What the load generator plays against one server.
 *
 * @param port                    FastAGI port on 127.0.0.1
 * @param plan                    the numbers
 * @param listedShare             share of calls to listed numbers (0..1)
 * @param noticeMs                how long Asterisk takes to play the notice, i.e. to answer STREAM FILE
 * @param hangupShare             share of listed calls whose caller hangs up during the notice (0..1)
 * @param rate                    calls started per second, on schedule whatever the server does (open loop);
 *                                0 for closed loop at {@code concurrency}
 * @param concurrency             calls in flight in closed loop
 * @param maxCalls                stop starting calls after this many (open loop), or {@link Long#MAX_VALUE}
 * @param warmup                  calls started before this are not measured
 * @param measure                 the measured window, after warm-up
 * @param unlistedExpectsCommand  true for asterisk-java, which sends {@code SET VARIABLE AJ_AGISTATUS} on every
 *                                call; false for ours, which closes an unlisted call without any command
 * @param sources                 loopback source addresses 127.0.0.1..N (a carrier has several Asterisk hosts)
 * @param eventLoops              the generator's event loops
 * @param labClient               lab mode: the environment block in one write with TCP_NODELAY; false (the
 *                                default) writes as res_agi does, one write per line with Nagle on
 */
record LoadSpec(
        int port,
        NumberPlan plan,
        double listedShare,
        long noticeMs,
        double hangupShare,
        double rate,
        int concurrency,
        long maxCalls,
        Duration warmup,
        Duration measure,
        boolean unlistedExpectsCommand,
        int sources,
        int eventLoops,
        boolean labClient) {

    /** A call that has not ended by then is abandoned and counted as a timeout. */
    Duration callTimeout() {
        return Duration.ofMillis(noticeMs + 30_000);
    }

    boolean openLoop() {
        return rate > 0;
    }
}
