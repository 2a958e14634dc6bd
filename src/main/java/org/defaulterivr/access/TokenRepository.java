package org.defaulterivr.access;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The token table's SQL: issuing, checking, revoking and listing bearer tokens. Only hashes are stored. */
public final class TokenRepository {
    /** Lifetime of an admin token made at first start. */
    public static final Duration BOOTSTRAP_ADMIN_LIFETIME = Duration.ofDays(365);
    /** Serialises the first-start check of several nodes starting at once (an arbitrary constant). */
    private static final long BOOTSTRAP_LOCK = 0x646976725f746bL;

    private final Pool pool;
    private final Consumer<byte[]> firstUse;

    public TokenRepository(Pool pool) {
        this(pool, hash -> { });
    }

    /** @param firstUse told the SHA-256 of a token presented for the first time (valid, then recorded as used) */
    public TokenRepository(Pool pool, Consumer<byte[]> firstUse) {
        this.pool = pool;
        this.firstUse = firstUse;
    }

    /** A token as listed: never its text, which is not stored. */
    public record TokenInfo(long id, Role role, String courtCode, String label, Instant createdAt, Long createdBy,
            Instant expiresAt, Instant revokedAt) {

        public JsonObject toJson() {
            return new JsonObject().put("id", id).put("role", role.wireName()).put("court", courtCode)
                    .put("label", label).put("createdAt", createdAt.toString()).put("createdBy", createdBy)
                    .put("expiresAt", expiresAt.toString())
                    .put("revokedAt", revokedAt == null ? null : revokedAt.toString());
        }
    }

    /** A token just issued: {@code token} is its text, shown this once. */
    public record Issued(TokenInfo info, String token) {
    }

    /** The outcome of checking a presented token. */
    public sealed interface Check {
        record Valid(Actor actor) implements Check {
        }

        /** Unknown, expired or revoked; {@code reason} says which, for the 401 problem. */
        record Invalid(String reason) implements Check {
        }
    }

    /**
     * Issues a token; {@code courtId} is required for a court token and refused for others.
     *
     * @param by the admin issuing it, or {@link Actor#system} for the command line
     */
    public Future<Issued> issue(Role role, Long courtId, String label, Instant expiresAt, Actor by) {
        String token = AccessTokens.generate();
        return pool.withTransaction(tx -> tx.preparedQuery("""
                                insert into api_token (token_sha256, role, court_id, label, created_by, expires_at)
                                values ($1, $2, $3, $4, $5, $6)
                                returning id, created_at, (select code from court where id = $3) as court_code""")
                        .execute(Tuple.from(Arrays.asList(Buffer.buffer(AccessTokens.hash(token)), role.wireName(),
                                courtId, label, by.tokenId(), utc(expiresAt))))
                        .map(rows -> {
                            Row row = rows.iterator().next();
                            return new TokenInfo(row.getLong("id"), role, row.getString("court_code"), label,
                                    row.getOffsetDateTime("created_at").toInstant(), by.tokenId(), expiresAt, null);
                        })
                        .compose(info -> HistoryRepository.append(tx, by, "token.issue", courtId, null,
                                Long.toString(info.id()), null, info.toJson()).map(info)))
                .map(info -> new Issued(info, token));
    }

    /** Checks a presented token: valid (with who it speaks for), or why not. */
    public Future<Check> check(String token, Instant now) {
        if (!AccessTokens.plausible(token)) {
            return Future.succeededFuture(new Check.Invalid("the bearer token is not recognised"));
        }
        byte[] hash = AccessTokens.hash(token);
        return pool.preparedQuery("""
                        select t.id, t.token_sha256, t.role, t.court_id, c.code, t.label, t.expires_at, t.revoked_at,
                               t.first_used_at
                          from api_token t left join court c on c.id = t.court_id
                         where t.token_sha256 = $1""")
                .execute(Tuple.of(Buffer.buffer(hash)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new Check.Invalid("the bearer token is not recognised");
                    }
                    Row row = rows.iterator().next();
                    if (!AccessTokens.sameHash(hash, row.getBuffer("token_sha256").getBytes())) {
                        return new Check.Invalid("the bearer token is not recognised");
                    }
                    if (row.getOffsetDateTime("revoked_at") != null) {
                        return new Check.Invalid("the bearer token has been revoked");
                    }
                    if (!now.isBefore(row.getOffsetDateTime("expires_at").toInstant())) {
                        return new Check.Invalid("the bearer token has expired");
                    }
                    if (row.getOffsetDateTime("first_used_at") == null) {
                        recordFirstUse(row.getLong("id"), hash);
                    }
                    Role role = Role.fromWireName(row.getString("role")).orElseThrow();
                    return new Check.Valid(new Actor(row.getLong("id"), row.getString("label"), role,
                            row.getLong("court_id"), row.getString("code")));
                });
    }

    /** Off the request's path: a failure only means the first use is recorded at the next use. */
    private void recordFirstUse(long id, byte[] hash) {
        pool.preparedQuery("update api_token set first_used_at = now() where id = $1 and first_used_at is null")
                .execute(Tuple.of(id))
                .onSuccess(rows -> {
                    if (rows.rowCount() > 0) {
                        firstUse.accept(hash);
                    }
                });
    }

    /** Revokes a token; false if there is no such token or it was revoked already. */
    public Future<Boolean> revoke(long id, Actor by) {
        return pool.withTransaction(tx -> tx.preparedQuery(
                                "update api_token set revoked_at = now() where id = $1 and revoked_at is null returning id")
                        .execute(Tuple.of(id))
                        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(false)
                                : HistoryRepository.append(tx, by, "token.revoke", null, null, Long.toString(id),
                                        null, new JsonObject().put("id", id).put("revoked", true)).map(true)));
    }

    /**
     * Revokes every token in force with this label (a person's console sessions, {@code person:NAME}); how many.
     */
    public Future<Integer> revokeLabelled(String label, Actor by) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                                update api_token set revoked_at = now() where label = $1 and revoked_at is null
                                returning id""")
                        .execute(Tuple.of(label))
                        .compose(rows -> {
                            Future<Void> chain = Future.succeededFuture();
                            for (Row row : rows) {
                                long id = row.getLong(0);
                                chain = chain.compose(v -> HistoryRepository.append(tx, by, "token.revoke", null, null,
                                        Long.toString(id), null, new JsonObject().put("id", id).put("revoked", true)));
                            }
                            return chain.map(rows.rowCount());
                        }));
    }

    /** Every token, newest first. */
    public Future<List<TokenInfo>> list() {
        return pool.query("""
                        select t.*, c.code from api_token t left join court c on c.id = t.court_id order by t.id desc""")
                .execute()
                .map(rows -> {
                    List<TokenInfo> tokens = new ArrayList<>();
                    for (Row row : rows) {
                        OffsetDateTime revoked = row.getOffsetDateTime("revoked_at");
                        tokens.add(new TokenInfo(row.getLong("id"), Role.fromWireName(row.getString("role")).orElseThrow(),
                                row.getString("code"), row.getString("label"),
                                row.getOffsetDateTime("created_at").toInstant(), row.getLong("created_by"),
                                row.getOffsetDateTime("expires_at").toInstant(),
                                revoked == null ? null : revoked.toInstant()));
                    }
                    return tokens;
                });
    }

    /**
     * Makes sure an admin can get in at first start. With {@code configuredToken} (from the environment): that token
     * is recorded as an admin token unless it already is. Without: if no admin token is in force, {@code candidate}
     * (kept by the caller where the operator can read it) becomes one. Nodes starting together take turns (an
     * advisory lock).
     *
     * @return {@code candidate} while it is an admin token in force that was never used (the operator may still need
     *         it), else empty
     */
    public Future<Optional<String>> bootstrapAdmin(String configuredToken, String candidate, Instant now) {
        Actor system = Actor.system("first-start");
        return pool.withTransaction(tx -> tx.preparedQuery("select pg_advisory_xact_lock($1)")
                .execute(Tuple.of(BOOTSTRAP_LOCK))
                .compose(locked -> {
                    if (!configuredToken.isEmpty()) {
                        return tx.preparedQuery("""
                                        insert into api_token (token_sha256, role, label, expires_at)
                                        values ($1, 'admin', 'admin (DIVR_ADMIN_TOKEN)', $2)
                                        on conflict (token_sha256) do nothing returning id""")
                                .execute(Tuple.of(Buffer.buffer(AccessTokens.hash(configuredToken)),
                                        utc(now.plus(BOOTSTRAP_ADMIN_LIFETIME))))
                                .compose(rows -> rows.size() == 0 ? Future.succeededFuture(Optional.<String>empty())
                                        : HistoryRepository.append(tx, system, "token.issue", null, null,
                                                Long.toString(rows.iterator().next().getLong(0)), null,
                                                new JsonObject().put("role", "admin").put("source", "environment"))
                                        .map(Optional.<String>empty()));
                    }
                    return tx.preparedQuery("""
                                    select count(*) filter (where role = 'admin' and revoked_at is null
                                                              and expires_at > $1) as admins,
                                           count(*) filter (where token_sha256 = $2 and revoked_at is null
                                                              and expires_at > $1 and first_used_at is null) as pending,
                                           count(*) filter (where token_sha256 = $2) as known
                                      from api_token""")
                            .execute(Tuple.of(utc(now), Buffer.buffer(AccessTokens.hash(candidate))))
                            .compose(rows -> {
                                Row counts = rows.iterator().next();
                                if (counts.getLong("pending") > 0) {
                                    return Future.succeededFuture(Optional.of(candidate));
                                }
                                if (counts.getLong("admins") > 0 || counts.getLong("known") > 0) {
                                    return Future.succeededFuture(Optional.<String>empty());
                                }
                                return tx.preparedQuery("""
                                                insert into api_token (token_sha256, role, label, expires_at)
                                                values ($1, 'admin', 'admin (generated at first start)', $2)
                                                returning id""")
                                        .execute(Tuple.of(Buffer.buffer(AccessTokens.hash(candidate)),
                                                utc(now.plus(BOOTSTRAP_ADMIN_LIFETIME))))
                                        .compose(ids -> HistoryRepository.append(tx, system, "token.issue", null,
                                                null, Long.toString(ids.iterator().next().getLong(0)), null,
                                                new JsonObject().put("role", "admin").put("source", "generated")))
                                        .map(Optional.of(candidate));
                            });
                }));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
