package org.defaulterivr.screening;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.defaulterivr.index.Listing;
import org.defaulterivr.index.ListingIndex;
import org.defaulterivr.numbers.PhoneNumbers;

/**
 * The per-call decision: pure, in memory, no I/O.
 *
 * <p>A listed number's notice is not played to: callers on the allowlists (the built-in one from configuration and
 * the registry's global one: emergency and public services), the case's own exempt callers (the debtor's counsel),
 * and a caller who heard that case's notice within the repeat period. Where a number is listed in several cases,
 * the oldest case that this caller may hear speaks.
 */
public final class Screener {
    /** {@link Decision.Exempt#reason()}: the caller is on a global allowlist. */
    public static final String EXEMPT_CALLER = "exempt-caller";
    /** {@link Decision.Exempt#reason()}: the court exempted this caller from the case (the debtor's counsel). */
    public static final String CASE_EXEMPT_CALLER = "case-exempt-caller";
    /** {@link Decision.Exempt#reason()}: the caller heard this case's notice within the repeat period. */
    public static final String REPEAT_WITHIN_PERIOD = "repeat-within-period";

    private final ListingIndex index;
    private final PhoneNumbers numbers;
    private final Set<String> exemptCallers;
    private final RepeatCallMemory repeats;
    private final Clock clock;

    /**
     * @param exemptCallers callers that never hear a notice, as given (short codes like 110) or any form a number
     *                      takes; they are compared both as given and in E.164
     */
    public Screener(ListingIndex index, PhoneNumbers numbers, Set<String> exemptCallers, Clock clock) {
        this(index, numbers, exemptCallers, RepeatCallMemory.off(), clock);
    }

    /** As above, sparing callers who heard a case's notice within the period {@code repeats} remembers. */
    public Screener(ListingIndex index, PhoneNumbers numbers, Set<String> exemptCallers, RepeatCallMemory repeats,
            Clock clock) {
        this.index = index;
        this.numbers = numbers;
        this.repeats = repeats;
        this.clock = clock;
        this.exemptCallers = exemptCallers.stream()
                .flatMap(c -> numbers.toE164(c).map(e -> Stream.of(c, e)).orElseGet(() -> Stream.of(c)))
                .collect(Collectors.toUnmodifiableSet());
    }

    public Decision decide(CallRequest call) {
        if (!index.ready()) {
            return new Decision.Unavailable("index-not-loaded");
        }
        Optional<String> called = numbers.toE164(call.calledRaw());
        if (called.isEmpty()) {
            return new Decision.NotListed();
        }
        Instant now = clock.instant();
        Optional<Listing> listing = index.find(called.get(), now, l -> true);
        if (listing.isEmpty()) {
            return new Decision.NotListed();
        }
        Optional<String> caller = call.callerRaw() == null ? Optional.empty() : numbers.toE164(call.callerRaw());
        if (isExempt(call.callerRaw(), caller)) {
            return new Decision.Exempt(listing.get(), EXEMPT_CALLER);
        }
        Optional<Listing> notCounsel = index.find(called.get(), now, l -> !caseExempts(l, caller));
        if (notCounsel.isEmpty()) {
            return new Decision.Exempt(listing.get(), CASE_EXEMPT_CALLER);
        }
        String callerKey = repeats.callerKey(call.callerRaw());
        if (callerKey == null) {
            return new Decision.Listed(notCounsel.get());
        }
        Optional<Listing> due = index.find(called.get(), now,
                l -> !caseExempts(l, caller) && !repeats.heardWithinPeriod(l.caseId(), callerKey, now));
        if (due.isEmpty()) {
            repeats.repeatPassed();
            return new Decision.Exempt(notCounsel.get(), REPEAT_WITHIN_PERIOD);
        }
        repeats.heard(due.get().caseId(), callerKey, now);
        return new Decision.Listed(due.get());
    }

    /**
     * A notice decided for this caller was not heard (missing file, hang-up before it began): the caller is due to
     * hear it on their next call, not one period later.
     */
    public void notHeard(long caseId, CallRequest call) {
        repeats.notHeard(caseId, repeats.callerKey(call.callerRaw()));
    }

    private static boolean caseExempts(Listing listing, Optional<String> callerE164) {
        return callerE164.isPresent() && listing.exemptCallers().contains(callerE164.get());
    }

    private boolean isExempt(String callerRaw, Optional<String> callerE164) {
        if (callerRaw == null) {
            return false;
        }
        Set<String> registry = index.exemptCallers();
        return exemptCallers.contains(callerRaw) || registry.contains(callerRaw)
                || callerE164.map(e -> exemptCallers.contains(e) || registry.contains(e)).orElse(false);
    }
}
