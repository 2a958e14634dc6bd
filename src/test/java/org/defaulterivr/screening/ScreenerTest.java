package org.defaulterivr.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.defaulterivr.registry.Listing;
import org.defaulterivr.registry.ListingIndex;
import org.defaulterivr.registry.NoticeRef;
import org.defaulterivr.registry.PhoneNumbers;
import org.junit.jupiter.api.Test;

class ScreenerTest {
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final NoticeRef NOTICE = new NoticeRef(7, "a".repeat(64), 15_000);

    private static Listing listing(long caseId, String e164, Instant from, Instant until) {
        return new Listing(caseId, "court-a", "C-" + caseId, e164, from, until, NOTICE);
    }

    private static Screener screener(ListingIndex index) {
        return new Screener(index, new PhoneNumbers("CN"), Set.of("110", "+8612345"), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static ListingIndex indexOf(Listing... listings) {
        ListingIndex index = new ListingIndex();
        index.replaceAll(List.of(listings), NOW);
        return index;
    }

    @Test
    void aListedNumberInItsWindowIsListedInWhateverFormTheCarrierPresentsIt() {
        Screener screener = screener(indexOf(listing(1, "+8613800000000", NOW.minusSeconds(60), NOW.plusSeconds(60))));
        for (String form : List.of("13800000000", "+8613800000000", "008613800000000", "8613800000000")) {
            Decision d = screener.decide(new CallRequest("1.1", form, "13900000001"));
            assertEquals(1, assertInstanceOf(Decision.Listed.class, d, form).listing().caseId());
        }
    }

    @Test
    void aListingIsInForceOnlyInsideItsWindow() {
        Screener screener = screener(indexOf(
                listing(1, "+8613800000001", NOW.plusSeconds(1), NOW.plusSeconds(60)),
                listing(2, "+8613800000002", NOW.minusSeconds(60), NOW),
                listing(3, "+8613800000003", NOW, NOW.plusSeconds(1))));
        assertInstanceOf(Decision.NotListed.class, screener.decide(new CallRequest("1", "13800000001", "")));
        assertInstanceOf(Decision.NotListed.class, screener.decide(new CallRequest("2", "13800000002", "")),
                "the window's end is exclusive");
        assertInstanceOf(Decision.Listed.class, screener.decide(new CallRequest("3", "13800000003", "")));
    }

    @Test
    void unlistedAndUnparseableNumbersAreNotListed() {
        Screener screener = screener(indexOf(listing(1, "+8613800000000", NOW.minusSeconds(60), NOW.plusSeconds(60))));
        for (String called : List.of("13800000009", "", "s", "unknown", "abc", "1".repeat(60))) {
            assertInstanceOf(Decision.NotListed.class, screener.decide(new CallRequest("1", called, "")), called);
        }
    }

    @Test
    void emergencyServicesNeverHearANotice() {
        Screener screener = screener(indexOf(listing(1, "+8613800000000", NOW.minusSeconds(60), NOW.plusSeconds(60))));
        assertInstanceOf(Decision.Exempt.class, screener.decide(new CallRequest("1", "13800000000", "110")));
        assertInstanceOf(Decision.Exempt.class, screener.decide(new CallRequest("1", "13800000000", "12345")),
                "an exempt number matches in national form too");
    }

    @Test
    void beforeTheIndexIsLoadedTheDecisionIsUnavailableNotClean() {
        Screener screener = screener(new ListingIndex());
        Decision d = screener.decide(new CallRequest("1", "13800000000", ""));
        assertEquals("index-not-loaded", assertInstanceOf(Decision.Unavailable.class, d).reason());
    }

    @Test
    void whereANumberIsInSeveralCasesTheOldestCaseSpeaksAndADelistedCaseStopsAtOnce() {
        ListingIndex index = indexOf(
                listing(9, "+8613800000000", NOW.minusSeconds(60), NOW.plusSeconds(60)),
                listing(4, "+8613800000000", NOW.minusSeconds(60), NOW.plusSeconds(60)));
        Screener screener = screener(index);
        assertEquals(4, ((Decision.Listed) screener.decide(new CallRequest("1", "13800000000", ""))).listing().caseId());

        index.replaceCases(List.of(4L), List.of());
        assertEquals(9, ((Decision.Listed) screener.decide(new CallRequest("1", "13800000000", ""))).listing().caseId());
        index.replaceCases(List.of(9L), List.of());
        assertInstanceOf(Decision.NotListed.class, screener.decide(new CallRequest("1", "13800000000", "")));
        assertEquals(0, index.numberCount());
    }
}
