package org.defaulterivr.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.defaulterivr.evidence.Pseudonymiser;
import org.defaulterivr.index.Listing;
import org.defaulterivr.index.ListingIndex;
import org.defaulterivr.index.NoticeRef;
import org.defaulterivr.numbers.PhoneNumbers;
import org.defaulterivr.testing.ManualClock;
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

    private static Listing counselled(long caseId, String e164, String... counsel) {
        return new Listing(caseId, "court-a", "C-" + caseId, e164, NOW.minusSeconds(60), NOW.plusSeconds(60), NOTICE,
                Set.of(counsel));
    }

    private static RepeatCallMemory memory(Duration period, SimpleMeterRegistry meters) {
        return new RepeatCallMemory(period, new Pseudonymiser(new byte[32], false), new PhoneNumbers("CN"), meters);
    }

    @Test
    void theRegistrysAllowlistIsHonouredLikeTheBuiltInOne() {
        ListingIndex index = indexOf(listing(1, "+8613800000000", NOW.minusSeconds(60), NOW.plusSeconds(60)));
        Screener screener = screener(index);
        assertInstanceOf(Decision.Listed.class, screener.decide(new CallRequest("1", "13800000000", "12315")));
        index.replaceExemptCallers(Set.of("12315", "+8613911112222"));
        Decision d = screener.decide(new CallRequest("1", "13800000000", "12315"));
        assertEquals(Screener.EXEMPT_CALLER, assertInstanceOf(Decision.Exempt.class, d).reason());
        assertInstanceOf(Decision.Exempt.class, screener.decide(new CallRequest("2", "13800000000", "013911112222")),
                "compared in E.164");
    }

    @Test
    void theDebtorsCounselNeverHearsThatCaseButHearsAnotherCaseOnTheSameNumber() {
        Screener screener = screener(indexOf(counselled(1, "+8613800000000", "+8613900000009")));
        Decision d = screener.decide(new CallRequest("1", "13800000000", "13900000009"));
        assertEquals(Screener.CASE_EXEMPT_CALLER, assertInstanceOf(Decision.Exempt.class, d).reason());
        assertInstanceOf(Decision.Listed.class, screener.decide(new CallRequest("2", "13800000000", "13900000001")));

        Screener both = screener(indexOf(counselled(1, "+8613800000000", "+8613900000009"),
                counselled(2, "+8613800000000")));
        Decision other = both.decide(new CallRequest("3", "13800000000", "13900000009"));
        assertEquals(2, assertInstanceOf(Decision.Listed.class, other).listing().caseId());
    }

    @Test
    void aCallerHearsACasesNoticeOncePerPeriodAndRepeatsAreCounted() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ManualClock clock = new ManualClock(NOW);
        RepeatCallMemory repeats = memory(Duration.ofHours(24), meters);
        Screener screener = new Screener(indexOf(listing(1, "+8613800000000", NOW.minusSeconds(60),
                NOW.plus(Duration.ofDays(3)))), new PhoneNumbers("CN"), Set.of(), repeats, clock);

        assertInstanceOf(Decision.Listed.class, screener.decide(new CallRequest("1", "13800000000", "13900000001")));
        clock.set(NOW.plus(Duration.ofHours(23)));
        Decision repeat = screener.decide(new CallRequest("2", "13800000000", "+8613900000001"));
        assertEquals(Screener.REPEAT_WITHIN_PERIOD, assertInstanceOf(Decision.Exempt.class, repeat).reason());
        assertEquals(1, meters.counter("divr_repeat_calls_total").count());
        assertInstanceOf(Decision.Listed.class, screener.decide(new CallRequest("3", "13800000000", "13900000002")),
                "another caller");
        for (String anonymous : List.of("", "unknown", "anonymous")) {
            assertInstanceOf(Decision.Listed.class, screener.decide(new CallRequest("4", "13800000000", anonymous)),
                    "callers without a number cannot be told apart: '" + anonymous + "'");
        }

        clock.set(NOW.plus(Duration.ofHours(24)));
        assertInstanceOf(Decision.Listed.class, screener.decide(new CallRequest("5", "13800000000", "13900000001")),
                "a period later the caller hears it again");
        repeats.prune(clock.instant().plus(Duration.ofHours(25)));
        assertEquals(0, repeats.size(), "old hearings are forgotten");
    }

    @Test
    void aNoticeThatWasNotHeardIsDueAgainOnTheNextCall() {
        RepeatCallMemory repeats = memory(Duration.ofHours(24), new SimpleMeterRegistry());
        Screener screener = new Screener(indexOf(listing(1, "+8613800000000", NOW.minusSeconds(60),
                NOW.plusSeconds(60))), new PhoneNumbers("CN"), Set.of(), repeats, Clock.fixed(NOW, ZoneOffset.UTC));
        CallRequest call = new CallRequest("1", "13800000000", "13900000001");
        assertInstanceOf(Decision.Listed.class, screener.decide(call));
        screener.notHeard(1, call); // say the notice file was missing
        assertInstanceOf(Decision.Listed.class, screener.decide(new CallRequest("2", "13800000000", "13900000001")));
    }

    @Test
    void aHearingRecordedByAnotherNodeCountsOnceItArrives() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RepeatCallMemory repeats = memory(Duration.ofHours(24), meters);
        Screener screener = new Screener(indexOf(listing(7, "+8613800000000", NOW.minusSeconds(60),
                NOW.plusSeconds(60))), new PhoneNumbers("CN"), Set.of(), repeats, Clock.fixed(NOW, ZoneOffset.UTC));
        String pseudonym = new Pseudonymiser(new byte[32], false).pseudonym("+8613900000001");
        repeats.heard(7, pseudonym, NOW.minus(Duration.ofHours(2)));
        assertInstanceOf(Decision.Exempt.class, screener.decide(new CallRequest("1", "13800000000", "13900000001")));
        assertEquals(pseudonym, repeats.callerKey("13900000001"), "remembered as the evidence names the caller");
    }

    @Test
    void withThePeriodAtZeroEveryCallHearsTheNotice() {
        RepeatCallMemory off = memory(Duration.ZERO, new SimpleMeterRegistry());
        Screener screener = new Screener(indexOf(listing(1, "+8613800000000", NOW.minusSeconds(60),
                NOW.plusSeconds(60))), new PhoneNumbers("CN"), Set.of(), off, Clock.fixed(NOW, ZoneOffset.UTC));
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(Decision.Listed.class, screener.decide(new CallRequest("1", "13800000000", "13900000001")));
        }
    }
}
