package org.defaulterivr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.defaulterivr.access.TokenRepository;
import org.defaulterivr.config.SecretFile;
import org.defaulterivr.database.Database;
import org.defaulterivr.people.People;
import org.defaulterivr.people.PersonRepository;
import org.defaulterivr.people.TotpCodes;
import org.defaulterivr.people.TotpSeal;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.MainCommand;
import org.defaulterivr.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator adds the first admin of the web console on the node's machine; that admin can then sign in. */
class PersonCommandTest {
    @TempDir
    static Path dir;
    static Database database;
    static Vertx vertx;
    static Pool pool;
    static Path config;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.create("person_cli");
        vertx = Vertx.vertx();
        pool = database.pool(vertx, 1);
        config = MainCommand.configFor(database, dir.resolve("divr.properties"), "data.dir=" + dir.resolve("data"));
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
    void theFirstAdminIsAddedOnTheServerAndCanSignInWithWhatIsPrintedOnce() {
        String printed = run(0, "person", "--config", config.toString(), "--username", "admin.first", "--name",
                "First Admin", "--role", "admin");
        Matcher m = Pattern.compile("password: +(\\S+)\\n +authenticator key: +([A-Z2-7]+)").matcher(printed);
        assertTrue(m.find(), printed);

        byte[] key = SecretFile.loadOrCreate(dir.resolve("data/keys/console-totp.key"), 32);
        People people = new People(vertx, new PersonRepository(pool), new TotpSeal(key),
                new TokenRepository(pool), Clock.systemUTC());
        var person = Await.result(people.checkPassword("admin.first", m.group(1))).orElseThrow();
        assertEquals("admin", person.role().wireName());
        String code = TotpCodes.code(TotpCodes.fromBase32(m.group(2)), java.time.Instant.now());
        assertTrue(Await.result(people.checkCode(person.id(), code)));
        assertFalse(Await.result(people.checkCode(person.id(), code)), "a code works once");
        assertFalse(Await.result(people.checkPassword("admin.first", "wrong")).isPresent());

        run(2, "person", "--config", config.toString(), "--username", "clerk", "--name", "No Court", "--role",
                "court");
        run(2, "person", "--config", config.toString(), "--username", "Bad Name", "--name", "X", "--role", "auditor");
    }
}
