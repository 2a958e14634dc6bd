package org.defaulterivr.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** TOTP as RFC 6238 specifies it (its appendix B test vectors), and as the sign-in page accepts codes. */
class TotpCodesTest {
    private static final byte[] SHA1_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void codesMatchTheTestVectorsOfRfc6238() {
        long[] times = {59, 1111111109, 1111111111, 1234567890, 2000000000, 20000000000L};
        String[] sha1 = {"94287082", "07081804", "14050471", "89005924", "69279037", "65353130"};
        String[] sha256 = {"46119246", "68084774", "67062674", "91819424", "90698825", "77737706"};
        byte[] secret256 = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < times.length; i++) {
            Instant at = Instant.ofEpochSecond(times[i]);
            assertEquals(sha1[i], TotpCodes.code(SHA1_SECRET, at, 8, "HmacSHA1"), "SHA-1 at " + times[i]);
            assertEquals(sha256[i], TotpCodes.code(secret256, at, 8, "HmacSHA256"), "SHA-256 at " + times[i]);
        }
        // the six digits an authenticator app shows are the last six of the same value
        assertEquals("287082", TotpCodes.code(SHA1_SECRET, Instant.ofEpochSecond(59)));
    }

    @Test
    void aCodeIsAcceptedWithinOneStepOfDriftAndOnlyOnce() {
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        long step = TotpCodes.step(now);
        String current = TotpCodes.code(SHA1_SECRET, now);
        String previous = TotpCodes.code(SHA1_SECRET, now.minusSeconds(30));
        String tooOld = TotpCodes.code(SHA1_SECRET, now.minusSeconds(90));
        assertEquals(step, TotpCodes.verify(SHA1_SECRET, current, now, 0).getAsLong());
        assertEquals(step - 1, TotpCodes.verify(SHA1_SECRET, previous, now, 0).getAsLong());
        assertEquals(step, TotpCodes.verify(SHA1_SECRET, current.substring(0, 3) + " " + current.substring(3), now, 0)
                .getAsLong());
        assertFalse(TotpCodes.verify(SHA1_SECRET, tooOld, now, 0).isPresent());
        // once the current step's code is used, neither it nor an older one works again
        assertFalse(TotpCodes.verify(SHA1_SECRET, current, now, step).isPresent());
        assertFalse(TotpCodes.verify(SHA1_SECRET, previous, now, step).isPresent());
        assertFalse(TotpCodes.verify(SHA1_SECRET, "12345", now, 0).isPresent());
        assertFalse(TotpCodes.verify(SHA1_SECRET, null, now, 0).isPresent());
    }

    @Test
    void theSecretRoundTripsThroughBase32AndTheUriNamesIt() {
        byte[] secret = TotpCodes.newSecret();
        assertEquals(20, secret.length);
        String base32 = TotpCodes.base32(secret);
        assertTrue(base32.matches("[A-Z2-7]{32}"), base32);
        assertEquals(java.util.HexFormat.of().formatHex(secret),
                java.util.HexFormat.of().formatHex(TotpCodes.fromBase32(base32.toLowerCase())));
        String uri = TotpCodes.uri("defaulter-ivr", "clerk.li", secret);
        assertTrue(uri.startsWith("otpauth://totp/defaulter-ivr:clerk.li?secret=" + base32), uri);
        assertTrue(uri.contains("&period=30") && uri.contains("&digits=6"), uri);
    }
}
