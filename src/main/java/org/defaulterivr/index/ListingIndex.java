package org.defaulterivr.index;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;

/**
 * The listings in force, in memory, so that a call is decided without a database round trip.
 *
 * <p>Beside the listings it holds the registry's global allowlist of callers (emergency and public services).
 *
 * <p>Built to hold tens of millions of numbers in a few hundred megabytes: no object per number or per case. A number
 * is its E.164 digits as a {@code long} in an open-addressing table whose value is a case slot; a case is a row of
 * columns (id, window, notice, court). Notices and courts are small shared tables. Case numbers are not kept: the call
 * path needs one only for its evidence record, which the database completes from the case id (it never changes).
 *
 * <p>Reads come from every event loop at once; writes come from one place only (the {@link RegistryRefresher}) and are
 * serialised here. A changed case gets a new slot; its numbers are pointed at it before its old slot is closed (its
 * window emptied), so a reader sees the old state of a case or the new one, never a mix and never neither. Closed
 * slots and numbers no longer listed are dropped when the table is rebuilt (when it fills up or has many closed
 * slots).
 */
public final class ListingIndex {
    private static final long EMPTY_KEY = 0;
    private static final int ABSENT = Integer.MIN_VALUE;
    /** Window bounds in tenths of a second after the state's base: 6.8 years of range in an {@code int}. */
    private static final long TICK_MILLIS = 100;
    private static final int CLOSED = Integer.MIN_VALUE;
    private static final double LOAD = 0.85;

    private volatile State state = State.create(0, 0, Instant.EPOCH, new NoticeRef[0], new String[0]);
    private volatile Instant loadedAt;
    private volatile long changes;
    private volatile Set<String> exemptCallers = Set.of();
    private volatile Map<Long, String> quarantined = Map.of();

    /** False until the first full load: a node that does not know the registry must not pretend a number is clean. */
    public boolean ready() {
        return loadedAt != null;
    }

    /** When the index last surely matched the database (last full load, loss of the change feed, or snapshot). */
    public Instant loadedAt() {
        return loadedAt;
    }

    /** Counts every change, so a snapshot writer can tell whether there is anything new to write. */
    public long changes() {
        return changes;
    }

    /** Numbers with at least one open case. */
    public int numberCount() {
        return state.liveNumbers;
    }

    /** Cases with an open slot. */
    public int caseCount() {
        return state.liveCases;
    }

    /**
     * The listing of {@code e164} in force at {@code now} that passes {@code admissible}; where a number is listed in
     * several cases, the oldest case (lowest id) speaks first. The listing carries no case number (see the class).
     */
    public Optional<Listing> find(String e164, Instant now, Predicate<Listing> admissible) {
        long key = keyOf(e164);
        if (key == EMPTY_KEY) {
            return Optional.empty();
        }
        State s = state;
        int tick = s.tickOf(now);
        // a case's old row may close while we read it: its numbers were pointed at the new row before (a volatile
        // write we then see), so a miss is checked against the number's entry and the entry read again if it moved
        for (int attempt = 0; attempt < 8; attempt++) {
            int value = s.get(key);
            if (value == ABSENT) {
                return Optional.empty();
            }
            Listing best = null;
            if (value >= 0) {
                best = consider(s, value, e164, tick, admissible, null);
            } else {
                for (int slot : s.multi.get(-value - 1)) {
                    best = consider(s, slot, e164, tick, admissible, best);
                }
            }
            if (best != null || s.get(key) == value) {
                return Optional.ofNullable(best);
            }
        }
        return Optional.empty();
    }

    private static Listing consider(State s, int slot, String e164, int tick, Predicate<Listing> admissible,
            Listing best) {
        if (slot >= s.caseCapacity) {
            return best;
        }
        int until = s.until.get(slot);
        if (until == CLOSED || tick < s.from[slot] || tick >= until) {
            return best;
        }
        if (best != null && s.caseIds[slot] >= best.caseId()) {
            return best;
        }
        Listing listing = s.listing(slot, e164);
        return admissible.test(listing) ? listing : best;
    }

    /** Notes that the index still matched the database at {@code at} (as it did when the change feed was lost). */
    public void markSynced(Instant at) {
        loadedAt = at;
    }

    /** Fills an index that was never loaded, from a snapshot taken at {@code asOf}; false if it is loaded already. */
    public synchronized boolean restoreIfEmpty(Collection<Listing> listings, Instant asOf) {
        if (loadedAt != null) {
            return false;
        }
        replaceAll(listings, asOf);
        return true;
    }

    /** Replaces everything: the result of a full load. */
    public synchronized void replaceAll(Collection<Listing> listings, Instant asOf) {
        Map<Long, List<Listing>> byCase = group(listings);
        state = build(byCase.values(), byCase.size(), listings.size(), asOf, new NoticeRef[0], new String[0]);
        loadedAt = asOf;
        changes++;
    }

    /**
     * Replaces what the index holds for the given cases: {@code current} has their listings as the database has them
     * now (a case that is no longer active has none).
     */
    public synchronized void replaceCases(Collection<Long> caseIds, Collection<Listing> current) {
        Map<Long, List<Listing>> fresh = group(current);
        State s = state;
        int newNumbers = current.size();
        if (s.caseCount + fresh.size() > s.caseCapacity || s.used + newNumbers > s.maxUsed
                || s.closedCases > Math.max(1024, s.liveCases / 4)) {
            // rebuild with room to spare, dropping closed slots and numbers no longer listed
            List<List<Listing>> cases = new ArrayList<>(s.openCases(caseIds));
            cases.addAll(fresh.values());
            state = build(cases, cases.size(), cases.stream().mapToInt(List::size).sum(), Instant.now(), s.notices,
                    s.courts);
            changes++;
            return;
        }
        // the new rows first, then the old ones closed: a number the case keeps points at its new row before its old
        // row closes, so a call never finds it in neither (closing first left a window where it was not listed)
        List<Long> changed = List.copyOf(caseIds);
        int[] oldSlots = new int[changed.size()];
        for (int i = 0; i < oldSlots.length; i++) {
            oldSlots[i] = s.openSlotOf(changed.get(i));
        }
        for (List<Listing> listings : fresh.values()) {
            s.add(listings);
        }
        for (int i = 0; i < oldSlots.length; i++) {
            s.closeSlot(changed.get(i), oldSlots[i]);
        }
        changes++;
    }

    /**
     * Cases the loader set aside because a row of theirs cannot be loaded (case id and why): none of their numbers
     * is screened until the row is mended. Operators are alerted to each ({@code divr_index_quarantined_cases}).
     */
    public Map<Long, String> quarantined() {
        return quarantined;
    }

    /** After a full load: exactly these cases are set aside. */
    public void replaceQuarantined(Map<Long, String> cases) {
        quarantined = Map.copyOf(cases);
    }

    /** After reloading {@code caseIds}: of those, exactly the ones in {@code cases} are set aside. */
    public synchronized void updateQuarantined(Collection<Long> caseIds, Map<Long, String> cases) {
        Map<Long, String> next = new java.util.TreeMap<>(quarantined);
        next.keySet().removeAll(caseIds);
        next.putAll(cases);
        quarantined = Map.copyOf(next);
    }

    /** Every listing held (without case numbers), for snapshots. */
    public List<Listing> all() {
        return state.all();
    }

    /**
     * Callers who never hear any notice, from the registry's global allowlist (as stored: E.164, or a short code);
     * empty until loaded.
     */
    public Set<String> exemptCallers() {
        return exemptCallers;
    }

    /** Replaces the global allowlist: the result of loading it after a change. */
    public void replaceExemptCallers(Set<String> callers) {
        exemptCallers = Set.copyOf(callers);
    }

    private static Map<Long, List<Listing>> group(Collection<Listing> listings) {
        Map<Long, List<Listing>> byCase = new LinkedHashMap<>();
        for (Listing listing : listings) {
            byCase.computeIfAbsent(listing.caseId(), id -> new ArrayList<>(2)).add(listing);
        }
        return byCase;
    }

    private static State build(Collection<List<Listing>> cases, int caseCount, int numberCount, Instant now,
            NoticeRef[] notices, String[] courts) {
        State s = State.create(caseCount + caseCount / 32 + 1024, numberCount + numberCount / 32 + 1024,
                now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(3L * 365 * 86_400), notices, courts);
        List<List<Listing>> ordered = new ArrayList<>(cases);
        ordered.sort(Comparator.comparingLong(l -> l.get(0).caseId()));
        s.sortedSlots = Integer.MAX_VALUE; // every slot of a build is in case id order: no appended slots to note
        for (List<Listing> listings : ordered) {
            s.add(listings);
        }
        s.sortedSlots = s.caseCount;
        return s;
    }

    /** E.164 "+digits" as a long (at most 15 digits), or 0 when it is not one. */
    static long keyOf(String e164) {
        if (e164 == null || e164.length() < 2 || e164.length() > 16 || e164.charAt(0) != '+') {
            return EMPTY_KEY;
        }
        long key = 0;
        for (int i = 1; i < e164.length(); i++) {
            char c = e164.charAt(i);
            if (c < '0' || c > '9') {
                return EMPTY_KEY;
            }
            key = key * 10 + (c - '0');
        }
        // the digit count is part of the key: +86 1380... and +861380... with a leading zero stay apart
        return key * 100 + (e164.length() - 1);
    }

    static String e164Of(long key) {
        int digits = (int) (key % 100);
        String number = Long.toString(key / 100);
        return "+" + "0".repeat(Math.max(0, digits - number.length())) + number;
    }

    /** One generation of the tables; replaced whole by a rebuild, changed in place by {@link #replaceCases}. */
    private static final class State {
        // numbers: open addressing, linear probing
        final AtomicLongArray keys;
        final AtomicIntegerArray values;
        final int capacity;
        final int maxUsed;
        int used;
        // cases: one row per slot
        final int caseCapacity;
        final int[] caseIds;
        final int[] from;
        final AtomicIntegerArray until;
        final int[] notice;
        final short[] court;
        /** The case's registry version the slot was loaded at. */
        final int[] version;
        /** Table position of the case's first number (positions never move within a state); -1 for none. */
        final int[] firstNumber;
        int caseCount;
        int sortedSlots;
        final Map<Long, Integer> appendedSlots = new HashMap<>();
        final Map<Integer, int[]> moreNumbers = new HashMap<>();
        final Map<Integer, Set<String>> caseExempt = new java.util.concurrent.ConcurrentHashMap<>();
        final List<int[]> multi = new java.util.concurrent.CopyOnWriteArrayList<>();
        // shared tables
        volatile NoticeRef[] notices;
        final Map<NoticeRef, Integer> noticeSlots = new HashMap<>();
        volatile String[] courts;
        final Map<String, Integer> courtSlots = new HashMap<>();
        final long baseMillis;
        volatile int liveNumbers;
        volatile int liveCases;
        int closedCases;

        private State(int caseCapacity, int numberCapacity, Instant base, NoticeRef[] notices, String[] courts) {
            this.capacity = Math.max(16, (int) Math.min(Integer.MAX_VALUE - 16, (long) (numberCapacity / LOAD) + 1));
            this.maxUsed = (int) (capacity * LOAD);
            this.keys = new AtomicLongArray(capacity);
            this.values = new AtomicIntegerArray(capacity);
            this.caseCapacity = Math.max(16, caseCapacity);
            this.caseIds = new int[this.caseCapacity];
            this.from = new int[this.caseCapacity];
            this.until = new AtomicIntegerArray(this.caseCapacity);
            this.notice = new int[this.caseCapacity];
            this.court = new short[this.caseCapacity];
            this.version = new int[this.caseCapacity];
            this.firstNumber = new int[this.caseCapacity];
            this.baseMillis = base.toEpochMilli();
            this.notices = notices;
            this.courts = courts;
            for (int i = 0; i < notices.length; i++) {
                noticeSlots.put(notices[i], i);
            }
            for (int i = 0; i < courts.length; i++) {
                courtSlots.put(courts[i], i);
            }
        }

        static State create(int caseCapacity, int numberCapacity, Instant base, NoticeRef[] notices, String[] courts) {
            return new State(caseCapacity, numberCapacity, base, notices, courts);
        }

        int tickOf(Instant instant) {
            return ticks(instant.toEpochMilli(), false);
        }

        /** Window bounds in ticks: a start rounds up, an end rounds down, so a window never grows. */
        private int ticks(long epochMillis, boolean roundUp) {
            long offset = epochMillis - baseMillis;
            long tick = roundUp ? Math.floorDiv(offset + TICK_MILLIS - 1, TICK_MILLIS) : Math.floorDiv(offset, TICK_MILLIS);
            return (int) Math.max(Integer.MIN_VALUE + 1L, Math.min(Integer.MAX_VALUE, tick));
        }

        private int slotOfIndex(long key) {
            return (int) (((mix(key) & 0xffffffffL) * capacity) >>> 32);
        }

        private static int mix(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }

        int get(long key) {
            int i = slotOfIndex(key);
            while (true) {
                long k = keys.get(i);
                if (k == key) {
                    return values.get(i);
                }
                if (k == EMPTY_KEY) {
                    return ABSENT;
                }
                i = i + 1 == capacity ? 0 : i + 1;
            }
        }

        /** Writer only: the table position of {@code key}, inserting it (with no slot yet) if absent. */
        private int position(long key) {
            int i = slotOfIndex(key);
            while (true) {
                long k = keys.get(i);
                if (k == key) {
                    return i;
                }
                if (k == EMPTY_KEY) {
                    values.set(i, ABSENT);
                    keys.set(i, key);
                    used++;
                    return i;
                }
                i = i + 1 == capacity ? 0 : i + 1;
            }
        }

        /** Writer only: a new slot for one case's listings, and its numbers pointed at it. */
        void add(List<Listing> listings) {
            Listing first = listings.get(0);
            if (first.caseId() <= 0 || first.caseId() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("case id out of range: " + first.caseId());
            }
            int slot = caseCount++;
            caseIds[slot] = (int) first.caseId();
            from[slot] = ticks(first.validFrom().toEpochMilli(), true);
            notice[slot] = noticeSlot(first.notice());
            court[slot] = (short) courtSlot(first.courtCode());
            version[slot] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, first.version()));
            if (!first.exemptCallers().isEmpty()) {
                caseExempt.put(slot, Set.copyOf(first.exemptCallers()));
            }
            long[] numbers = listings.stream().mapToLong(l -> keyOf(l.e164())).filter(k -> k != EMPTY_KEY)
                    .distinct().toArray();
            int[] positions = new int[numbers.length];
            for (int i = 0; i < numbers.length; i++) {
                positions[i] = position(numbers[i]);
            }
            firstNumber[slot] = positions.length == 0 ? -1 : positions[0];
            if (positions.length > 1) {
                moreNumbers.put(slot, Arrays.copyOfRange(positions, 1, positions.length));
            }
            // the row is complete before it is reachable: the window is written last, as a volatile write
            until.set(slot, ticks(first.validUntil().toEpochMilli(), false));
            if (slot >= sortedSlots) {
                appendedSlots.put(first.caseId(), slot);
            }
            for (int position : positions) {
                attach(position, slot);
            }
            liveCases++;
        }

        private void attach(int position, int slot) {
            int value = values.get(position);
            if (value == ABSENT) {
                values.set(position, slot);
                liveNumbers++;
                return;
            }
            List<Integer> slots = new ArrayList<>();
            if (value >= 0) {
                slots.add(value);
            } else {
                for (int s : multi.get(-value - 1)) {
                    slots.add(s);
                }
            }
            int caseId = caseIds[slot];
            boolean wasLive = slots.stream().anyMatch(this::open);
            slots.removeIf(s -> !open(s) || caseIds[s] == caseId);
            slots.add(slot);
            if (slots.size() == 1) {
                values.set(position, slot);
            } else {
                multi.add(slots.stream().mapToInt(Integer::intValue).toArray());
                values.set(position, -multi.size());
            }
            if (!wasLive) {
                liveNumbers++;
            }
        }

        private boolean open(int slot) {
            return until.get(slot) != CLOSED;
        }

        /** The open row of {@code caseId}, or -1. */
        int openSlotOf(long caseId) {
            Integer slot = appendedSlots.get(caseId);
            if (slot == null) {
                int found = caseId > Integer.MAX_VALUE ? -1
                        : Arrays.binarySearch(caseIds, 0, Math.min(sortedSlots, caseCount), (int) caseId);
                slot = found >= 0 && open(found) ? found : null;
            }
            return slot == null || !open(slot) ? -1 : slot;
        }

        /**
         * Writer only: closes row {@code slot} of {@code caseId} (found by {@link #openSlotOf} before any new row was
         * added); its numbers that no other open case lists stop counting.
         */
        void closeSlot(long caseId, int slot) {
            if (slot < 0 || !open(slot)) {
                return;
            }
            appendedSlots.remove(caseId, slot);
            until.set(slot, CLOSED);
            closedCases++;
            liveCases--;
            for (int position : numbersOf(slot)) {
                if (!listedElsewhere(position)) {
                    liveNumbers--;
                }
            }
        }

        private boolean listedElsewhere(int position) {
            int value = values.get(position);
            if (value == ABSENT) {
                return false;
            }
            if (value >= 0) {
                return open(value);
            }
            for (int s : multi.get(-value - 1)) {
                if (open(s)) {
                    return true;
                }
            }
            return false;
        }

        /** Table positions of the case's numbers. */
        private int[] numbersOf(int slot) {
            int first = firstNumber[slot];
            int[] more = moreNumbers.get(slot);
            if (first < 0) {
                return new int[0];
            }
            if (more == null) {
                return new int[] {first};
            }
            int[] all = new int[more.length + 1];
            all[0] = first;
            System.arraycopy(more, 0, all, 1, more.length);
            return all;
        }

        private int noticeSlot(NoticeRef ref) {
            Integer slot = noticeSlots.get(ref);
            if (slot == null) {
                slot = notices.length;
                NoticeRef[] grown = Arrays.copyOf(notices, slot + 1);
                grown[slot] = ref;
                notices = grown;
                noticeSlots.put(ref, slot);
            }
            return slot;
        }

        private int courtSlot(String code) {
            Integer slot = courtSlots.get(code);
            if (slot == null) {
                slot = courts.length;
                if (slot > Short.MAX_VALUE) {
                    throw new IllegalStateException("more than 32767 courts");
                }
                String[] grown = Arrays.copyOf(courts, slot + 1);
                grown[slot] = code;
                courts = grown;
                courtSlots.put(code, slot);
            }
            return slot;
        }

        Listing listing(int slot, String e164) {
            return new Listing(caseIds[slot], courts[court[slot]], "", e164,
                    Instant.ofEpochMilli(baseMillis + from[slot] * TICK_MILLIS),
                    Instant.ofEpochMilli(baseMillis + until.get(slot) * TICK_MILLIS),
                    notices[notice[slot]], caseExempt.getOrDefault(slot, Set.of()), version[slot]);
        }

        /** The open cases other than {@code except}, as listings, for a rebuild. */
        List<List<Listing>> openCases(Collection<Long> except) {
            Set<Long> skip = new HashSet<>(except);
            List<List<Listing>> cases = new ArrayList<>();
            for (int slot = 0; slot < caseCount; slot++) {
                if (open(slot) && !skip.contains((long) caseIds[slot])) {
                    List<Listing> listings = new ArrayList<>(1);
                    for (int position : numbersOf(slot)) {
                        listings.add(listing(slot, e164Of(keys.get(position))));
                    }
                    if (!listings.isEmpty()) {
                        cases.add(listings);
                    }
                }
            }
            return cases;
        }

        List<Listing> all() {
            List<Listing> all = new ArrayList<>();
            openCases(Set.of()).forEach(all::addAll);
            return all;
        }
    }
}
