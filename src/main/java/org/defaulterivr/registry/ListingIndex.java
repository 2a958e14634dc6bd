package org.defaulterivr.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The listings in force, in memory, so that a call is decided without a database round trip.
 *
 * <p>Beside the listings it holds the registry's global allowlist of callers (emergency and public services).
 *
 * <p>Reads come from every event loop at once; writes come from one place only (the {@link RegistryRefresher}), so
 * the two maps are updated one case at a time and a reader sees either the old or the new state of a number.
 */
public final class ListingIndex {
    private static final Listing[] NONE = new Listing[0];

    private volatile Map<String, Listing[]> byNumber = new ConcurrentHashMap<>();
    private volatile Map<Long, List<Listing>> byCase = new ConcurrentHashMap<>();
    private volatile Instant loadedAt;
    private volatile long changes;
    private volatile Set<String> exemptCallers = Set.of();

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

    public int numberCount() {
        return byNumber.size();
    }

    public int caseCount() {
        return byCase.size();
    }

    /**
     * The listing of {@code e164} in force at {@code now} that passes {@code admissible}; where a number is listed in
     * several cases, the oldest case (lowest id) speaks first.
     */
    public Optional<Listing> find(String e164, Instant now, Predicate<Listing> admissible) {
        Listing best = null;
        for (Listing listing : byNumber.getOrDefault(e164, NONE)) {
            if (listing.inForceAt(now) && admissible.test(listing)
                    && (best == null || listing.caseId() < best.caseId())) {
                best = listing;
            }
        }
        return Optional.ofNullable(best);
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
        Map<String, Listing[]> numbers = new HashMap<>();
        Map<Long, List<Listing>> cases = new HashMap<>();
        for (Listing listing : listings) {
            cases.computeIfAbsent(listing.caseId(), id -> new ArrayList<>()).add(listing);
            numbers.merge(listing.e164(), new Listing[] {listing}, ListingIndex::concat);
        }
        byNumber = new ConcurrentHashMap<>(numbers);
        byCase = new ConcurrentHashMap<>(cases);
        loadedAt = asOf;
        changes++;
    }

    /**
     * Replaces what the index holds for the given cases: {@code current} has their listings as the database has them
     * now (a case that is no longer active has none).
     */
    public synchronized void replaceCases(Collection<Long> caseIds, Collection<Listing> current) {
        Map<Long, List<Listing>> fresh = new HashMap<>();
        for (Listing listing : current) {
            fresh.computeIfAbsent(listing.caseId(), id -> new ArrayList<>()).add(listing);
        }
        for (Long caseId : caseIds) {
            List<Listing> old = byCase.remove(caseId);
            if (old != null) {
                for (Listing listing : old) {
                    byNumber.computeIfPresent(listing.e164(), (number, all) -> without(all, caseId));
                }
            }
            List<Listing> now = fresh.get(caseId);
            if (now != null) {
                byCase.put(caseId, List.copyOf(now));
                for (Listing listing : now) {
                    byNumber.merge(listing.e164(), new Listing[] {listing}, ListingIndex::concat);
                }
            }
        }
        changes++;
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

    /** Every listing held, for snapshots. */
    public List<Listing> all() {
        List<Listing> all = new ArrayList<>();
        byCase.values().forEach(all::addAll);
        return all;
    }

    private static Listing[] concat(Listing[] a, Listing[] b) {
        Listing[] joined = new Listing[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static Listing[] without(Listing[] all, long caseId) {
        Listing[] kept = java.util.Arrays.stream(all).filter(l -> l.caseId() != caseId).toArray(Listing[]::new);
        return kept.length == 0 ? null : kept;
    }
}
