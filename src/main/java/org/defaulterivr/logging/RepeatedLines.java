package org.defaulterivr.logging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Log lines that a fault can repeat once per call or connection, aggregated per key and interval: the first of each
 * key in an interval is written at once, the rest are counted and written as one line with the count when the
 * interval ends. A flood (a scan, every notice failing) thus writes a few lines a minute, not one per event. Keys
 * are bounded: beyond {@link #MAX_KEYS} distinct keys in an interval, the rest are counted under one.
 */
public final class RepeatedLines {
    /** Distinct keys counted in one interval; beyond, counted under one "other" entry. */
    public static final int MAX_KEYS = 1_000;

    private record Entry(Level level, LongFunction<String> summary, AtomicLong count) {
    }

    private final Logger log;
    private final Clock clock;
    private final Duration interval;
    private final Entry overflow;
    private final Object lock = new Object();
    private Map<String, Entry> counts = new ConcurrentHashMap<>();
    private Instant intervalEnd;

    /**
     * @param overflowSummary the line for events beyond {@link #MAX_KEYS} keys, given their count (written as a
     *                        WARN at the end of the interval)
     */
    public RepeatedLines(Logger log, Clock clock, Duration interval, LongFunction<String> overflowSummary) {
        this.log = log;
        this.clock = clock;
        this.interval = interval;
        this.overflow = new Entry(Level.WARN, overflowSummary, new AtomicLong());
        this.intervalEnd = clock.instant().plus(interval);
    }

    public Duration interval() {
        return interval;
    }

    /**
     * One event of {@code key}: {@code firstLine} is logged at {@code level} if it is the key's first in this
     * interval; otherwise the event is counted, and {@code summary} of the count beyond the first is logged when it
     * ends.
     */
    public void note(Level level, String key, String firstLine, LongFunction<String> summary) {
        flushIfDue();
        Map<String, Entry> current = counts;
        Entry entry = current.get(key);
        if (entry == null) {
            if (current.size() >= MAX_KEYS) {
                overflow.count().incrementAndGet();
                return;
            }
            entry = current.computeIfAbsent(key, k -> new Entry(level, summary, new AtomicLong()));
        }
        if (entry.count().getAndIncrement() == 0) {
            log.atLevel(entry.level()).log(firstLine);
        }
    }

    /** Logs the counts of the interval that ended, if one did; called on every event and by a timer. */
    public void flushIfDue() {
        Map<String, Entry> ended;
        long overflowed;
        synchronized (lock) {
            if (clock.instant().isBefore(intervalEnd)) {
                return;
            }
            ended = counts;
            counts = new ConcurrentHashMap<>();
            overflowed = overflow.count().getAndSet(0);
            intervalEnd = clock.instant().plus(interval);
        }
        ended.values().forEach(entry -> {
            long more = entry.count().get() - 1;
            if (more > 0) {
                log.atLevel(entry.level()).log(entry.summary().apply(more));
            }
        });
        if (overflowed > 0) {
            log.atLevel(overflow.level()).log(overflow.summary().apply(overflowed));
        }
    }
}
