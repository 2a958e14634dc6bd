package org.defaulterivr.registry;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.defaulterivr.access.Actor;
import org.defaulterivr.access.HistoryRepository;
import org.defaulterivr.access.Role;

/**
 * Cases' SQL: registering, reading, amending, delisting, and the state of their numbers.
 *
 * <p>Every change runs in one transaction that locks the case row, checks who asks and which version they read,
 * applies the change, adds one to the case's {@code version} (which also fires the {@code registry_changed}
 * notification every node reloads from) and appends the before and after to the history.
 */
public final class CaseRepository {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String CASE_COLUMNS = """
            select c.*, ct.code, n.sha256, n.duration_ms, n.source, n.created_at as notice_created_at
              from defaulter_case c
              join court ct on ct.id = c.court_id
              join notice n on n.id = c.notice_id
            """;

    private final Pool pool;

    public CaseRepository(Pool pool) {
        this.pool = pool;
    }

    /** One page of a list and the cursor of the next, null at the end. */
    public record Page<T>(List<T> items, Long next) {
    }

    /** Registers a case for the actor's court. @throws RegistryException (conflict) if its case number is taken */
    public Future<CaseRecord> register(Actor court, ValidCase valid, NoticeChoice notice) {
        return registerAll(court, List.of(valid), List.of(notice)).map(cases -> cases.get(0));
    }

    /** Registers several cases in one transaction: all of them or none. */
    public Future<List<CaseRecord>> registerAll(Actor court, List<ValidCase> cases, List<NoticeChoice> notices) {
        return pool.withTransaction(tx -> {
            Future<List<CaseRecord>> chain = Future.succeededFuture(new ArrayList<>());
            for (int i = 0; i < cases.size(); i++) {
                ValidCase valid = cases.get(i);
                NoticeChoice notice = notices.get(i);
                chain = chain.compose(done -> insertCase(tx, court, valid, notice).map(record -> {
                    done.add(record);
                    return done;
                }));
            }
            return chain;
        }).recover(e -> Future.failedFuture(uniqueViolation(e)
                ? RegistryException.conflict("a case with that case number is already registered by this court") : e));
    }

    private Future<CaseRecord> insertCase(SqlConnection tx, Actor court, ValidCase valid, NoticeChoice notice) {
        return noticeId(tx, court, notice)
                .compose(noticeId -> tx.preparedQuery("""
                                insert into defaulter_case (court_id, case_number, legal_basis, debtor_name,
                                    debtor_id_masked, debtor_adult_attested, amount, currency, status,
                                    valid_from, valid_until, notice_id)
                                values ($1, $2, $3, $4, $5, true, $6, $7, 'active', $8, $9, $10)
                                returning id""")
                        .execute(Tuple.from(Arrays.asList(court.courtId(), valid.caseNumber(), valid.legalBasis(),
                                valid.debtorName(), valid.debtorIdMasked(), valid.amount(), valid.currency(),
                                utc(valid.validFrom()), utc(valid.validUntil()), noticeId)))
                        .map(rows -> rows.iterator().next().getLong(0))
                        .compose(caseId -> addNumbers(tx, caseId, valid.numbers(), valid.typed())
                                .compose(v -> addExemptCallers(tx, caseId, valid.exemptCallers()))
                                .compose(v -> recordNoticeVersion(tx, caseId, noticeId, court))
                                .compose(v -> read(tx, caseId, false))))
                .compose(after -> HistoryRepository.append(tx, court, "case.register", after.courtId(), after.id(),
                        null, null, after.toJson()).map(after));
    }

    /** Which of {@code caseNumbers} the court has registered already. */
    public Future<Set<String>> takenCaseNumbers(long courtId, Collection<String> caseNumbers) {
        return pool.preparedQuery("select case_number from defaulter_case where court_id = $1 and case_number = any($2)")
                .execute(Tuple.tuple().addLong(courtId).addArrayOfString(caseNumbers.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> taken = new HashSet<>();
                    rows.forEach(row -> taken.add(row.getString(0)));
                    return taken;
                });
    }

    /** A case the actor may see. @throws RegistryException (not found) otherwise */
    public Future<CaseRecord> get(Actor actor, long caseId) {
        return read(pool, caseId, false).compose(record -> visible(actor, record));
    }

    /** The cases the actor may see, oldest first, after the case {@code afterId}. */
    public Future<Page<CaseRecord>> list(Actor actor, CaseFilter filter, long afterId, int limit) {
        Long courtId = actor.isCourt() ? actor.courtId() : null;
        return pool.preparedQuery(CASE_COLUMNS + """
                         where c.id > $1
                           and ($2::bigint is null or c.court_id = $2)
                           and ($3::text is null or c.status = $3)
                           and ($4::text is null or c.case_number = $4)
                           and ($5::text is null or exists (select 1 from listed_number l
                                where l.case_id = c.id and l.e164 = $5 and l.state <> 'removed'))
                           and ($6::text is null or exists (select 1 from listed_number l
                                where l.case_id = c.id and l.state = $6))
                           and ($7::text is null or ct.code = $7)
                           and ($9::timestamptz is null or (c.valid_from <= $9 and c.valid_until > $9))
                           and ($10::timestamptz is null or c.valid_until < $10)
                         order by c.id limit $8""")
                .execute(Tuple.from(Arrays.asList(afterId, courtId,
                        filter.status() == null ? null : filter.status().wireName(), filter.caseNumber(),
                        filter.number(), filter.numberState(), filter.courtCode(), limit,
                        filter.listedAt() == null ? null : utc(filter.listedAt()),
                        filter.endsBefore() == null ? null : utc(filter.endsBefore()))))
                .compose(rows -> withDetails(pool, rows))
                .map(records -> new Page<>(records,
                        records.size() == limit ? records.get(records.size() - 1).id() : null));
    }

    /** Amends amount, window, numbers, exempt callers and (if not null) the notice. */
    public Future<CaseRecord> amend(Actor court, long caseId, int version, ValidCase amended, NoticeChoice notice,
            Instant now) {
        return change(court, caseId, version, "case.amend", (tx, before) -> {
            if (!before.status().open()) {
                return Future.failedFuture(RegistryException.conflict("a " + before.status().wireName()
                        + " case cannot be amended"));
            }
            // an expired case given a window that has not ended is listed again
            boolean reopen = before.status() == CaseStatus.EXPIRED && amended.validUntil().isAfter(now);
            return tx.preparedQuery("""
                            update defaulter_case set amount = $2, currency = $3, valid_from = $4, valid_until = $5,
                                   status = case when $6 then 'active' else status end,
                                   status_reason = case when $6 then null else status_reason end
                             where id = $1""")
                    .execute(Tuple.from(Arrays.asList(caseId, amended.amount(), amended.currency(),
                            utc(amended.validFrom()), utc(amended.validUntil()), reopen)))
                    .compose(v -> replaceNumbers(tx, before, amended.numbers(), amended.typed()))
                    .compose(v -> replaceExemptCallers(tx, before, amended.exemptCallers()))
                    .compose(v -> notice == null ? Future.succeededFuture() : setNotice(tx, court, caseId, notice));
        });
    }

    /** Makes {@code notice} the case's current notice version. */
    public Future<CaseRecord> changeNotice(Actor court, long caseId, int version, NoticeChoice notice) {
        return change(court, caseId, version, "case.notice", (tx, before) -> before.status().open()
                ? setNotice(tx, court, caseId, notice)
                : Future.failedFuture(RegistryException.conflict("a " + before.status().wireName()
                        + " case's notice cannot be changed")));
    }

    /** Delists a case: satisfied or withdrawn, with the reason kept. The case row stays. */
    public Future<CaseRecord> delist(Actor court, long caseId, int version, DelistReason reason, String note) {
        return change(court, caseId, version, "case.delist", (tx, before) -> {
            if (!before.status().open()) {
                return Future.failedFuture(RegistryException.conflict("the case is already "
                        + before.status().wireName()));
            }
            String statusReason = reason.wireName() + (note == null || note.isBlank() ? "" : ": " + note.strip());
            return tx.preparedQuery("update defaulter_case set status = $2, status_reason = $3 where id = $1")
                    .execute(Tuple.of(caseId, reason.status().wireName(), statusReason))
                    .mapEmpty();
        });
    }

    /** The court confirms a suspended number is still the debtor's: it is listed again. */
    public Future<CaseRecord> confirmNumber(Actor court, long caseId, int version, String e164) {
        return change(court, caseId, version, "case.number.confirm", (tx, before) ->
                numberState(before, e164, "suspended").compose(v -> tx.preparedQuery("""
                                update listed_number set state = 'active', state_reason = null, state_changed_at = now()
                                 where case_id = $1 and e164 = $2""")
                        .execute(Tuple.of(caseId, e164)).mapEmpty()));
    }

    /** The court drops a number from the case (say, after a reassignment); the row stays, marked removed. */
    public Future<CaseRecord> dropNumber(Actor court, long caseId, int version, String e164, String reason) {
        return change(court, caseId, version, "case.number.drop", (tx, before) ->
                numberState(before, e164, null).compose(v -> tx.preparedQuery("""
                                update listed_number set state = 'removed', state_reason = $3, state_changed_at = now()
                                 where case_id = $1 and e164 = $2""")
                        .execute(Tuple.of(caseId, e164, reason)).mapEmpty()));
    }

    /**
     * A carrier reports {@code e164} reassigned: every active listing of it is suspended at once, until its court
     * confirms or drops it. The report is kept even where nothing is listed. Returns how many listings were suspended.
     */
    public Future<Integer> suspendReassigned(Actor carrier, String e164) {
        return pool.withTransaction(tx -> tx.preparedQuery(
                                "insert into reassignment_report (e164, reported_by) values ($1, $2)")
                        .execute(Tuple.of(e164, carrier.tokenId()))
                        .compose(v -> tx.preparedQuery("""
                                        select case_id from listed_number where e164 = $1 and state = 'active'
                                         order by case_id""")
                                .execute(Tuple.of(e164)))
                        .compose(rows -> {
                            List<Long> caseIds = new ArrayList<>();
                            rows.forEach(row -> caseIds.add(row.getLong(0)));
                            Future<Integer> chain = Future.succeededFuture(0);
                            for (long caseId : caseIds) {
                                chain = chain.compose(n -> changeIn(tx, carrier, caseId, null, "case.number.suspend",
                                        (c, before) -> c.preparedQuery("""
                                                        update listed_number
                                                           set state = 'suspended', state_changed_at = now(),
                                                               state_reason = 'reported reassigned by a carrier'
                                                         where case_id = $1 and e164 = $2""")
                                                .execute(Tuple.of(caseId, e164)).mapEmpty())
                                        .map(n + 1));
                            }
                            return chain;
                        }));
    }

    /**
     * Marks cases whose window has ended as expired. Listings already stop at the end of their window without this
     * (the index checks it on every call); this keeps the status true. Safe to run on several nodes at once.
     */
    public Future<Integer> expireEnded(Instant now) {
        Actor system = Actor.system("expiry");
        return pool.withTransaction(tx -> tx.preparedQuery("""
                                select id from defaulter_case
                                 where status in ('active', 'suspended') and valid_until <= $1
                                 order by id limit 1000 for update skip locked""")
                .execute(Tuple.of(utc(now)))
                .compose(rows -> {
                    Future<Integer> chain = Future.succeededFuture(0);
                    for (Row row : rows) {
                        long caseId = row.getLong(0);
                        chain = chain.compose(n -> changeIn(tx, system, caseId, null, "case.expire", (c, before) ->
                                c.preparedQuery("update defaulter_case set status = 'expired', status_reason = "
                                                + "'the validity window ended' where id = $1")
                                        .execute(Tuple.of(caseId)).mapEmpty()).map(n + 1));
                    }
                    return chain;
                }));
    }

    /** The notice versions a case has had, oldest first. */
    public Future<List<CaseRecord.NoticeInfo>> noticeVersions(Actor actor, long caseId) {
        return get(actor, caseId).compose(record -> pool.preparedQuery("""
                                select n.id, n.sha256, n.duration_ms, n.source, cn.set_at as created_at
                                  from case_notice cn join notice n on n.id = cn.notice_id
                                 where cn.case_id = $1 order by cn.id""")
                .execute(Tuple.of(caseId))
                .map(rows -> {
                    List<CaseRecord.NoticeInfo> versions = new ArrayList<>();
                    rows.forEach(row -> versions.add(noticeInfo(row, "created_at")));
                    return versions;
                }));
    }

    /** A notice the actor may see (its court's, or any for an auditor). @throws RegistryException (not found) */
    public Future<CaseRecord.NoticeInfo> notice(Actor actor, long noticeId) {
        return pool.preparedQuery("select * from notice where id = $1").execute(Tuple.of(noticeId))
                .compose(rows -> {
                    if (rows.size() == 0 || !actor.maySeeCourt(rows.iterator().next().getLong("court_id"))) {
                        return Future.failedFuture(RegistryException.notFound("no such notice"));
                    }
                    return Future.succeededFuture(noticeInfo(rows.iterator().next(), "created_at"));
                });
    }

    /** The template a rendered notice was made from; empty for recordings. */
    public Future<java.util.Optional<String>> templateOf(long noticeId) {
        return pool.preparedQuery("select template from notice where id = $1").execute(Tuple.of(noticeId))
                .map(rows -> rows.size() == 0 ? java.util.Optional.<String>empty()
                        : java.util.Optional.ofNullable(rows.iterator().next().getString(0)));
    }

    /** Records a notice of the court not tied to a case yet (an uploaded recording for several cases). */
    public Future<CaseRecord.NoticeInfo> recordNotice(Actor court, NoticeChoice.Produced produced) {
        return pool.withTransaction(tx -> insertNotice(tx, court, produced)
                .compose(id -> tx.preparedQuery("select * from notice where id = $1").execute(Tuple.of(id)))
                .map(rows -> noticeInfo(rows.iterator().next(), "created_at"))
                .compose(info -> HistoryRepository.append(tx, court, "notice.record", court.courtId(), null,
                        Long.toString(info.id()), null, info.toJson()).map(info)));
    }

    // ---- the shape of every change ----

    private Future<CaseRecord> change(Actor actor, long caseId, Integer version, String action,
            BiFunction<SqlConnection, CaseRecord, Future<Void>> apply) {
        return pool.withTransaction(tx -> changeIn(tx, actor, caseId, version, action, apply));
    }

    private Future<CaseRecord> changeIn(SqlConnection tx, Actor actor, long caseId, Integer version, String action,
            BiFunction<SqlConnection, CaseRecord, Future<Void>> apply) {
        return read(tx, caseId, true)
                .compose(before -> {
                    // a carrier's report and the expiry job act for no court; a court acts only on its own cases
                    if (actor.role() == Role.COURT && !actor.maySeeCourt(before.courtId())) {
                        return Future.failedFuture(RegistryException.notFound("no such case"));
                    }
                    if (version != null && before.version() != version) {
                        return Future.failedFuture(RegistryException.stale(before.version()));
                    }
                    return apply.apply(tx, before)
                            .compose(v -> tx.preparedQuery(
                                            "update defaulter_case set version = version + 1, updated_at = now() where id = $1")
                                    .execute(Tuple.of(caseId)))
                            .compose(v -> read(tx, caseId, false))
                            .compose(after -> HistoryRepository.append(tx, actor, action, before.courtId(), caseId,
                                    null, before.toJson(), after.toJson()).map(after));
                });
    }

    private static Future<Void> numberState(CaseRecord record, String e164, String required) {
        for (CaseRecord.NumberEntry entry : record.numbers()) {
            if (entry.e164().equals(e164)) {
                if (required != null && !entry.state().equals(required)) {
                    return Future.failedFuture(RegistryException.conflict("the number is " + entry.state() + ", not "
                            + required));
                }
                if (required == null && entry.state().equals("removed")) {
                    return Future.failedFuture(RegistryException.conflict("the number is removed already"));
                }
                return Future.succeededFuture();
            }
        }
        return Future.failedFuture(RegistryException.notFound("the case does not list that number"));
    }

    // ---- pieces ----

    private static Future<Long> noticeId(SqlConnection tx, Actor court, NoticeChoice notice) {
        if (notice instanceof NoticeChoice.Recorded recorded) {
            return tx.preparedQuery("select id from notice where id = $1 and court_id = $2")
                    .execute(Tuple.of(recorded.noticeId(), court.courtId()))
                    .compose(rows -> rows.size() == 1 ? Future.succeededFuture(recorded.noticeId())
                            : Future.failedFuture(new InvalidCaseException("notice.id",
                                    "this court has no notice " + recorded.noticeId())));
        }
        return insertNotice(tx, court, (NoticeChoice.Produced) notice);
    }

    /** Which of {@code ids} are notices of this court (a file's notice_id column is checked before anything). */
    public Future<java.util.Set<Long>> noticesOfCourt(long courtId, List<Long> ids) {
        if (ids.isEmpty()) {
            return Future.succeededFuture(java.util.Set.of());
        }
        return pool.preparedQuery("select id from notice where court_id = $1 and id = any($2)")
                .execute(Tuple.tuple().addLong(courtId).addArrayOfLong(ids.toArray(new Long[0])))
                .map(rows -> {
                    java.util.Set<Long> found = new java.util.HashSet<>();
                    rows.forEach(row -> found.add(row.getLong("id")));
                    return found;
                });
    }

    private static Future<Long> insertNotice(SqlClient client, Actor court, NoticeChoice.Produced produced) {
        return client.preparedQuery("""
                        insert into notice (court_id, sha256, duration_ms, source, spoken_text, template, created_by)
                        values ($1, $2, $3, $4, $5, $6, $7) returning id""")
                .execute(Tuple.from(Arrays.asList(court.courtId(), produced.stored().sha256(),
                        (int) produced.stored().durationMs(), produced.source(), produced.spokenText(),
                        produced.template(), court.tokenId())))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static Future<Void> setNotice(SqlConnection tx, Actor court, long caseId, NoticeChoice notice) {
        return noticeId(tx, court, notice)
                .compose(noticeId -> tx.preparedQuery("update defaulter_case set notice_id = $2 where id = $1")
                        .execute(Tuple.of(caseId, noticeId))
                        .compose(v -> recordNoticeVersion(tx, caseId, noticeId, court)));
    }

    private static Future<Void> recordNoticeVersion(SqlConnection tx, long caseId, long noticeId, Actor by) {
        return tx.preparedQuery("insert into case_notice (case_id, notice_id, set_by) values ($1, $2, $3)")
                .execute(Tuple.of(caseId, noticeId, by.tokenId()))
                .mapEmpty();
    }

    private static Future<Void> addNumbers(SqlConnection tx, long caseId, List<String> numbers,
            Map<String, String> typed) {
        if (numbers.isEmpty()) {
            return Future.succeededFuture();
        }
        return tx.preparedQuery("insert into listed_number (case_id, e164, typed) values ($1, $2, $3)")
                .executeBatch(numbers.stream().map(n -> Tuple.of(caseId, n, typed.get(n))).toList())
                .mapEmpty();
    }

    private static Future<Void> addExemptCallers(SqlConnection tx, long caseId, List<String> callers) {
        if (callers.isEmpty()) {
            return Future.succeededFuture();
        }
        return tx.preparedQuery("insert into case_exempt_caller (case_id, caller) values ($1, $2)")
                .executeBatch(callers.stream().map(n -> Tuple.of(caseId, n)).toList())
                .mapEmpty();
    }

    /** Numbers no longer given are marked removed; new ones (or removed ones given again) become active. */
    private static Future<Void> replaceNumbers(SqlConnection tx, CaseRecord before, List<String> numbers,
            Map<String, String> typed) {
        String[] wanted = numbers.toArray(String[]::new);
        String[] asTyped = numbers.stream().map(typed::get).toArray(String[]::new);
        return tx.preparedQuery("""
                        update listed_number set state = 'removed', state_reason = 'amended', state_changed_at = now()
                         where case_id = $1 and state <> 'removed' and not (e164 = any($2))""")
                .execute(Tuple.tuple().addLong(before.id()).addArrayOfString(wanted))
                .compose(v -> tx.preparedQuery("""
                                insert into listed_number (case_id, e164, typed)
                                select $1, n.e164, n.typed from unnest($2::text[], $3::text[]) as n(e164, typed)
                                on conflict (case_id, e164) do update
                                   set state = 'active', state_reason = null, state_changed_at = now(),
                                       typed = coalesce(excluded.typed, listed_number.typed)
                                 where listed_number.state = 'removed'""")
                        .execute(Tuple.tuple().addLong(before.id()).addArrayOfString(wanted)
                                .addArrayOfString(asTyped)))
                .mapEmpty();
    }

    private static Future<Void> replaceExemptCallers(SqlConnection tx, CaseRecord before, List<String> callers) {
        String[] wanted = callers.toArray(String[]::new);
        return tx.preparedQuery("delete from case_exempt_caller where case_id = $1 and not (caller = any($2))")
                .execute(Tuple.tuple().addLong(before.id()).addArrayOfString(wanted))
                .compose(v -> tx.preparedQuery("""
                                insert into case_exempt_caller (case_id, caller) select $1, unnest($2::text[])
                                on conflict do nothing""")
                        .execute(Tuple.tuple().addLong(before.id()).addArrayOfString(wanted)))
                .mapEmpty();
    }

    // ---- reading ----

    private static Future<CaseRecord> read(SqlClient client, long caseId, boolean lock) {
        return client.preparedQuery(CASE_COLUMNS + " where c.id = $1" + (lock ? " for update of c" : ""))
                .execute(Tuple.of(caseId))
                .compose(rows -> rows.size() == 0 ? Future.failedFuture(RegistryException.notFound("no such case"))
                        : withDetails(client, rows).map(records -> records.get(0)));
    }

    private static Future<CaseRecord> visible(Actor actor, CaseRecord record) {
        return actor.maySeeCourt(record.courtId()) ? Future.succeededFuture(record)
                : Future.failedFuture(RegistryException.notFound("no such case"));
    }

    /** Cases from their rows, with their numbers and exempt callers (two queries for the whole page). */
    private static Future<List<CaseRecord>> withDetails(SqlClient client, RowSet<Row> caseRows) {
        List<Row> rows = new ArrayList<>();
        caseRows.forEach(rows::add);
        if (rows.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        Long[] ids = rows.stream().map(r -> r.getLong("id")).toArray(Long[]::new);
        Map<Long, List<CaseRecord.NumberEntry>> numbers = new HashMap<>();
        Map<Long, List<String>> exempt = new HashMap<>();
        return client.preparedQuery("""
                        select case_id, e164, state, state_reason, typed from listed_number
                         where case_id = any($1) order by case_id, e164""")
                .execute(Tuple.tuple().addArrayOfLong(ids))
                .compose(numberRows -> {
                    numberRows.forEach(r -> numbers.computeIfAbsent(r.getLong("case_id"), id -> new ArrayList<>())
                            .add(new CaseRecord.NumberEntry(r.getString("e164"), r.getString("state"),
                                    r.getString("state_reason"), r.getString("typed"))));
                    return client.preparedQuery("""
                                    select case_id, caller from case_exempt_caller
                                     where case_id = any($1) order by case_id, caller""")
                            .execute(Tuple.tuple().addArrayOfLong(ids));
                })
                .map(exemptRows -> {
                    exemptRows.forEach(r -> exempt.computeIfAbsent(r.getLong("case_id"), id -> new ArrayList<>())
                            .add(r.getString("caller")));
                    List<CaseRecord> records = new ArrayList<>();
                    for (Row row : rows) {
                        long id = row.getLong("id");
                        records.add(caseRecord(row, numbers.getOrDefault(id, List.of()), exempt.getOrDefault(id, List.of())));
                    }
                    return records;
                });
    }

    private static CaseRecord caseRecord(Row row, List<CaseRecord.NumberEntry> numbers, List<String> exempt) {
        return new CaseRecord(
                row.getLong("id"),
                row.getLong("court_id"),
                row.getString("code"),
                row.getString("case_number"),
                row.getString("legal_basis"),
                row.getString("debtor_name"),
                row.getString("debtor_id_masked"),
                row.getBoolean("debtor_adult_attested"),
                row.getBigDecimal("amount"),
                row.getString("currency"),
                CaseStatus.fromWireName(row.getString("status")).orElseThrow(),
                row.getString("status_reason"),
                row.getOffsetDateTime("valid_from").toInstant(),
                row.getOffsetDateTime("valid_until").toInstant(),
                List.copyOf(numbers),
                List.copyOf(exempt),
                new CaseRecord.NoticeInfo(row.getLong("notice_id"), row.getString("sha256"),
                        row.getInteger("duration_ms"), row.getString("source"),
                        row.getOffsetDateTime("notice_created_at").toInstant()),
                row.getInteger("version"),
                row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant());
    }

    private static CaseRecord.NoticeInfo noticeInfo(Row row, String createdColumn) {
        OffsetDateTime created = row.getOffsetDateTime(createdColumn);
        return new CaseRecord.NoticeInfo(row.getLong("id"), row.getString("sha256"), row.getInteger("duration_ms"),
                row.getString("source"), created == null ? null : created.toInstant());
    }

    private static boolean uniqueViolation(Throwable e) {
        return e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
