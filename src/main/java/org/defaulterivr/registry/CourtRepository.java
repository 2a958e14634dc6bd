package org.defaulterivr.registry;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.defaulterivr.access.Actor;
import org.defaulterivr.access.HistoryRepository;
import org.defaulterivr.notice.NoticeLanguage;
import org.defaulterivr.notice.NoticeTemplate;

/** The court table's SQL: creating courts, reading them, and their notice wording. */
public final class CourtRepository {
    private static final String UNIQUE_VIOLATION = "23505";
    private final Pool pool;

    public CourtRepository(Pool pool) {
        this.pool = pool;
    }

    /** Creates an English-speaking court. @throws RegistryException (conflict) if the code is taken */
    public Future<Court> create(String code, String name, Actor by) {
        return create(code, name, NoticeLanguage.EN, null, by);
    }

    /** Creates a court. @throws RegistryException (conflict) if the code is taken */
    public Future<Court> create(String code, String name, NoticeLanguage language, Actor by) {
        return create(code, name, language, null, by);
    }

    /**
     * Creates a court; {@code timeZone} (a valid IANA zone) or null for the node's default.
     *
     * @throws RegistryException (conflict) if the code is taken
     */
    public Future<Court> create(String code, String name, NoticeLanguage language, String timeZone, Actor by) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                                insert into court (code, name, notice_language, time_zone) values ($1, $2, $3, $4)
                                returning *""")
                        .execute(Tuple.of(code, name, language.tag(), timeZone))
                        .map(rows -> court(rows.iterator().next()))
                        .compose(court -> HistoryRepository.append(tx, by, "court.create", court.id(), null, code,
                                null, court.toJson()).map(court)))
                .recover(e -> Future.failedFuture(e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                        ? RegistryException.conflict("a court with code '" + code + "' exists already") : e));
    }

    public Future<Optional<Court>> byCode(String code) {
        return pool.preparedQuery("select * from court where code = $1").execute(Tuple.of(code))
                .map(CourtRepository::first);
    }

    public Future<Optional<Court>> byId(long id) {
        return pool.preparedQuery("select * from court where id = $1").execute(Tuple.of(id))
                .map(CourtRepository::first);
    }

    public Future<List<Court>> list() {
        return pool.query("select * from court order by code").execute().map(rows -> {
            List<Court> courts = new ArrayList<>();
            rows.forEach(row -> courts.add(court(row)));
            return courts;
        });
    }

    /** Sets a court's notice wording and opt-ins; the template was checked against the opt-ins by its constructor. */
    public Future<Court> setTemplate(long courtId, NoticeTemplate template, boolean custom, Actor by) {
        return setTemplate(courtId, template, custom, null, by);
    }

    /**
     * As above, and the court's notice language when {@code language} is not null. With the stock wording
     * ({@code custom} false) the template's text is not stored: the stock wording of the court's language applies.
     */
    public Future<Court> setTemplate(long courtId, NoticeTemplate template, boolean custom, NoticeLanguage language,
            Actor by) {
        return pool.withTransaction(tx -> tx.preparedQuery("select * from court where id = $1 for update")
                .execute(Tuple.of(courtId))
                .compose(rows -> {
                    Court before = first(rows).orElseThrow(() -> RegistryException.notFound("no such court"));
                    return tx.preparedQuery("""
                                    update court set notice_template = $2, speaks_debtor = $3, speaks_amount = $4,
                                                     notice_language = coalesce($5, notice_language)
                                     where id = $1 returning *""")
                            .execute(Tuple.from(java.util.Arrays.asList(courtId, custom ? template.text() : null,
                                    template.speaksDebtor(), template.speaksAmount(),
                                    language == null ? null : language.tag())))
                            .map(updated -> court(updated.iterator().next()))
                            .compose(after -> HistoryRepository.append(tx, by, "court.template", courtId, null,
                                    after.code(), before.toJson(), after.toJson()).map(after));
                }));
    }

    private static Optional<Court> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(court(rows.iterator().next()));
    }

    private static Court court(Row row) {
        return new Court(row.getLong("id"), row.getString("code"), row.getString("name"),
                row.getString("notice_template"), row.getBoolean("speaks_debtor"), row.getBoolean("speaks_amount"),
                NoticeLanguage.fromTag(row.getString("notice_language")).orElse(NoticeLanguage.EN),
                row.getString("time_zone"));
    }
}
