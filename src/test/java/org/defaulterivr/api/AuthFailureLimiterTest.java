package org.defaulterivr.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AuthFailureLimiterTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-25T08:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void anAddressThatFailsTooOftenWaitsOutItsMinuteAndOthersAreUnaffected() {
        ManualClock clock = new ManualClock();
        AuthFailureLimiter limiter = new AuthFailureLimiter(3, clock);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.blockedForSeconds("10.0.0.1"));
            limiter.failed("10.0.0.1");
        }
        long wait = limiter.blockedForSeconds("10.0.0.1");
        assertTrue(wait > 0 && wait <= 60, "blocked for " + wait + " s");
        assertEquals(0, limiter.blockedForSeconds("10.0.0.2"));

        clock.now = clock.now.plus(Duration.ofSeconds(61));
        assertEquals(0, limiter.blockedForSeconds("10.0.0.1"), "a new minute, a new allowance");
        limiter.failed("10.0.0.1");
        assertEquals(0, limiter.blockedForSeconds("10.0.0.1"));
    }
}
