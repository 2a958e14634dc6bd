package org.defaulterivr.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed authentications in fixed one-minute windows, per client address and per credential presented (the
 * SHA-256 of the token, never the token). What it is for: tokens are 256 random bits and cannot be guessed, so the
 * limit protects the service from the load of a flood of bad tokens, and makes a scan noisy. What it must not do:
 * lock a legitimate client out. Hence:
 * <ul>
 *   <li>a valid token is always checked and always accepted, even from an address over its limit (an attacker
 *       behind the same NAT or proxy as a court cannot shut the court out);
 *   <li>a credential that failed {@code limit} times in a minute is refused at once (429) without a database lookup,
 *       from any address: rotating addresses does not buy more tries with it;
 *   <li>an address over its limit gets 429 instead of 401 for every further bad token until its minute ends.
 * </ul>
 * Per node, in memory, bounded: at most {@value #MAX_TRACKED} entries per map; past that, ended windows are dropped,
 * and if none has ended, everything is (the limit then restarts, which costs a flood a minute at most).
 */
final class AuthFailureLimiter {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_TRACKED = 100_000;

    private final int limit;
    private final Clock clock;
    private final Map<String, Window> addresses = new ConcurrentHashMap<>();
    private final Map<String, Window> credentials = new ConcurrentHashMap<>();

    private record Window(Instant start, int failures) {
    }

    AuthFailureLimiter(int limitPerMinute, Clock clock) {
        this.limit = limitPerMinute;
        this.clock = clock;
    }

    /** Seconds until {@code address} may present bad tokens again without a 429, or 0. */
    long blockedForSeconds(String address) {
        return blockedFor(addresses.get(address));
    }

    /** Seconds until the credential with this hash is checked again, or 0 if it may be checked now. */
    long credentialBlockedForSeconds(String credentialHash) {
        return blockedFor(credentials.get(credentialHash));
    }

    private long blockedFor(Window window) {
        Instant now = clock.instant();
        if (window == null || window.failures() < limit) {
            return 0;
        }
        Instant end = window.start().plus(WINDOW);
        return now.isBefore(end) ? Math.max(1, Duration.between(now, end).toSeconds()) : 0;
    }

    /** Records one failed authentication from {@code address}. */
    void failed(String address) {
        count(addresses, address);
    }

    /** Records one failed authentication from {@code address} with the credential of this hash. */
    void failed(String address, String credentialHash) {
        count(addresses, address);
        count(credentials, credentialHash);
    }

    private void count(Map<String, Window> windows, String key) {
        Instant now = clock.instant();
        if (windows.size() > MAX_TRACKED) {
            windows.values().removeIf(w -> !now.isBefore(w.start().plus(WINDOW)));
            if (windows.size() > MAX_TRACKED) {
                windows.clear();
            }
        }
        windows.compute(key, (k, w) -> w == null || !now.isBefore(w.start().plus(WINDOW))
                ? new Window(now, 1) : new Window(w.start(), w.failures() + 1));
    }
}
