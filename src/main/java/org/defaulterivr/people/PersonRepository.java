package org.defaulterivr.people;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.defaulterivr.registry.RegistryException;
import org.defaulterivr.access.Role;

/** The person table's SQL: people are made by an admin, read at sign-in, disabled, never deleted. */
public final class PersonRepository {
    private static final String COLUMNS = """
            select p.id, p.username, p.display_name, p.role, p.court_id, c.code as court_code, p.password_hash,
                   p.totp_sealed, p.totp_last_step, p.created_at, p.created_by, p.disabled_at
              from person p left join court c on c.id = p.court_id""";

    private final Pool pool;

    public PersonRepository(Pool pool) {
        this.pool = pool;
    }

    /** A new person; a court clerk names the court by code. @throws RegistryException conflict if the name is taken */
    public Future<Person> create(String username, String displayName, Role role, String courtCode,
            String passwordHash, byte[] totpSealed, String createdBy) {
        return pool.preparedQuery("""
                        insert into person (username, display_name, role, court_id, password_hash, totp_sealed,
                                            created_by)
                        values ($1, $2, $3, (select id from court where code = $4), $5, $6, $7) returning id""")
                .execute(Tuple.of(username, displayName, role.wireName(), courtCode, passwordHash,
                        Buffer.buffer(totpSealed), createdBy))
                .recover(e -> Future.failedFuture(refusal(e)))
                .compose(rows -> byId(rows.iterator().next().getLong(0)))
                .map(Optional::orElseThrow);
    }

    /** A taken username, or a clerk's court code that names no court (the row's role-court check). */
    private static Throwable refusal(Throwable e) {
        if (e instanceof PgException pg && "23505".equals(pg.getSqlState())) {
            return RegistryException.conflict("someone already has that username");
        }
        if (e instanceof PgException pg && "23514".equals(pg.getSqlState())) {
            return RegistryException.notFound("no court has that code");
        }
        return e;
    }

    public Future<Optional<Person>> byUsername(String username) {
        return pool.preparedQuery(COLUMNS + " where p.username = $1").execute(Tuple.of(username))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(person(rows.iterator().next())));
    }

    public Future<Optional<Person>> byId(long id) {
        return pool.preparedQuery(COLUMNS + " where p.id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(person(rows.iterator().next())));
    }

    public Future<List<Person>> list() {
        return pool.query(COLUMNS + " order by p.username").execute().map(rows -> {
            List<Person> people = new ArrayList<>();
            rows.forEach(row -> people.add(person(row)));
            return people;
        });
    }

    /**
     * Records that the code of {@code step} was used; false if that step (or a later one) was used already, as when
     * the same code is replayed, even by two nodes at once.
     */
    public Future<Boolean> useTotpStep(long personId, long step) {
        return pool.preparedQuery("update person set totp_last_step = $2 where id = $1 and totp_last_step < $2")
                .execute(Tuple.of(personId, step))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Disables a person: their next request finds no session, and they cannot sign in again. */
    public Future<Boolean> disable(long personId) {
        return pool.preparedQuery("update person set disabled_at = now() where id = $1 and disabled_at is null")
                .execute(Tuple.of(personId))
                .map(rows -> rows.rowCount() == 1);
    }

    private static Person person(Row row) {
        var disabled = row.getOffsetDateTime("disabled_at");
        return new Person(row.getLong("id"), row.getString("username"), row.getString("display_name"),
                Role.fromWireName(row.getString("role")).orElseThrow(), row.getLong("court_id"),
                row.getString("court_code"), row.getString("password_hash"), row.getBuffer("totp_sealed").getBytes(),
                row.getLong("totp_last_step"), row.getOffsetDateTime("created_at").toInstant(),
                row.getString("created_by"), disabled == null ? null : disabled.toInstant());
    }
}
