package org.defaulterivr.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.defaulterivr.index.Listing;
import org.defaulterivr.index.NoticeRef;

/**
 * The numbers a benchmark dials, the same in both servers under test: {@code listed} numbers 138xxxxxxxx (one case
 * each, listed and in force), unlisted ones drawn from 139xxxxxxxx. Numbers are dialled in national form, as the
 * recordings' {@code agi_arg_1} carries them; the default region (CN) turns them into E.164.
 */
public final class NumberPlan {
    /** A made-up notice: STREAM FILE names it; nothing reads the file in a benchmark. */
    public static final String NOTICE_SHA256 = "5f".repeat(32);
    public static final String COURT_CODE = "bench-court";

    private final int listed;

    public NumberPlan(int listed) {
        if (listed < 1) {
            throw new IllegalArgumentException("at least one listed number");
        }
        this.listed = listed;
    }

    public int listedCount() {
        return listed;
    }

    public static String listedNational(int i) {
        return String.format("138%08d", i);
    }

    public static String listedE164(int i) {
        return "+86" + listedNational(i);
    }

    public String randomListed(SplittableRandom random) {
        return listedNational(random.nextInt(listed));
    }

    public static String randomUnlisted(SplittableRandom random) {
        return String.format("139%08d", random.nextInt(100_000_000));
    }

    public static String randomCaller(SplittableRandom random) {
        return String.format("137%08d", random.nextInt(100_000_000));
    }

    public static String caseNumber(int i) {
        return String.format("(2025)BENCH%08d", i);
    }

    /** The listings as the registry's full load would give them (one case per number). */
    public List<Listing> listings(long noticeId, long noticeMs, Instant from, Instant until) {
        List<Listing> all = new ArrayList<>(listed);
        for (int i = 0; i < listed; i++) {
            all.add(new Listing(i + 1L, COURT_CODE, caseNumber(i), listedE164(i), from, until,
                    new NoticeRef(noticeId, NOTICE_SHA256, noticeMs)));
        }
        return all;
    }
}
