package org.defaulterivr.people;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.defaulterivr.testing.ManualClock;
import org.junit.jupiter.api.Test;

/** Passwords as Argon2id hashes, sealed TOTP secrets, and a throttle nobody can use to lock someone else out. */
class SignInSecretsTest {

    @Test
    void passwordsAreKeptAsSaltedArgon2idHashes() {
        String hash = PasswordHashing.hash("correct horse battery staple");
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertNotEquals(hash, PasswordHashing.hash("correct horse battery staple"), "each hash has its own salt");
        assertTrue(PasswordHashing.matches("correct horse battery staple", hash));
        assertFalse(PasswordHashing.matches("correct horse battery stapl", hash));
        assertFalse(PasswordHashing.matches("anything", null));
    }

    @Test
    void aSealedSecretOpensOnlyWithTheKeyAndForThePersonItWasSealedFor() {
        byte[] key = new byte[32];
        key[0] = 1;
        TotpSeal seal = new TotpSeal(key);
        byte[] secret = TotpCodes.newSecret();
        byte[] sealed = seal.seal("clerk.li", secret);
        assertArrayEquals(secret, seal.open("clerk.li", sealed));
        assertThrows(IllegalArgumentException.class, () -> seal.open("clerk.wang", sealed));
        assertThrows(IllegalArgumentException.class, () -> new TotpSeal(new byte[32]).open("clerk.li", sealed));
    }

    @Test
    void failuresSlowOnlyThatNameFromThatAddressNeverThePersonElsewhere() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-30T12:00:00Z"));
        SignInThrottle throttle = new SignInThrottle(clock, 1000);
        for (int i = 0; i < 3; i++) {
            throttle.failed("clerk.li", "203.0.113.9");
            assertEquals(0, throttle.waitSeconds("clerk.li", "203.0.113.9"), "three free failures");
        }
        for (int i = 0; i < 10; i++) {
            throttle.failed("clerk.li", "203.0.113.9");
        }
        long wait = throttle.waitSeconds("clerk.li", "203.0.113.9");
        assertTrue(wait > 60 && wait <= 15 * 60 + 1, "backs off, at most 15 minutes: " + wait);
        // the clerk at the court's own address is not held up by the stranger's guesses
        assertEquals(0, throttle.waitSeconds("clerk.li", "198.51.100.20"));
        clock.advance(Duration.ofMinutes(16));
        assertEquals(0, throttle.waitSeconds("clerk.li", "203.0.113.9"));
        throttle.succeeded("clerk.li", "203.0.113.9");

        SignInThrottle spray = new SignInThrottle(clock, 5);
        for (int i = 0; i < 5; i++) {
            spray.failed("name" + i, "203.0.113.7");
        }
        assertTrue(spray.waitSeconds("someone-else", "203.0.113.7") > 0, "one address trying many names is slowed");
        assertEquals(0, spray.waitSeconds("someone-else", "198.51.100.20"));
    }
}
