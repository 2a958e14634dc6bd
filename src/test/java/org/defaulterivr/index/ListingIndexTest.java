package org.defaulterivr.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The compact index against a plain model of the same changes: same answers, same counts, through rebuilds. */
class ListingIndexTest {
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");

    @Test
    void numbersRoundTripThroughTheirKeys() {
        for (String e164 : List.of("+8613800000000", "+1", "+442079460000", "+999999999999999", "+0012")) {
            assertEquals(e164, ListingIndex.e164Of(ListingIndex.keyOf(e164)));
        }
        assertEquals(0, ListingIndex.keyOf("8613800000000"));
        assertEquals(0, ListingIndex.keyOf("+86138000000000000"));
        assertEquals(0, ListingIndex.keyOf("+86 138"));
        assertTrue(ListingIndex.keyOf("+8613800000000") != ListingIndex.keyOf("+08613800000000"));
    }

    private static Listing listing(long caseId, String e164, Instant from, Instant until) {
        return new Listing(caseId, "court-" + (caseId % 7), "C-" + caseId, e164, from, until,
                new NoticeRef(caseId % 13, Long.toHexString(caseId % 13).repeat(64).substring(0, 64), 8300),
                caseId % 5 == 0 ? Set.of("+8613900000001") : Set.of());
    }

    private static String number(int n) {
        return "+86138" + String.format("%08d", n);
    }

    /**
     * A case that changes keeps some of its numbers (a reassigned number suspended, a number added): a call to one it
     * keeps must find it listed throughout, in the case's old state or its new one. Closing the old row before the new
     * one was reachable left a window in which such a number was in neither.
     */
    @Test
    void aNumberACaseKeepsIsListedThroughoutTheCasesChanges() throws Exception {
        ListingIndex index = new ListingIndex();
        Instant from = NOW.minusSeconds(60);
        String kept = number(61);
        String toggled = number(60);
        List<Listing> both = List.of(listing(1, kept, from, NOW.plusSeconds(3600)),
                listing(1, toggled, from, NOW.plusSeconds(3600)));
        List<Listing> keptOnly = List.of(listing(1, kept, from, NOW.plusSeconds(7200)));
        index.replaceAll(both, NOW);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong misses = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                if (index.find(kept, NOW, l -> true).isEmpty()) {
                    misses.incrementAndGet();
                }
                reads.incrementAndGet();
            }
        });
        reader.start();
        for (int i = 0; i < 200_000; i++) {
            index.replaceCases(List.of(1L), i % 2 == 0 ? keptOnly : both);
        }
        done.set(true);
        reader.join();
        assertEquals(0, misses.get(), "reads that found the kept number in neither state, of " + reads.get());
        assertTrue(index.find(kept, NOW, l -> true).isPresent());
        assertTrue(index.find(toggled, NOW, l -> true).isPresent(), "the last change listed both");
    }

    @Test
    void randomChangesGiveTheSameAnswersAsAModel() {
        Random random = new Random(7);
        Map<Long, List<Listing>> model = new TreeMap<>();
        ListingIndex index = new ListingIndex();
        List<Listing> initial = new ArrayList<>();
        for (long caseId = 1; caseId <= 500; caseId++) {
            List<Listing> listings = numbersFor(caseId, random);
            model.put(caseId, listings);
            initial.addAll(listings);
        }
        index.replaceAll(initial, NOW);
        check(index, model);

        for (int round = 0; round < 3_000; round++) {
            List<Long> changed = new ArrayList<>();
            List<Listing> current = new ArrayList<>();
            for (int k = 0; k < 1 + random.nextInt(3); k++) {
                long caseId = 1 + random.nextInt(700);
                changed.add(caseId);
                if (random.nextInt(4) == 0) {
                    model.remove(caseId); // delisted
                } else {
                    List<Listing> listings = numbersFor(caseId, random);
                    model.put(caseId, listings);
                }
            }
            for (long caseId : changed) {
                current.addAll(model.getOrDefault(caseId, List.of()));
            }
            index.replaceCases(changed, current);
            if (round % 100 == 0) {
                check(index, model);
            }
        }
        check(index, model);
    }

    private static List<Listing> numbersFor(long caseId, Random random) {
        List<Listing> listings = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        Instant from = random.nextInt(10) == 0 ? NOW.plusSeconds(60) : NOW.minusSeconds(60);
        for (int i = 0; i < count; i++) {
            // numbers drawn from a small pool, so that many are listed in several cases at once
            listings.add(listing(caseId, number(random.nextInt(900)), from, NOW.plusSeconds(3600)));
        }
        return listings.stream().collect(java.util.stream.Collectors.toMap(Listing::e164, l -> l, (a, b) -> a))
                .values().stream().toList();
    }

    private static void check(ListingIndex index, Map<Long, List<Listing>> model) {
        Map<String, Long> expected = new HashMap<>();
        for (List<Listing> listings : model.values()) {
            for (Listing l : listings) {
                if (l.inForceAt(NOW)) {
                    expected.merge(l.e164(), l.caseId(), Math::min);
                }
            }
        }
        for (int n = 0; n < 900; n++) {
            Optional<Listing> found = index.find(number(n), NOW, l -> true);
            assertEquals(Optional.ofNullable(expected.get(number(n))), found.map(Listing::caseId), number(n));
            found.ifPresent(l -> {
                assertEquals("court-" + (l.caseId() % 7), l.courtCode());
                assertEquals(l.caseId() % 13, l.notice().id());
                assertEquals(l.caseId() % 5 == 0, l.exemptCallers().contains("+8613900000001"));
            });
        }
        long numbersListed = model.values().stream().flatMap(List::stream).map(Listing::e164).distinct().count();
        assertEquals(numbersListed, index.numberCount());
        assertEquals(model.size(), index.caseCount());
        assertEquals(model.values().stream().mapToLong(List::size).sum(), index.all().size());
    }

    @Test
    void windowsNeverGrowAndEndOnTime() {
        ListingIndex index = new ListingIndex();
        Instant from = NOW.plusMillis(1_050);
        Instant until = NOW.plusMillis(2_050);
        index.replaceAll(List.of(listing(1, number(1), from, until)), NOW);
        assertTrue(index.find(number(1), NOW.plusMillis(1_049), l -> true).isEmpty(), "not before the start");
        assertTrue(index.find(number(1), NOW.plusMillis(1_100), l -> true).isPresent());
        assertTrue(index.find(number(1), NOW.plusMillis(1_990), l -> true).isPresent());
        assertTrue(index.find(number(1), NOW.plusMillis(2_050), l -> true).isEmpty(), "the end is exclusive");
    }
}
