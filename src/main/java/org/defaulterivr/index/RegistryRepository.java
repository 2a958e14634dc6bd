package org.defaulterivr.index;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The registry's SQL: reading listings in force for the index, and writing courts, notices and cases. */
public final class RegistryRepository {
    /**
     * Window bounds come as the text of their epoch seconds, which PostgreSQL gives for any value it holds (the year
     * 100000, infinity): decoding a timestamp the driver cannot represent would fail the whole load, here one row.
     */
    private static final String LISTINGS = """
            select n.e164, c.id, c.version, ct.code, c.case_number,
                   extract(epoch from c.valid_from)::text as valid_from, extract(epoch from c.valid_until)::text as valid_until,
                   nt.id as notice_id, nt.sha256, nt.duration_ms,
                   array(select x.caller from case_exempt_caller x where x.case_id = c.id) as exempt_callers
              from listed_number n
              join defaulter_case c on c.id = n.case_id
              join court ct on ct.id = c.court_id
              join notice nt on nt.id = c.notice_id
             where c.status = 'active' and c.valid_until > now() and n.state = 'active'
            """;

    private final Pool pool;

    public RegistryRepository(Pool pool) {
        this.pool = pool;
    }

    /** Completes when the database answers. */
    public Future<Void> ping() {
        return pool.query("select 1").execute().mapEmpty();
    }

    /**
     * What a load found: the listings, and the cases set aside because a row of theirs cannot be loaded (case id and
     * why). A case set aside is left out whole, so the index never holds half a case.
     */
    public record Loaded(List<Listing> listings, Map<Long, String> quarantined) {
    }

    /** Every active listing (number) of every active case whose window has not ended. */
    public Future<Loaded> loadAll() {
        return pool.query(LISTINGS).execute().map(RegistryRepository::listings);
    }

    /** The listings of the given cases as they stand now (none for a case no longer active). */
    public Future<Loaded> loadCases(Collection<Long> caseIds) {
        return pool.preparedQuery(LISTINGS + " and c.id = any($1)")
                .execute(Tuple.of(caseIds.toArray(Long[]::new)))
                .map(RegistryRepository::listings);
    }

    /** The global caller allowlist, as stored (E.164, or short codes). */
    public Future<Set<String>> exemptCallers() {
        return pool.query("select caller from exempt_caller").execute().map(rows -> {
            Set<String> callers = new java.util.HashSet<>();
            rows.forEach(row -> callers.add(row.getString(0)));
            return callers;
        });
    }

    /** Creates the court if it does not exist; its id. */
    public Future<Long> ensureCourt(String code, String name) {
        return pool.preparedQuery("""
                        insert into court (code, name) values ($1, $2)
                        on conflict (code) do update set code = excluded.code
                        returning id""")
                .execute(Tuple.of(code, name))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Records a notice version of a court; its id. */
    public Future<Long> addNotice(long courtId, String sha256, long durationMs, String source, String spokenText) {
        return pool.preparedQuery("""
                        insert into notice (court_id, sha256, duration_ms, source, spoken_text)
                        values ($1, $2, $3, $4, $5) returning id""")
                .execute(Tuple.of(courtId, sha256, (int) durationMs, source, spokenText))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Registers (or re-activates) a case with its numbers in one transaction; its id. */
    public Future<Long> upsertActiveCase(CaseRegistration registration) {
        return pool.withTransaction(connection -> connection.preparedQuery("""
                                insert into defaulter_case (court_id, case_number, legal_basis, debtor_name,
                                    debtor_id_masked, debtor_adult_attested, amount, currency, status,
                                    valid_from, valid_until, notice_id)
                                values ($1, $2, $3, $4, $5, true, $6, $7, 'active', $8, $9, $10)
                                on conflict (court_id, case_number) do update
                                   set status = 'active', valid_from = excluded.valid_from,
                                       valid_until = excluded.valid_until, notice_id = excluded.notice_id,
                                       updated_at = now(), version = defaulter_case.version + 1
                                returning id""")
                        .execute(Tuple.from(List.of(registration.courtId(), registration.caseNumber(),
                                registration.legalBasis(), registration.debtorName(),
                                registration.debtorIdMasked(), registration.amount(), registration.currency(),
                                utc(registration.validFrom()), utc(registration.validUntil()),
                                registration.noticeId())))
                        .map(rows -> rows.iterator().next().getLong(0))
                        .compose(caseId -> connection.preparedQuery("""
                                        insert into listed_number (case_id, e164) values ($1, $2)
                                        on conflict do nothing""")
                                .executeBatch(registration.numbers().stream().map(n -> Tuple.of(caseId, n)).toList())
                                .map(caseId)));
    }

    /** Ends a case's listing (paid, withdrawn, ...); the row stays for the auditors. */
    public Future<Void> setStatus(long caseId, String status) {
        return pool.preparedQuery(
                        "update defaulter_case set status = $2, updated_at = now(), version = version + 1 where id = $1")
                .execute(Tuple.of(caseId, status))
                .mapEmpty();
    }

    private static Loaded listings(RowSet<Row> rows) {
        List<Listing> listings = new ArrayList<>(rows.size());
        Map<Long, String> quarantined = new TreeMap<>();
        for (Row row : rows) {
            Long caseId = row.getLong("id");
            try {
                listings.add(new Listing(
                        caseId,
                        row.getString("code"),
                        row.getString("case_number"),
                        row.getString("e164"),
                        ListingBounds.instant(row.getString("valid_from"), "valid_from"),
                        ListingBounds.instant(row.getString("valid_until"), "valid_until"),
                        new NoticeRef(row.getLong("notice_id"), row.getString("sha256"), row.getInteger("duration_ms")),
                        Set.of(row.getArrayOfStrings("exempt_callers")),
                        row.getInteger("version")));
            } catch (RuntimeException e) {
                quarantined.putIfAbsent(caseId, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
        if (!quarantined.isEmpty()) {
            listings.removeIf(listing -> quarantined.containsKey(listing.caseId()));
        }
        return new Loaded(listings, quarantined);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
