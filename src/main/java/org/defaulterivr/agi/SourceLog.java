package org.defaulterivr.agi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log lines about FastAGI sessions that end badly (a source not allowed, an idle or garbled session), aggregated per
 * source address and reason: the first of each in an interval is logged at once, the rest are counted and logged as
 * one line with the count when the interval ends. A scan or a flood of bad connections thus writes a few lines a
 * minute, not one per connection. Source addresses are Asterisk hosts (or whoever knocks), never callers.
 */
public final class SourceLog {
    private static final Logger log = LoggerFactory.getLogger(SourceLog.class);
    /** Distinct (source, reason) pairs counted in one interval; beyond, counted under one "other sources" entry. */
    static final int MAX_KEYS = 1_000;
    private static final String OTHER = "other sources";

    private record Key(boolean warn, String source, String reason) {
    }

    private final Clock clock;
    private final Duration interval;
    private final Object lock = new Object();
    private Map<Key, AtomicLong> counts = new ConcurrentHashMap<>();
    private Instant intervalEnd;

    public SourceLog(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
        this.intervalEnd = clock.instant().plus(interval);
    }

    /** A connection refused before it was read: a WARN, once per source and interval. */
    public void warn(String source, String reason) {
        note(new Key(true, source, reason), null);
    }

    /** A session that went wrong in a way the carrier should fix: a WARN, once per source and interval. */
    public void warn(String source, String reason, String callId) {
        note(new Key(true, source, reason), callId);
    }

    /** A session closed for {@code reason}: an INFO, once per source and interval ({@code callId} of the first). */
    public void info(String source, String reason, String callId) {
        note(new Key(false, source, reason), callId);
    }

    private void note(Key key, String callId) {
        flushIfDue();
        Map<Key, AtomicLong> current = counts;
        AtomicLong count = current.get(key);
        if (count == null) {
            if (current.size() >= MAX_KEYS) {
                key = new Key(key.warn(), OTHER, "various reasons");
            }
            count = current.computeIfAbsent(key, k -> new AtomicLong());
        }
        if (count.getAndIncrement() == 0) {
            write(key, "FastAGI session from " + key.source() + (callId == null || "-".equals(callId) ? ""
                    : " (call " + callId + ")") + " closed: " + key.reason()
                    + "; more like it are counted for " + interval.toSeconds() + " s");
        }
    }

    /** Logs the counts of the interval that ended, if one did; called on every event and by a timer. */
    public void flushIfDue() {
        Map<Key, AtomicLong> ended;
        synchronized (lock) {
            if (clock.instant().isBefore(intervalEnd)) {
                return;
            }
            ended = counts;
            counts = new ConcurrentHashMap<>();
            intervalEnd = clock.instant().plus(interval);
        }
        ended.forEach((key, count) -> {
            long more = count.get() - 1;
            if (more > 0) {
                write(key, more + " more FastAGI sessions from " + key.source() + " closed in the last "
                        + interval.toSeconds() + " s: " + key.reason());
            }
        });
    }

    private static void write(Key key, String line) {
        if (key.warn()) {
            log.warn(line);
        } else {
            log.info(line);
        }
    }
}
