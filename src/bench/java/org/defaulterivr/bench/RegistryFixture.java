package org.defaulterivr.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.defaulterivr.index.Listing;
import org.defaulterivr.index.ListingIndex;
import org.defaulterivr.index.NoticeRef;

/**
 * A registry of many numbers built the way {@code RegistryRepository.loadAll} hands it to the index: every row
 * decoded on its own, so each listing has its own strings, instants and notice reference (the PostgreSQL client
 * shares nothing between rows). Numbers are 11-digit Chinese mobiles, +86 1xx xxxx xxxx.
 */
public final class RegistryFixture {
    private static final long BASE = 13_000_000_000L;
    private static final long STRIDE = 7L; // spreads the numbers over 13x-19x

    private RegistryFixture() {
    }

    /** The i-th listed number, national form (what Asterisk passes). */
    public static String national(long i) {
        return Long.toString(BASE + i * STRIDE);
    }

    public static String e164(long i) {
        return "+86" + national(i);
    }

    /** A number never listed: between two listed ones. */
    public static String unlistedNational(long i) {
        return Long.toString(BASE + i * STRIDE + 3);
    }

    /**
     * {@code numbers} listings, {@code perCase} numbers per case, as the full load produces them.
     */
    public static List<Listing> listings(int numbers, int perCase, Instant now) {
        List<Listing> all = new ArrayList<>(numbers);
        long from = now.minusSeconds(86_400).getEpochSecond();
        long until = now.plusSeconds(86_400 * 365).getEpochSecond();
        String sha = "5f".repeat(32);
        for (int i = 0; i < numbers; i++) {
            long caseId = i / perCase + 1L;
            all.add(new Listing(caseId, copy("court-" + (caseId % 3000)), copy("(2025)Z" + (1000000 + caseId)),
                    copy(e164(i)), Instant.ofEpochSecond(from), Instant.ofEpochSecond(until),
                    new NoticeRef(caseId % 5000, copy(sha), 15_000)));
        }
        return all;
    }

    public static ListingIndex index(int numbers, int perCase, Instant now) {
        ListingIndex index = new ListingIndex();
        index.replaceAll(listings(numbers, perCase, now), now);
        return index;
    }

    /** Random listed (even draws) and unlisted numbers, E.164. */
    public static String[] probes(int count, int numbers, boolean listed, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] probes = new String[count];
        for (int i = 0; i < count; i++) {
            long n = random.nextInt(numbers);
            probes[i] = listed ? e164(n) : "+86" + unlistedNational(n);
        }
        return probes;
    }

    /** A string with its own array, as a decoded row has. */
    private static String copy(String s) {
        return new String(s.toCharArray());
    }
}
