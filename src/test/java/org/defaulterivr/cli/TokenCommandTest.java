package org.defaulterivr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.defaulterivr.Main;
import org.defaulterivr.access.AccessTokens;
import org.defaulterivr.access.Actor;
import org.defaulterivr.access.Role;
import org.defaulterivr.access.TokenRepository;
import org.defaulterivr.database.Database;
import org.defaulterivr.registry.CourtRepository;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.MainCommand;
import org.defaulterivr.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The operator's token commands, against a real database named by the config file. */
class TokenCommandTest {
    @TempDir
    static Path dir;
    static Database database;
    static Vertx vertx;
    static Pool pool;
    static Path config;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.create("token_cli");
        vertx = Vertx.vertx();
        pool = database.pool(vertx, 1);
        Await.result(new CourtRepository(pool).create("court-c", "Court C", Actor.system("test")));
        config = MainCommand.configFor(database, dir.resolve("divr.properties"));
    }

    @AfterAll
    static void stop() {
        Await.result(pool.close());
        Await.result(vertx.close());
        database.close();
    }

    private static String run(int expectedExit, String... args) {
        return MainCommand.run(expectedExit, args);
    }

    @Test
    void anOperatorIssuesListsAndRevokesTokens() {
        String issued = run(0, "token", "--config", config.toString(), "issue", "--role", "court", "--court",
                "court-c", "--days", "7", "--label", "clerk desk 3");
        Matcher m = Pattern.compile("token (\\d+) .*\\n(divr_[A-Za-z0-9_-]{43})").matcher(issued);
        assertTrue(m.find(), issued);
        long id = Long.parseLong(m.group(1));
        String token = m.group(2);

        TokenRepository tokens = new TokenRepository(pool);
        var check = assertInstanceOf(TokenRepository.Check.Valid.class, Await.result(tokens.check(token, Instant.now())));
        assertEquals(Role.COURT, check.actor().role());
        assertEquals("court-c", check.actor().courtCode());

        String listed = run(0, "token", "--config", config.toString(), "list");
        assertTrue(listed.contains("clerk desk 3"), listed);
        assertFalse(listed.contains(token), "a token's text is shown once, when issued");

        run(0, "token", "--config", config.toString(), "revoke", Long.toString(id));
        assertInstanceOf(TokenRepository.Check.Invalid.class, Await.result(tokens.check(token, Instant.now())));
        run(1, "token", "--config", config.toString(), "revoke", Long.toString(id));

        assertNotEquals(0, new CommandLine(new Main()).execute("token", "--config", config.toString(), "issue",
                "--role", "court"));
        assertNotEquals(0, new CommandLine(new Main()).execute("token", "--config", config.toString(), "issue",
                "--role", "court", "--court", "no-such-court"));
    }

    @Test
    void theFirstStartMakesOneAdminTokenAndAConfiguredOneIsRecordedOnce() {
        TokenRepository tokens = new TokenRepository(pool);
        String candidate = AccessTokens.generate();
        var generated = Await.result(tokens.bootstrapAdmin("", candidate, Instant.now()));
        assertEquals(Optional.of(candidate), generated, "no admin yet: the candidate is recorded");
        assertEquals(generated, Await.result(tokens.bootstrapAdmin("", candidate, Instant.now())),
                "a second start before the token is used keeps it");
        assertTrue(Await.result(tokens.bootstrapAdmin("", AccessTokens.generate(), Instant.now())).isEmpty(),
                "an admin exists: none made");
        assertInstanceOf(TokenRepository.Check.Valid.class, Await.result(tokens.check(generated.get(), Instant.now())));
        Await.until(java.time.Duration.ofSeconds(10),
                () -> Await.result(tokens.bootstrapAdmin("", candidate, Instant.now())).isEmpty());

        String configured = "divr_configured-admin-token-0123456789abcdef";
        Await.result(tokens.bootstrapAdmin(configured, "", Instant.now()));
        Await.result(tokens.bootstrapAdmin(configured, "", Instant.now()));
        var valid = assertInstanceOf(TokenRepository.Check.Valid.class,
                Await.result(tokens.check(configured, Instant.now())));
        assertEquals(Role.ADMIN, valid.actor().role());
        assertEquals(1, Await.result(tokens.list()).stream().filter(t -> t.label().contains("DIVR_ADMIN_TOKEN")).count());
    }
}
