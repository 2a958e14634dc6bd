package org.defaulterivr.index;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The instants a listing may hold, for the loader: what {@code CaseRules} lets a court give, widened for rows written
 * by older releases. A row outside these bounds cannot be loaded and its case is set aside (quarantined) instead.
 */
final class ListingBounds {
    /** The loader takes what any release could have stored with a four-digit year; courts are held much tighter. */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private ListingBounds() {
    }

    /** An instant from the text of its epoch seconds ({@code extract(epoch from ...)::text}). */
    static Instant instant(String epochSeconds, String column) {
        if (epochSeconds == null) {
            throw new IllegalArgumentException(column + " is empty");
        }
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(epochSeconds);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " is not a finite time (" + epochSeconds + ")");
        }
        if (seconds.compareTo(BigDecimal.valueOf(EARLIEST.getEpochSecond())) < 0
                || seconds.compareTo(BigDecimal.valueOf(LATEST.getEpochSecond())) > 0) {
            throw new IllegalArgumentException(column + " is outside " + EARLIEST + " .. " + LATEST);
        }
        BigDecimal whole = seconds.setScale(0, java.math.RoundingMode.FLOOR);
        int nanos = seconds.subtract(whole).movePointRight(9).intValue();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }
}
