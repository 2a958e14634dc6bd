package org.defaulterivr.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.defaulterivr.index.Listing;
import org.defaulterivr.index.NoticeRef;

/**
 * A sketch, for BENCHMARKS.md only, of an index that fits 10 million numbers in under 400 MB: no object per number
 * or per case. Numbers are E.164 digits as a {@code long} in an open-addressing table (linear probing, load 0.8)
 * whose value is a case slot; cases are columns (id, validity in minutes, notice, court). Notices and courts are
 * shared tables (thousands, not millions). Case numbers stay out of memory: a listed call needs one only for its
 * evidence record, after the notice has played, and can read it from PostgreSQL then.
 *
 * <p>Not thread-safe for writes and not wired anywhere: it measures the layout, nothing more.
 */
final class CompactIndexPrototype {
    private static final long EMPTY = 0;
    private static final long EPOCH_MINUTE_BASE = 28_401_120L; // 2024-01-01T00:00Z in minutes

    private final long[] keys;
    private final int[] caseSlots;
    private final long[] caseIds;
    /** validity window as minutes since 2024: from in the high 32 bits, until in the low 32 (one cache line). */
    private final long[] validity;
    private final char[] noticeIndex;
    private final short[] courtIndex;
    private final NoticeRef[] notices;
    private final String[] courts;
    private int cases;

    private CompactIndexPrototype(int numbers, int caseCount, NoticeRef[] notices, String[] courts) {
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, (long) Math.ceil(numbers / 0.8) + 1);
        keys = new long[capacity];
        caseSlots = new int[capacity];
        caseIds = new long[caseCount];
        validity = new long[caseCount];
        noticeIndex = new char[caseCount];
        courtIndex = new short[caseCount];
        this.notices = notices;
        this.courts = courts;
    }

    static CompactIndexPrototype from(List<Listing> listings) {
        Map<Long, Integer> caseSlot = new HashMap<>();
        Map<NoticeRef, Integer> noticeSlot = new HashMap<>();
        Map<String, Integer> courtSlot = new HashMap<>();
        for (Listing l : listings) {
            caseSlot.putIfAbsent(l.caseId(), caseSlot.size());
            noticeSlot.putIfAbsent(l.notice(), noticeSlot.size());
            courtSlot.putIfAbsent(l.courtCode(), courtSlot.size());
        }
        NoticeRef[] notices = new NoticeRef[noticeSlot.size()];
        noticeSlot.forEach((n, i) -> notices[i] = n);
        String[] courts = new String[courtSlot.size()];
        courtSlot.forEach((c, i) -> courts[i] = c);
        CompactIndexPrototype index = new CompactIndexPrototype(listings.size(), caseSlot.size(), notices, courts);
        for (Listing l : listings) {
            int slot = caseSlot.get(l.caseId());
            if (slot == index.cases) {
                index.caseIds[slot] = l.caseId();
                index.validity[slot] = ((long) minute(l.validFrom()) << 32) | (minute(l.validUntil()) & 0xffffffffL);
                // up to 65,535 distinct notice versions in this sketch
                index.noticeIndex[slot] = (char) (int) noticeSlot.get(l.notice());
                index.courtIndex[slot] = (short) (int) courtSlot.get(l.courtCode());
                index.cases++;
            }
            index.put(digits(l.e164()), slot);
        }
        return index;
    }

    /** "+8613800000000" as 8613800000000; E.164 has at most 15 digits, so it always fits. */
    static long digits(String e164) {
        long value = 0;
        for (int i = 1; i < e164.length(); i++) {
            value = value * 10 + (e164.charAt(i) - '0');
        }
        return value;
    }

    private static int minute(Instant instant) {
        return (int) (instant.getEpochSecond() / 60 - EPOCH_MINUTE_BASE);
    }

    private int home(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (((h >>> 32) * keys.length) >>> 32);
    }

    private void put(long key, int slot) {
        int i = home(key);
        while (keys[i] != EMPTY && keys[i] != key) {
            i = i + 1 == keys.length ? 0 : i + 1;
        }
        // a number in two cases would keep a short list; the sketch keeps the lowest case, as find() ranks them
        if (keys[i] == EMPTY || caseIds[slot] < caseIds[caseSlots[i]]) {
            keys[i] = key;
            caseSlots[i] = slot;
        }
    }

    /** The case id in force for the number at {@code now}, or -1. */
    long find(String e164, Instant now) {
        long key = digits(e164);
        int i = home(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                int slot = caseSlots[i];
                int minute = minute(now);
                long window = validity[slot];
                return minute >= (int) (window >>> 32) && minute < (int) window ? caseIds[slot] : -1;
            }
            if (k == EMPTY) {
                return -1;
            }
            i = i + 1 == keys.length ? 0 : i + 1;
        }
    }

    NoticeRef notice(int slot) {
        return notices[noticeIndex[slot]];
    }

    String court(int slot) {
        return courts[courtIndex[slot]];
    }

    List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("numbers table: %,d slots (long key + int case slot), cases: %,d, notices: %,d,"
                + " courts: %,d", keys.length, cases, notices.length, courts.length));
        return lines;
    }
}
