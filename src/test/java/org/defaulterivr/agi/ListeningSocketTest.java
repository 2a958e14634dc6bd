package org.defaulterivr.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.net.NetServerOptions;
import java.util.Map;
import org.defaulterivr.config.Config;
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

    @Test
    void quickAckIsOnAndNagleOffWhateverTheBuffer() {
        NetServerOptions options = optionsFor(Map.of());
        assertTrue(options.isTcpQuickAck(), "out of delayed-ACK mode, or Asterisk's last lines wait 40 ms");
        assertTrue(options.isTcpNoDelay());
    }
}
