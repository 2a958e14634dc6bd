package org.defaulterivr.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.defaulterivr.config.Config;
import org.defaulterivr.testing.Await;
import org.junit.jupiter.api.Test;

/** The FastAGI listening socket's options come from the node's settings (what each does: {@link ListeningSocket}). */
class ListeningSocketTest {
    private static NetServerOptions optionsFor(Map<String, String> settings) {
        return ListeningSocket.options("127.0.0.1", 0, AgiLimits.from(Config.of(settings)));
    }

    @Test
    void byDefaultEachConnectionGetsASmallReceiveBufferSoAsteriskNeedsFewSegments() {
        assertEquals(2048, optionsFor(Map.of()).getReceiveBufferSize());
    }

    @Test
    void zeroLeavesTheKernelsBuffer() {
        assertEquals(NetServerOptions.DEFAULT_RECEIVE_BUFFER_SIZE,
                optionsFor(Map.of("agi.receive.buffer.bytes", "0")).getReceiveBufferSize());
    }

    /**
     * Vert.x flushes what a read handler writes only once the read is done. Our first command is written from inside
     * the read that completes the environment, and the read then goes on (the notice's evidence record, waking the
     * spool); {@link ListeningSocket#sendNow} sends the command before that. Here the rest of the read is 500 ms of
     * work: the command must reach Asterisk while it runs, not after.
     */
    @Test
    void aCommandWrittenWhileReadingLeavesAtOnceNotWhenTheReadEnds() throws Exception {
        Vertx vertx = Vertx.vertx();
        AtomicBoolean readDone = new AtomicBoolean();
        try {
            NetServer server = vertx.createNetServer().connectHandler(socket -> socket.handler(line -> {
                socket.write("EXEC \"Progress\" \"\"\n");
                ListeningSocket.sendNow(socket);
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                readDone.set(true);
            }));
            int port = Await.result(server.listen(0, "127.0.0.1")).actualPort();
            try (Socket asterisk = new Socket("127.0.0.1", port)) {
                asterisk.getOutputStream().write("agi_network_script: screen\n\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = asterisk.getInputStream();
                int first = in.read();
                assertFalse(readDone.get(), "the command waited for the read to end");
                assertEquals('E', first);
            }
        } finally {
            Await.result(vertx.close());
        }
    }

    @Test
    void quickAckIsOnAndNagleOffWhateverTheBuffer() {
        NetServerOptions options = optionsFor(Map.of());
        assertTrue(options.isTcpQuickAck(), "out of delayed-ACK mode, or Asterisk's last lines wait 40 ms");
        assertTrue(options.isTcpNoDelay());
    }
}
