package org.defaulterivr.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.defaulterivr.testing.ManualClock;
import org.junit.jupiter.api.Test;

class AuthFailureLimiterTest {

    @Test
    void anAddressThatFailsTooOftenWaitsOutItsMinuteAndOthersAreUnaffected() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-25T08:00:00Z"));
        AuthFailureLimiter limiter = new AuthFailureLimiter(3, clock);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.blockedForSeconds("10.0.0.1"));
            limiter.failed("10.0.0.1");
        }
        long wait = limiter.blockedForSeconds("10.0.0.1");
        assertTrue(wait > 0 && wait <= 60, "blocked for " + wait + " s");
        assertEquals(0, limiter.blockedForSeconds("10.0.0.2"));

        clock.advance(Duration.ofSeconds(61));
        assertEquals(0, limiter.blockedForSeconds("10.0.0.1"), "a new minute, a new allowance");
        limiter.failed("10.0.0.1");
        assertEquals(0, limiter.blockedForSeconds("10.0.0.1"));
    }
}
