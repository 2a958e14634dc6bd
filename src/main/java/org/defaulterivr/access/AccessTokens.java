package org.defaulterivr.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Bearer tokens: {@code divr_} and 32 random bytes in base64url (256 bits), shown once when issued and stored only
 * as their SHA-256.
 *
 * <p>A plain hash is enough here, where a password would need a slow salted one: a slow hash protects guessable
 * secrets against a brute-force search of the stolen hashes, and a 256-bit random token cannot be searched at all.
 * The hash is also the lookup key, which a salted hash could not be.
 */
public final class AccessTokens {
    public static final String PREFIX = "divr_";
    private static final int RANDOM_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AccessTokens() {
    }

    /** A new token: {@value #PREFIX} + 43 base64url characters. */
    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SHA-256 of a token's text, as stored. */
    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Compares two hashes in time independent of where they differ. The database finds a token by its hash, so
     * this is a second check, but it keeps the comparison safe should tokens ever be looked up another way.
     */
    public static boolean sameHash(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** Whether a presented credential could be a token at all; anything else fails without a database query. */
    public static boolean plausible(String token) {
        return token != null && token.length() >= 32 && token.length() <= 200
                && token.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
    }
}
