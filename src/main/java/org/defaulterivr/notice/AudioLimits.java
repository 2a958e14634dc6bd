package org.defaulterivr.notice;

import java.time.Duration;
import java.util.Objects;

/**
 * How much audio the caller is willing to accept in one upload.
 *
 * @param maxBytes    largest upload, in bytes, checked before any decoding
 * @param maxDuration longest recording, checked from the WAV header before resampling
 */
public record AudioLimits(long maxBytes, Duration maxDuration) {

    /** The longest notice a court may upload; a node's shutdown grace must let one play to its end. */
    public static final Duration LONGEST_NOTICE = Duration.ofMinutes(2);

    public AudioLimits {
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("maxDuration must be positive");
        }
        // Byte arrays are int-indexed, so anything larger cannot be held in memory anyway.
        if (maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBytes must be below 2 GiB");
        }
    }
}
