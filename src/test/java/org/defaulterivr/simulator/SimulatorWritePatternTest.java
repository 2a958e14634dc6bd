package org.defaulterivr.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.parsetools.RecordParser;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator writes as res_agi does, so it meets what a real Asterisk meets: against a server whose socket
 * delays its ACKs (Vert.x on epoll with {@code tcpQuickAck} false, as our server was), the environment's last lines
 * wait for the ~40 ms delayed-ACK timer, as in {@code tcp-segments-listed-http.txt}; the lab mode, one write with
 * {@code TCP_NODELAY}, does not see it.
 */
class SimulatorWritePatternTest {
    private static final int SESSIONS = 11;

    private Vertx vertx;
    private int port;

    @BeforeEach
    void startDelayedAckServer() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        assumeTrue(vertx.isNativeTransportEnabled(), "the delayed-ACK socket option needs Linux's epoll transport");
        NetServer server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0)
                .setTcpQuickAck(false));
        server.connectHandler(socket -> RecordParser.newDelimited("\n", socket).handler(line -> {
            if (line.length() == 0) {
                socket.close(); // the unlisted number's pass: close after the environment
            }
        }));
        port = server.listen().await().actualPort();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    private long medianMs(WritePattern pattern) {
        AsteriskSimulator asterisk = new AsteriskSimulator("127.0.0.1", port, Duration.ofSeconds(5)).writing(pattern);
        asterisk.call(CallScript.to("13800000009"));
        long[] ms = new long[SESSIONS];
        for (int i = 0; i < SESSIONS; i++) {
            CallTranscript call = asterisk.call(CallScript.to("13800000009"));
            assertTrue(call.completedNormally(), call.summary());
            ms[i] = call.closedAfter().toMillis();
        }
        Arrays.sort(ms);
        return ms[SESSIONS / 2];
    }

    @Test
    void writingLikeAsteriskMeetsADelayedAckServersStallAndTheLabModeDoesNot() {
        long asterisk = medianMs(WritePattern.ASTERISK);
        long lab = medianMs(WritePattern.LAB_BLOCK);

        assertTrue(asterisk >= 30, "line by line with Nagle on waits for the delayed ACK: median " + asterisk + " ms");
        assertTrue(lab < 15, "one write with TCP_NODELAY does not: median " + lab + " ms");
    }
}
