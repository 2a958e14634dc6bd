package org.defaulterivr.agi;

import java.time.Duration;
import org.defaulterivr.config.Config;

/**
 * What one FastAGI peer may cost us: bounded lines, headers, waiting and sessions; how many connections the kernel
 * may queue for us in a burst; and how much it may hold unread on one connection.
 *
 * @param receiveBufferBytes each connection's {@code SO_RCVBUF}, 0 for the kernel's default (see
 *                           {@link ListeningSocket} for why it is small)
 * @param streamFileGrace how long beyond a notice's length Asterisk may take to answer STREAM FILE (its media
 *                        cache may fetch the file first); longer than the other commands' {@code commandTimeout}
 */
public record AgiLimits(
        int maxLineBytes,
        int maxHeaders,
        Duration headerDeadline,
        Duration commandTimeout,
        int maxSessions,
        Duration shutdownGrace,
        int acceptBacklog,
        int receiveBufferBytes,
        Duration streamFileGrace) {

    public static AgiLimits from(Config config) {
        return new AgiLimits(config.agiMaxLineBytes(), config.agiMaxHeaders(), config.agiHeaderDeadline(),
                config.agiCommandTimeout(), config.agiMaxSessions(), config.shutdownGrace(),
                config.agiAcceptBacklog(), config.agiReceiveBufferBytes(), config.agiStreamFileGrace());
    }

    /**
     * These limits as the host can honour them: no more sessions than open files allow (a session beyond that would
     * fail in accept, uncounted, instead of being refused and counted), and the backlog the kernel will grant.
     */
    public AgiLimits within(HostLimits host) {
        return new AgiLimits(maxLineBytes, maxHeaders, headerDeadline, commandTimeout,
                host.effectiveSessions(maxSessions), shutdownGrace, host.effectiveBacklog(acceptBacklog),
                receiveBufferBytes, streamFileGrace);
    }
}
