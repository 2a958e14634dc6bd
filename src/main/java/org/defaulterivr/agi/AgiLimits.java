package org.defaulterivr.agi;

import java.time.Duration;
import org.defaulterivr.config.Config;

/** What one FastAGI peer may cost us: bounded lines, headers, waiting and sessions. */
public record AgiLimits(
        int maxLineBytes,
        int maxHeaders,
        Duration headerDeadline,
        Duration commandTimeout,
        int maxSessions,
        Duration shutdownGrace) {

    public static AgiLimits from(Config config) {
        return new AgiLimits(config.agiMaxLineBytes(), config.agiMaxHeaders(), config.agiHeaderDeadline(),
                config.agiCommandTimeout(), config.agiMaxSessions(), config.shutdownGrace());
    }
}
