package org.defaulterivr.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed authentications per client address in fixed one-minute windows; past the limit, that address is
 * refused (429) until its window ends, whatever token it presents, so tokens cannot be guessed at speed. Per node,
 * in memory: an attacker spread over many nodes gets the limit once per node, which is still far too few guesses.
 */
final class AuthFailureLimiter {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_TRACKED = 100_000;

    private final int limit;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(Instant start, int failures) {
    }

    AuthFailureLimiter(int limitPerMinute, Clock clock) {
        this.limit = limitPerMinute;
        this.clock = clock;
    }

    /** Seconds until {@code address} may try again, or 0 if it may try now. */
    long blockedForSeconds(String address) {
        Window window = windows.get(address);
        Instant now = clock.instant();
        if (window == null || window.failures() < limit) {
            return 0;
        }
        Instant end = window.start().plus(WINDOW);
        return now.isBefore(end) ? Math.max(1, Duration.between(now, end).toSeconds()) : 0;
    }

    /** Records one failed authentication from {@code address}. */
    void failed(String address) {
        Instant now = clock.instant();
        if (windows.size() > MAX_TRACKED) {
            windows.values().removeIf(w -> !now.isBefore(w.start().plus(WINDOW)));
        }
        windows.compute(address, (a, w) -> w == null || !now.isBefore(w.start().plus(WINDOW))
                ? new Window(now, 1) : new Window(w.start(), w.failures() + 1));
    }
}
