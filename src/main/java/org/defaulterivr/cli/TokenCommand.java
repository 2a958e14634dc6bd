package org.defaulterivr.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.defaulterivr.access.Actor;
import org.defaulterivr.access.Role;
import org.defaulterivr.access.TokenRepository;
import org.defaulterivr.config.Config;
import org.defaulterivr.database.Database;
import org.defaulterivr.registry.CourtRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Issues, revokes and lists API tokens directly in the database of a running node (or of {@code DATABASE_URL}):
 * for the operator, who has the machine but perhaps no admin token. A new token is printed once; only its hash is
 * stored.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Issue, revoke or list bearer tokens for the registry API.",
        subcommands = {TokenCommand.Issue.class, TokenCommand.Revoke.class, TokenCommand.ListTokens.class})
public final class TokenCommand implements Runnable {

    @Option(names = "--config", paramLabel = "FILE", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Same config as the running node (environment variables override it).")
    Path configFile;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Runs one repository operation against the configured database and waits for it. */
    <T> T withTokens(Function<Pool, Future<T>> operation) throws Exception {
        Config config = Config.load(configFile, System.getenv());
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = Database.connect(config).pool(vertx, 1);
            return operation.apply(pool).eventually(pool::close)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static final Actor OPERATOR = Actor.system("cli");

    @Command(name = "issue", mixinStandardHelpOptions = true, description = "Issue a token and print it once.")
    static final class Issue implements Callable<Integer> {
        @ParentCommand
        TokenCommand parent;

        @Option(names = "--role", required = true, description = "admin, court, auditor or carrier")
        String role;

        @Option(names = "--court", paramLabel = "CODE", description = "The court's code (court tokens only).")
        String court;

        @Option(names = "--days", defaultValue = "90", description = "Days until it expires (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--label", description = "Who or what it is for (no secrets).")
        String label;

        @Override
        public Integer call() throws Exception {
            Role parsed = Role.fromWireName(role).orElse(null);
            if (parsed == null) {
                System.err.println("--role must be admin, court, auditor or carrier");
                return 2;
            }
            if ((parsed == Role.COURT) != (court != null)) {
                System.err.println(parsed == Role.COURT ? "a court token needs --court CODE"
                        : "--court is only for court tokens");
                return 2;
            }
            if (days < 1 || days > 730) {
                System.err.println("--days must be from 1 to 730");
                return 2;
            }
            String text = label != null ? label : parsed.wireName() + (court == null ? "" : " " + court) + " (cli)";
            Instant expires = Instant.now().plus(Duration.ofDays(days));
            TokenRepository.Issued issued = parent.withTokens(pool -> {
                TokenRepository tokens = new TokenRepository(pool);
                if (court == null) {
                    return tokens.issue(parsed, null, text, expires, OPERATOR);
                }
                return new CourtRepository(pool).byCode(court).compose(c -> c.isEmpty()
                        ? Future.failedFuture(new UserError("no court has code '" + court + "': create it with"
                                + " 'court create --code " + court + " --name NAME', or see 'court list'"))
                        : tokens.issue(parsed, c.get().id(), text, expires, OPERATOR));
            });
            System.out.printf("token %d (%s%s), expires %s; shown only now:%n%s%n", issued.info().id(),
                    parsed.wireName(), court == null ? "" : ", court " + court, expires, issued.token());
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by its id.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        TokenCommand parent;

        @Parameters(paramLabel = "ID", description = "The token's id (from 'token list').")
        long id;

        @Override
        public Integer call() throws Exception {
            boolean revoked = parent.withTokens(pool -> new TokenRepository(pool).revoke(id, OPERATOR));
            System.out.println(revoked ? "token " + id + " revoked" : "no token " + id + ", or revoked already");
            return revoked ? 0 : 1;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their text).")
    static final class ListTokens implements Callable<Integer> {
        @ParentCommand
        TokenCommand parent;

        @Override
        public Integer call() throws Exception {
            var tokens = parent.withTokens(pool -> new TokenRepository(pool).list());
            System.out.printf("%-6s %-8s %-20s %-24s %-22s %s%n", "id", "role", "court", "expires", "revoked", "label");
            for (TokenRepository.TokenInfo t : tokens) {
                System.out.printf("%-6d %-8s %-20s %-24s %-22s %s%n", t.id(), t.role().wireName(),
                        t.courtCode() == null ? "-" : t.courtCode(), t.expiresAt(),
                        t.revokedAt() == null ? "-" : t.revokedAt().toString(), t.label());
            }
            return 0;
        }
    }
}
