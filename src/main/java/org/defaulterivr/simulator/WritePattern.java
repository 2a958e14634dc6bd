package org.defaulterivr.simulator;

/** How the simulated Asterisk writes to its FastAGI socket. */
public enum WritePattern {
    /**
     * As res_agi does: one {@code write()} per line ({@code ast_agi_send()}), Nagle's algorithm on (Asterisk never
     * sets {@code TCP_NODELAY} on a FastAGI socket), lines in the recorded order. A server that delays its ACKs then
     * makes the session wait, as in {@code tcp-segments-listed-http.txt}. The default.
     */
    ASTERISK,

    /**
     * Lab mode, not what Asterisk does: the environment block in one {@code write()} with {@code TCP_NODELAY}. It
     * measures the server alone, and hides any wait the server's ACKs cause a real Asterisk.
     */
    LAB_BLOCK
}
