package org.defaulterivr.people;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * Second factor: time-based one-time passwords (RFC 6238) as every authenticator app makes them: HMAC-SHA1, six
 * digits, 30-second steps, a 160-bit secret shown as Base32 or an {@code otpauth://} URI. A code of the step before
 * or after is accepted too (clock drift), and each step's code only once ({@link #verify} returns the step, which the
 * caller records).
 */
public final class TotpCodes {
    public static final Duration STEP = Duration.ofSeconds(30);
    private static final int DIGITS = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TotpCodes() {
    }

    /** A new random secret (20 bytes, the HMAC-SHA1 block RFC 4226 recommends). */
    public static byte[] newSecret() {
        byte[] secret = new byte[20];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /** The secret as an authenticator app's "enter a key" form wants it: Base32, no padding. */
    public static String base32(byte[] secret) {
        return new Base32().encodeToString(secret).replace("=", "");
    }

    public static byte[] fromBase32(String text) {
        return new Base32().decode(text.strip().toUpperCase(Locale.ROOT));
    }

    /** The {@code otpauth://totp/...} URI an authenticator app reads (from a QR code or pasted). */
    public static String uri(String issuer, String account, byte[] secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP.toSeconds();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The code for the step that contains {@code at}. */
    public static String code(byte[] secret, Instant at) {
        return code(secret, at, DIGITS, "HmacSHA1");
    }

    static String code(byte[] secret, Instant at, int digits, String algorithm) {
        try {
            return new TimeBasedOneTimePasswordGenerator(STEP, digits, algorithm)
                    .generateOneTimePasswordString(new SecretKeySpec(secret, algorithm), at, Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not a usable TOTP secret", e);
        }
    }

    public static long step(Instant at) {
        return at.getEpochSecond() / STEP.toSeconds();
    }

    /**
     * The step whose code {@code typed} is, among the current step and its two neighbours, if it is newer than
     * {@code lastUsedStep}; empty otherwise (wrong, or already used).
     */
    public static OptionalLong verify(byte[] secret, String typed, Instant now, long lastUsedStep) {
        String digits = typed == null ? "" : typed.replaceAll("\\s", "");
        if (!digits.matches("[0-9]{" + DIGITS + "}")) {
            return OptionalLong.empty();
        }
        long current = step(now);
        for (long step = current - 1; step <= current + 1; step++) {
            if (step <= lastUsedStep) {
                continue;
            }
            String expected = code(secret, Instant.ofEpochSecond(step * STEP.toSeconds()));
            if (java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    digits.getBytes(StandardCharsets.US_ASCII))) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }
}
