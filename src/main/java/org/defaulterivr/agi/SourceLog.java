package org.defaulterivr.agi;

import java.time.Clock;
import java.time.Duration;
import org.defaulterivr.logging.RepeatedLines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Log lines about FastAGI sessions that end badly (a source not allowed, an idle or garbled session), aggregated per
 * source address and reason: the first of each in an interval is logged at once, the rest are counted and logged as
 * one line with the count when the interval ends. A scan or a flood of bad connections thus writes a few lines a
 * minute, not one per connection. Source addresses are Asterisk hosts (or whoever knocks), never callers.
 */
public final class SourceLog {
    private static final Logger log = LoggerFactory.getLogger(SourceLog.class);
    /** Distinct (source, reason) pairs counted in one interval; beyond, counted as one line. */
    static final int MAX_KEYS = RepeatedLines.MAX_KEYS;

    private final RepeatedLines lines;

    public SourceLog(Clock clock, Duration interval) {
        this.lines = new RepeatedLines(log, clock, interval, n -> n + " more FastAGI sessions from other sources"
                + " closed in the last " + interval.toSeconds() + " s: various reasons");
    }

    /** A connection refused before it was read: a WARN, once per source and interval. */
    public void warn(String source, String reason) {
        note(true, source, reason, null);
    }

    /** A session that went wrong in a way the carrier should fix: a WARN, once per source and interval. */
    public void warn(String source, String reason, String callId) {
        note(true, source, reason, callId);
    }

    /** A session closed for {@code reason}: an INFO, once per source and interval ({@code callId} of the first). */
    public void info(String source, String reason, String callId) {
        note(false, source, reason, callId);
    }

    private void note(boolean warn, String source, String reason, String callId) {
        long seconds = lines.interval().toSeconds();
        lines.note(warn ? Level.WARN : Level.INFO, (warn ? "W " : "I ") + source + "\n" + reason,
                "FastAGI session from " + source + (callId == null || "-".equals(callId) ? ""
                        : " (call " + callId + ")") + " closed: " + reason + "; more like it are counted for " + seconds
                        + " s",
                more -> more + " more FastAGI sessions from " + source + " closed in the last " + seconds + " s: "
                        + reason);
    }

    /** Logs the counts of the interval that ended, if one did; called on every event and by a timer. */
    public void flushIfDue() {
        lines.flushIfDue();
    }
}
