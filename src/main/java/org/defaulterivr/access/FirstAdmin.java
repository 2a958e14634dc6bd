package org.defaulterivr.access;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure an operator can get in at a node's first start, without a secret on standard output or in the log.
 *
 * <p>With {@code DIVR_ADMIN_TOKEN} set, that token is recorded. Otherwise, while no admin token is in force, a new
 * one is written to {@link FirstAdminTokenFile} <em>before</em> it is recorded, so a start that fails afterwards (a
 * busy port, a crash) loses nothing: the next start finds the file and records or keeps the same token. The file
 * stays until the token is first used, and its path (never its content) is logged at every start meanwhile.
 */
public final class FirstAdmin {
    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private final Vertx vertx;
    private final TokenRepository tokens;
    private final FirstAdminTokenFile file;

    public FirstAdmin(Vertx vertx, TokenRepository tokens, FirstAdminTokenFile file) {
        this.vertx = vertx;
        this.tokens = tokens;
        this.file = file;
    }

    /** @return the file holding an unused first admin token, if there is one */
    public Future<Optional<Path>> ensure(String configuredToken, Instant now) {
        if (!configuredToken.isEmpty()) {
            return tokens.bootstrapAdmin(configuredToken, "", now).map(Optional.empty());
        }
        return vertx.executeBlocking(file::read)
                .compose(kept -> attempt(kept.orElse(null), now)
                        .compose(pending -> pending.isPresent() || kept.isEmpty() ? Future.succeededFuture(pending)
                                : attempt(null, now))) // the kept one was used, revoked or expired: start afresh
                .onSuccess(pending -> pending.ifPresent(path -> log.info(
                        "the first admin token is in {} (readable only by this user); it is removed there once the"
                                + " token is first used", path)));
    }

    /** Called when a token is presented for the first time: the file goes if it held that token. */
    public void used(byte[] sha256) {
        vertx.executeBlocking(() -> {
            file.forget(sha256);
            return null;
        }, false).onFailure(e -> log.warn("could not remove {}: {}", file.path(), e.getMessage()));
    }

    private Future<Optional<Path>> attempt(String kept, Instant now) {
        String candidate = kept != null ? kept : AccessTokens.generate();
        Future<Void> written = kept != null ? Future.succeededFuture()
                : vertx.executeBlocking(() -> {
                    file.write(candidate);
                    return null;
                }, false);
        return written.compose(v -> tokens.bootstrapAdmin("", candidate, now))
                .compose(pending -> vertx.executeBlocking(() -> {
                    if (pending.isEmpty()) {
                        file.delete();
                        return Optional.<Path>empty();
                    }
                    return Optional.of(file.path());
                }, false));
    }
}
