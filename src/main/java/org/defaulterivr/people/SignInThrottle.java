package org.defaulterivr.people;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows password and code guessing without letting anyone lock a person out. Failures are counted per (username,
 * client address): after the third, that pair waits 2, 4, 8 ... seconds, at most 15 minutes, before its next attempt
 * is even checked. A stranger guessing at someone's name from elsewhere therefore slows only themselves; the person
 * signing in from their own address is not held up. Failures per address, whatever the name, are bounded as well
 * (spraying many names from one address). A success clears the pair. Memory is bounded: the oldest entries go first.
 */
public final class SignInThrottle {
    private static final int FREE_FAILURES = 3;
    private static final Duration MAX_WAIT = Duration.ofMinutes(15);
    private static final int MAX_ENTRIES = 100_000;

    private record Failures(int count, Instant until) {
    }

    private final Clock clock;
    private final int perAddressPerMinute;
    private final Map<String, Failures> byPair = lru();
    private final Map<String, Failures> byAddress = lru();

    public SignInThrottle(Clock clock, int perAddressPerMinute) {
        this.clock = clock;
        this.perAddressPerMinute = perAddressPerMinute;
    }

    private static Map<String, Failures> lru() {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
    }

    /** Seconds this name from this address must wait before its next attempt is checked; 0 = go ahead. */
    public synchronized long waitSeconds(String username, String address) {
        Instant now = clock.instant();
        long wait = 0;
        Failures pair = byPair.get(key(username, address));
        if (pair != null && pair.until().isAfter(now)) {
            wait = Duration.between(now, pair.until()).toSeconds() + 1;
        }
        // per address: count within a window of a minute that starts at its first failure ("until" = window start)
        Failures spray = byAddress.get(address);
        if (spray != null && spray.count() >= perAddressPerMinute) {
            Instant windowEnds = spray.until().plus(Duration.ofMinutes(1));
            if (windowEnds.isAfter(now)) {
                wait = Math.max(wait, Duration.between(now, windowEnds).toSeconds() + 1);
            }
        }
        return wait;
    }

    public synchronized void failed(String username, String address) {
        Instant now = clock.instant();
        byPair.compute(key(username, address), (k, f) -> {
            int count = f == null ? 1 : f.count() + 1;
            Instant until = count <= FREE_FAILURES ? now
                    : now.plus(min(Duration.ofSeconds(1L << Math.min(20, count - FREE_FAILURES)), MAX_WAIT));
            return new Failures(count, until);
        });
        byAddress.compute(address, (k, f) -> f != null && f.until().isAfter(now.minus(Duration.ofMinutes(1)))
                ? new Failures(f.count() + 1, f.until()) : new Failures(1, now));
    }

    public synchronized void succeeded(String username, String address) {
        byPair.remove(key(username, address));
    }

    private static String key(String username, String address) {
        return username + "\n" + address;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
