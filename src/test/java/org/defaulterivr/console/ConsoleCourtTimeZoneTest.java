package org.defaulterivr.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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
 * A court may have its own time zone: the console shows that court's cases in it (and reads the times its clerk
 * types in it); a court without one shows the node's default, Asia/Shanghai. And a case's numbers show as the court
 * typed them, beside E.164.
 */
class ConsoleCourtTimeZoneTest {
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir
    static Path dataDir;
    static Database database;
    static TestNode node;
    static ApiClient api;
    static People people;
    static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        Browser.assumeInstalled();
        database = TestDatabase.create("console_court_zone");
        node = TestNode.start(database, dataDir, TestRegistry.SETTINGS);
        api = new ApiClient(node.httpPort());
        people = node.service.people();
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

    private static void signIn(String username, String court) {
        Enrolment enrolment = Await.result(people.enrol(username, username, Role.COURT, court, "test"));
        browser.signIn(username, enrolment.password(),
                () -> TotpCodes.code(TotpCodes.fromBase32(enrolment.totpSecretBase32()), Instant.now()));
    }

    /** A case of {@code court}, registered through the API; its id and when its window ends. */
    private static long register(String court, String caseNumber, String number, Instant until) {
        String token = TestRegistry.token(api, "court", court);
        var created = api.post("/v1/cases", token, TestRegistry.caseBody(caseNumber, number)
                .put("validUntil", until.toString()));
        assertEquals(201, created.status(), created.toString());
        return created.json().getLong("id");
    }

    @Test
    void aCourtsCasesShowInItsOwnTimeZoneAndOthersInTheDefault() {
        var bad = api.post("/v1/courts", TestRegistry.ADMIN_TOKEN, new JsonObject().put("code", "court-bad")
                .put("name", "Court Bad").put("timeZone", "Mars/Olympus"));
        assertEquals(400, bad.status(), bad.toString());
        assertTrue(bad.json().encode().contains("timeZone"), bad.toString());
        var urumqi = api.post("/v1/courts", TestRegistry.ADMIN_TOKEN, new JsonObject().put("code", "court-u")
                .put("name", "Court U").put("timeZone", "Asia/Urumqi"));
        assertEquals(201, urumqi.status(), urumqi.toString());
        assertEquals("Asia/Urumqi", urumqi.json().getString("timeZone"));
        assertEquals(201, api.post("/v1/courts", TestRegistry.ADMIN_TOKEN, new JsonObject().put("code", "court-s")
                .put("name", "Court S")).status());

        Instant until = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        long inUrumqi = register("court-u", "U-1", "13800138101", until);
        long inShanghai = register("court-s", "S-1", "13800138102", until);

        signIn("clerk.u", "court-u");
        browser.open("/cases/" + inUrumqi);
        assertEquals(SHOWN.format(until.atZone(ZoneId.of("Asia/Urumqi"))), browser.text("#valid-until"));
        assertTrue(browser.text("footer").contains("Asia/Urumqi"), browser.text("footer"));
        browser.screenshot("case-court-zone");
        browser.click("#sign-out");
        browser.find("#sign-in");

        signIn("clerk.s", "court-s");
        browser.open("/cases/" + inShanghai);
        assertEquals(SHOWN.format(until.atZone(ZoneId.of("Asia/Shanghai"))), browser.text("#valid-until"));
        assertTrue(browser.text("footer").contains("Asia/Shanghai"), browser.text("footer"));
    }

    @Test
    void aNumberShowsAsTheCourtTypedItAndInE164() {
        assertEquals(201, api.post("/v1/courts", TestRegistry.ADMIN_TOKEN, new JsonObject().put("code", "court-n")
                .put("name", "Court N")).status());
        String token = TestRegistry.token(api, "court", "court-n");
        var created = api.post("/v1/cases", token, TestRegistry.caseBody("N-1", "(010) 8888-6666", "+86 138-0013-8103",
                "13800138103"));
        assertEquals(201, created.status(), created.toString());
        var numbers = View.objects(created.json().getJsonArray("numbers"));
        assertEquals(2, numbers.size(), "a number typed twice counts once");
        JsonObject landline = numbers.stream().filter(n -> n.getString("number").equals("+861088886666")).findFirst()
                .orElseThrow();
        assertEquals("(010) 8888-6666", landline.getString("typed"));
        assertEquals(1, node.count("select count(*) from listed_number where typed = '+86 138-0013-8103'"),
                "the first typing of a number given twice");

        signIn("clerk.n", "court-n");
        browser.open("/cases/" + created.json().getLong("id"));
        String table = browser.text("#numbers-table");
        assertTrue(table.contains("+861088886666") && table.contains("(010) 8888-6666"), table);
        assertTrue(table.contains("+8613800138103") && table.contains("+86 138-0013-8103"), table);
        browser.screenshot("case-typed-numbers");
        browser.click("#sign-out");
        browser.find("#sign-in");
    }
}
