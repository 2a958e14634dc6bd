package org.defaulterivr.screening;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.defaulterivr.registry.Listing;
import org.defaulterivr.registry.ListingIndex;
import org.defaulterivr.registry.PhoneNumbers;

/** The per-call decision: pure, in memory, no I/O. */
public final class Screener {
    private final ListingIndex index;
    private final PhoneNumbers numbers;
    private final Set<String> exemptCallers;
    private final Clock clock;

    /**
     * @param exemptCallers callers that never hear a notice, as given (short codes like 110) or any form a number
     *                      takes; they are compared both as given and in E.164
     */
    public Screener(ListingIndex index, PhoneNumbers numbers, Set<String> exemptCallers, Clock clock) {
        this.index = index;
        this.numbers = numbers;
        this.clock = clock;
        this.exemptCallers = exemptCallers.stream()
                .flatMap(c -> numbers.toE164(c).map(e -> java.util.stream.Stream.of(c, e))
                        .orElseGet(() -> java.util.stream.Stream.of(c)))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public Decision decide(CallRequest call) {
        if (!index.ready()) {
            return new Decision.Unavailable("index-not-loaded");
        }
        Optional<String> called = numbers.toE164(call.calledRaw());
        if (called.isEmpty()) {
            return new Decision.NotListed();
        }
        Optional<Listing> listing = index.find(called.get(), clock.instant(), l -> true);
        if (listing.isEmpty()) {
            return new Decision.NotListed();
        }
        if (isExempt(call.callerRaw())) {
            return new Decision.Exempt(listing.get(), "exempt-caller");
        }
        return new Decision.Listed(listing.get());
    }

    private boolean isExempt(String callerRaw) {
        if (callerRaw == null) {
            return false;
        }
        return exemptCallers.contains(callerRaw)
                || numbers.toE164(callerRaw).map(exemptCallers::contains).orElse(false);
    }
}
