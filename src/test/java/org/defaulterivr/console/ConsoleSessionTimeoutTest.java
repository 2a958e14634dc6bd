package org.defaulterivr.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.defaulterivr.access.Role;
import org.defaulterivr.database.Database;
import org.defaulterivr.people.Enrolment;
import org.defaulterivr.people.People;
import org.defaulterivr.people.TotpCodes;
import org.defaulterivr.testing.ApiClient;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.defaulterivr.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A console session ends when left idle, and in all after its absolute limit, however busy; an idle session's API
 * token is revoked with it, not left valid until the absolute limit. Tiny limits (seconds) through the node's config,
 * in a real browser.
 */
class ConsoleSessionTimeoutTest {
    private static final int IDLE_SECONDS = 3;
    private static final int MAX_SECONDS = 8;

    @TempDir
    static Path dataDir;
    static Database database;
    static TestNode node;
    static People people;
    static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        Browser.assumeInstalled();
        database = TestDatabase.create("console_timeouts");
        node = TestNode.start(database, dataDir, Map.of("api.admin.token", TestRegistry.ADMIN_TOKEN,
                "console.session.idle.seconds", Integer.toString(IDLE_SECONDS),
                "console.session.max.seconds", Integer.toString(MAX_SECONDS)));
        ApiClient api = new ApiClient(node.httpPort());
        people = node.service.people();
        assertEquals(201, api.post("/v1/courts", TestRegistry.ADMIN_TOKEN,
                new JsonObject().put("code", "court-t").put("name", "Court T")).status());
        browser = Browser.start(node.httpPort());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (node != null) {
            node.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /** A new clerk signed in with password and code; their first page of cases is open. */
    private static void signIn(String username) {
        Enrolment enrolment = Await.result(people.enrol(username, username, Role.COURT, "court-t", "test"));
        browser.signIn(username, enrolment.password(),
                () -> TotpCodes.code(TotpCodes.fromBase32(enrolment.totpSecretBase32()), Instant.now()));
        browser.open("/cases");
        browser.find("#sign-out");
    }

    private static long tokensInForce(String username) {
        return node.count("select count(*) from api_token where label = 'person:" + username
                + "' and revoked_at is null and expires_at > now()");
    }

    private static boolean signedOut() {
        return browser.driver.getCurrentUrl().endsWith("/sign-in") && browser.all("#sign-out").isEmpty();
    }

    @Test
    void anIdleSessionEndsAndItsTokenIsRevokedAtOnce() throws InterruptedException {
        signIn("clerk.idle");
        assertEquals(1, tokensInForce("clerk.idle"));
        // no page for longer than the idle limit: the sweep revokes the token without waiting for a page
        Await.until(Duration.ofSeconds(IDLE_SECONDS + 3), () -> tokensInForce("clerk.idle") == 0);
        assertEquals(0, tokensInForce("clerk.idle"), "the token is revoked long before the absolute limit");
        browser.open("/cases");
        assertTrue(signedOut(), "the next page asks to sign in again: " + browser.driver.getCurrentUrl());
        browser.screenshot("session-idle-ended");
    }

    @Test
    void aBusySessionEndsAtItsAbsoluteLimit() throws InterruptedException {
        signIn("clerk.busy");
        Instant signedIn = Instant.now();
        // a page every second, well inside the idle limit, until the session ends
        while (!signedOut() && Duration.between(signedIn, Instant.now()).toSeconds() < MAX_SECONDS + 5) {
            Thread.sleep(1000);
            browser.open("/cases");
        }
        long lasted = Duration.between(signedIn, Instant.now()).toMillis();
        assertTrue(signedOut(), "ended by the absolute limit");
        assertTrue(lasted >= (MAX_SECONDS - 1) * 1000L, "not before the absolute limit: " + lasted + " ms");
        assertEquals(0, tokensInForce("clerk.busy"), "and its token no longer works");
    }
}
