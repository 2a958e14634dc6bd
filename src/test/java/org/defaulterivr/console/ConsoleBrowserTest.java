package org.defaulterivr.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.defaulterivr.Main;
import org.defaulterivr.access.Role;
import org.defaulterivr.database.Database;
import org.defaulterivr.people.Enrolment;
import org.defaulterivr.people.People;
import org.defaulterivr.people.TotpCodes;
import org.defaulterivr.testing.ApiClient;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.FixtureAsterisk.Transcript;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.defaulterivr.testing.TestRegistry;
import org.defaulterivr.testing.Wavs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The console in a real browser (Debian's Chromium, headless) against a real node and PostgreSQL, the way its people
 * use it, one flow after another in one browser: an admin makes a court and a clerk; the clerk signs in with password
 * and TOTP, registers a case (after the API's field errors), uploads and records a notice and hears it; a FastAGI call
 * plays that notice; an auditor finds the record, sees it in the chart, downloads the bundle and {@code verify}
 * accepts it; the clerk delists and the next call is not screened. Then: another court's clerk cannot open the case
 * by its URL, a form without the CSRF token is refused, and both languages render. Each step leaves a screenshot
 * under target/console-screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String CASE_NUMBER = "(2026) Jing 0105 Zhi 4242";
    private static final AtomicInteger SHOTS = new AtomicInteger();

    @TempDir
    static Path dataDir;
    static Database database;
    static TestNode node;
    static People people;
    static Browser browser;
    static ApiClient api;
    static String auditorToken;
    static final Map<String, Account> accounts = new HashMap<>();
    static long caseId;
    static String playedSha256;

    /** What a person was given to sign in with, and the last TOTP step they used. */
    static final class Account {
        final String password;
        final byte[] secret;
        long lastStep;

        Account(String password, String secretBase32) {
            this.password = password;
            this.secret = TotpCodes.fromBase32(secretBase32);
        }
    }

    @RegisterExtension
    final TestWatcher screenshots = new TestWatcher() {
        @Override
        public void testSuccessful(ExtensionContext context) {
            shoot(context, "ok");
        }

        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            shoot(context, "failed");
        }

        private void shoot(ExtensionContext context, String outcome) {
            if (browser != null) {
                browser.screenshot(String.format("%02d-%s-%s", SHOTS.incrementAndGet(),
                        context.getRequiredTestMethod().getName(), outcome));
            }
        }
    };

    @BeforeAll
    static void start() throws IOException {
        Browser.assumeInstalled();
        database = TestDatabase.create("console_browser");
        node = TestNode.start(database, dataDir, TestRegistry.SETTINGS);
        api = new ApiClient(node.httpPort());
        people = node.service.people();
        // the first admin, as an operator makes one on the server ('person add'); another court with its clerk
        enrolled(Await.result(people.enrol("admin.zhou", "Zhou Admin", Role.ADMIN, null, "test")));
        assertEquals(201, api.post("/v1/courts", TestRegistry.ADMIN_TOKEN,
                new JsonObject().put("code", "court-b").put("name", "Court B")).status());
        enrolled(Await.result(people.enrol("clerk.b", "Clerk of B", Role.COURT, "court-b", "test")));
        auditorToken = TestRegistry.token(api, "auditor", null);
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

    private static void enrolled(Enrolment enrolment) {
        accounts.put(enrolment.person().username(), new Account(enrolment.password(), enrolment.totpSecretBase32()));
    }

    /** Signs in with the password, then the code an authenticator app would show (each step's code once). */
    private static void signIn(String username) {
        Account account = accounts.get(username);
        browser.signIn(username, account.password, () -> {
            long now = TotpCodes.step(Instant.now());
            long step = Math.max(now - 1, account.lastStep + 1);
            if (step > now + 1) {
                Await.until(Duration.ofSeconds(31), () -> TotpCodes.step(Instant.now()) + 1 >= step);
            }
            account.lastStep = step;
            return TotpCodes.code(account.secret, Instant.ofEpochSecond(step * 30));
        });
    }

    private static void signOut() {
        browser.click("#sign-out");
        browser.find("#sign-in");
    }

    private static Transcript call(String number, String caller) throws IOException {
        String callId = "console-" + System.nanoTime();
        UnaryOperator<String> calling = FixtureAsterisk.calling(number, callId);
        return FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(),
                line -> line.startsWith("agi_callerid: ") ? "agi_callerid: " + caller : calling.apply(line));
    }

    @Test
    @Order(1)
    void anAdminCreatesACourtAndAClerkWhoIsShownTheirSecretsOnce() {
        signIn("admin.zhou");
        browser.open("/admin/courts");
        browser.type("#code", "Court X");
        browser.type("#name", "Court X");
        browser.click("#create-court");
        assertTrue(browser.text("#error-code").contains("lower-case"), "the API's own field error");
        browser.type("#code", "court-x");
        browser.click("#create-court");
        browser.waitFor().until(d -> browser.text("#courts").contains("court-x"));

        for (String[] person : new String[][] {{"clerk.x", "Li Clerk", "court", "court-x"},
                {"auditor.a", "Wang Auditor", "auditor", ""}}) {
            browser.open("/admin/people");
            browser.type("#username", person[0]);
            browser.type("#displayName", person[1]);
            new org.openqa.selenium.support.ui.Select(browser.find("#role")).selectByValue(person[2]);
            new org.openqa.selenium.support.ui.Select(browser.find("#court")).selectByValue(person[3]);
            browser.click("#create-person");
            assertEquals(person[0], browser.text("#new-username"));
            accounts.put(person[0], new Account(browser.text("#new-password"), browser.text("#new-totp-secret")));
            assertTrue(browser.text("#new-totp-uri").startsWith("otpauth://totp/"));
        }
        browser.open("/admin/people");
        assertTrue(browser.all("#new-password").isEmpty(), "the password is shown only once");
        assertTrue(browser.text("#people").contains("clerk.x"));
        assertEquals(0, node.count("select count(*) from person where password_hash not like '$argon2id$%'"));
        signOut();
    }

    @Test
    @Order(2)
    void theClerkSignsInWithPasswordAndCodeAndRegistersACaseAfterTheApisFieldErrors() {
        signIn("clerk.x");
        browser.open("/cases/new");
        browser.type("#caseNumber", CASE_NUMBER);
        browser.type("#legalBasis", "(2026) Jing 0105 Zhi 4242 ruling");
        browser.type("#debtorName", "Zhang San");
        browser.type("#debtorIdMasked", "110105199001011234");
        browser.type("#amount", "12345.67");
        browser.type("#numbers", "12345");
        String until = LocalDateTime.now(SHANGHAI).plusDays(30).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
        browser.setValue("#validUntil", until);
        browser.click("#register");
        // the API's field-by-field errors, next to the fields, with the values kept
        assertFalse(browser.text("#error-numbers").isEmpty());
        assertFalse(browser.text("#error-debtorIdMasked").isEmpty());
        assertEquals("12345.67", browser.find("#amount").getAttribute("value"));
        assertEquals(0, node.count("select count(*) from defaulter_case"), "a refused form changes nothing");

        browser.type("#debtorIdMasked", "**************123X");
        browser.type("#numbers", "138 0013 8000");
        browser.setValue("#validUntil", until);
        browser.click("#register");
        browser.waitFor().until(d -> d.getCurrentUrl().matches(".*/cases/[0-9]+"));
        caseId = Long.parseLong(browser.driver.getCurrentUrl().replaceAll(".*/cases/", ""));
        assertTrue(browser.title().contains(CASE_NUMBER));
        assertTrue(browser.text("#numbers-table").contains("+8613800138000"), "the number in E.164");
        assertTrue(browser.text("#numbers-table").contains("138 0013 8000"), "and as dialled");
    }

    @Test
    @Order(3)
    void theClerkUploadsAndRecordsANoticeAndHearsItBeforeItPlays() throws IOException, InterruptedException {
        Path wav = Files.write(dataDir.resolve("tone.wav"), Wavs.tone(16000, 1, 1.0, 440));
        browser.find("#notice-file").sendKeys(wav.toAbsolutePath().toString());
        browser.click("#upload-notice");
        browser.waitFor().until(d -> browser.all("#notice-versions tbody tr").size() == 2);

        browser.click("#record-start");
        browser.waitFor().until(d -> browser.find("#record-stop").isEnabled());
        Thread.sleep(1500); // the fake microphone beeps meanwhile
        browser.click("#record-stop");
        browser.waitFor().until(d -> browser.find("#record-send").isEnabled());
        browser.click("#record-send");
        browser.waitFor().until(d -> browser.all("#notice-versions tbody tr").size() == 3);
        assertTrue(browser.text("#notice-versions tbody tr:last-child").contains("(playing)"));

        Object heard = browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const players = document.querySelectorAll('audio.notice-audio');
                const player = players[players.length - 1];
                player.addEventListener('ended', () => done('ended ' + player.duration));
                player.addEventListener('error', () => done('error ' + (player.error && player.error.code)));
                player.play().catch((e) => done('refused ' + e));""");
        assertTrue(String.valueOf(heard).startsWith("ended "), "the recording plays in the page: " + heard);
        double seconds = Double.parseDouble(String.valueOf(heard).substring(6));
        assertTrue(seconds > 1.0 && seconds < 10, "about as long as recorded: " + seconds);
        playedSha256 = api.get("/v1/cases/" + caseId, auditorToken).json().getJsonObject("notice").getString("sha256");
        browser.driver.executeScript("window.scrollTo(0, 0);");
        browser.screenshot("case-page");
    }

    @Test
    @Order(4)
    void aFastAgiCallToTheNumberPlaysThatNotice() throws IOException {
        Transcript t = call("13800138000", "13900000011");
        assertEquals(1, t.count("STREAM FILE"), t.commands().toString());
        assertTrue(t.commands().stream().anyMatch(c -> c.contains(playedSha256)), t.commands().toString());
        assertEquals("played", t.variable("DEFAULTER_NOTICE"));
        signOut();
    }

    @Test
    @Order(5)
    void anAuditorFindsTheRecordSeesItInTheChartAndTheBundleVerifiesOffline() throws IOException {
        signIn("auditor.a");
        Await.until(Duration.ofSeconds(30), () -> {
            browser.open("/audit");
            return !browser.all("#tree-size").isEmpty() && Long.parseLong(browser.text("#tree-size")) >= 1;
        });
        browser.waitFor().until(d -> "true".equals(browser.find("#charts").getAttribute("data-drawn")));
        JsonObject charts = new JsonObject(browser.find("#charts").getAttribute("data-charts"));
        assertEquals("court-x", charts.getJsonArray("perCourt").getJsonObject(0).getString("label"));
        assertEquals(1, charts.getJsonObject("outcomes").getInteger("played"));
        assertTrue(browser.find("#checkpoint").getAttribute("textContent").lines().anyMatch(l -> l.equals("1")),
                "the latest checkpoint, as a signed note, for tree size 1");
        assertEquals("None yet", browser.text("#witnesses"), "no witness is configured in this test");
        browser.screenshot("audit-page");
        browser.click("#lang-zh");
        browser.waitFor().until(d -> browser.title().equals("证据日志")
                && "true".equals(browser.find("#charts").getAttribute("data-drawn")));
        browser.screenshot("audit-page-zh");
        browser.click("#lang-en");
        browser.waitFor().until(d -> browser.title().equals("Evidence log"));

        browser.open("/audit/evidence");
        browser.type("#e-court", "court-x");
        browser.click("#search");
        browser.waitFor().until(d -> browser.all(".evidence-row").size() == 1);
        assertTrue(browser.text(".evidence-row").contains(CASE_NUMBER));
        browser.click(".evidence-row .bundle-link");
        Path bundle = browser.downloaded("case-" + caseId + "-evidence.jsonl");
        browser.open("/audit");
        browser.click("#public-key-link");
        Path key = browser.downloaded("defaulter-ivr-log-key.pem");

        CommandLine verify = new CommandLine(new Main());
        java.io.StringWriter said = new java.io.StringWriter();
        verify.setOut(new java.io.PrintWriter(said, true));
        verify.setErr(new java.io.PrintWriter(said, true));
        assertEquals(0, verify.execute("verify", "--export", bundle.toString(), "--public-key", key.toString()),
                "verify accepts the bundle the console downloaded: " + said + "\n" + Files.readString(bundle));
        browser.open("/audit/access-log");
        assertTrue(browser.text("#access-log").contains("person:auditor.a"), "the access log names the person");
        browser.type("#a-principal", "token 0 (nobody)");
        browser.click("#filter-access");
        browser.waitFor().until(d -> browser.all("#access-log tbody tr").isEmpty());
        signOut();
    }

    @Test
    @Order(6)
    void theClerkImportsCsvWithAPerRowReportAndSeesAChangeMadeMeanwhileAsAConflict() throws IOException {
        signIn("clerk.x");
        long notice = api.get("/v1/cases/" + caseId, auditorToken).json().getJsonObject("notice").getLong("id");
        String header = "case_number,legal_basis,debtor_name,debtor_id_masked,debtor_is_adult,amount,currency,phones,"
                + "valid_from,valid_until,notice_id\n";
        String good = "(2026) Jing 0105 Zhi 7001,ruling 7001,Li Si,****5678,true,100.00,CNY,13800138001,,"
                + Instant.now().plus(Duration.ofDays(9)) + "," + notice + "\n";
        Path bad = Files.writeString(dataDir.resolve("bad.csv"), header + good
                + "(2026) Jing 0105 Zhi 7002,ruling 7002,Wang Wu,****1234,true,250,CNY,12345,,2027-01-01T00:00:00Z,"
                + notice + "\n");
        browser.open("/cases/import");
        browser.find("#csv").sendKeys(bad.toAbsolutePath().toString());
        browser.click("#import");
        assertTrue(browser.text("#import-report").contains("row 3: phones"), browser.text("#import-report"));
        Path fixed = Files.writeString(dataDir.resolve("good.csv"), header + good);
        browser.find("#csv").sendKeys(fixed.toAbsolutePath().toString());
        browser.click("#import");
        browser.waitFor().until(d -> browser.text("#import-report").contains("(2026) Jing 0105 Zhi 7001"));

        // the cases whose window ends within two weeks: the imported one (9 days), not the first (30 days)
        browser.open("/cases");
        browser.setValue("#f-endsBefore", java.time.LocalDate.now(SHANGHAI).plusDays(15).toString());
        browser.click("#filter");
        browser.waitFor().until(d -> browser.all(".case-link").size() == 1);
        assertEquals("(2026) Jing 0105 Zhi 7001", browser.text(".case-link"));
        assertTrue(browser.driver.getCurrentUrl().contains("endsBefore="), "htmx keeps the filter in the address");

        // the clerk has the case open; meanwhile the court's case system changes it through the API
        browser.open("/cases/" + caseId);
        String desk = TestRegistry.token(api, "court", "court-x");
        assertEquals(400, api.get("/v1/cases?endsBefore=tomorrow", desk).status(), "the API names a bad window");
        assertEquals(2, api.get("/v1/cases?listedAt=" + Instant.now(), desk).json().getJsonArray("items").size());
        assertEquals(0, api.get("/v1/cases?listedAt=" + Instant.now().plus(Duration.ofDays(20)) + "&endsBefore="
                + Instant.now().plus(Duration.ofDays(15)), desk).json().getJsonArray("items").size());
        JsonObject current = api.get("/v1/cases/" + caseId, desk).json();
        assertEquals(200, api.patch("/v1/cases/" + caseId, desk, new JsonObject().put("amount", "999.00"),
                "\"" + current.getInteger("version") + "\"").status());
        browser.type("#amount", "12000.00");
        browser.click("#amend");
        String problem = browser.text("#problem");
        assertTrue(problem.contains("changed by court court-x at "), problem);
        assertTrue(browser.text("#case-facts").contains("999.00"), "the page shows the change made meanwhile");
        assertEquals("12000.00", browser.find("#amount").getAttribute("value"), "and keeps what the clerk typed");
    }

    @Test
    @Order(7)
    void theClerkDelistsAndTheNextCallIsNotScreened() throws IOException {
        browser.open("/cases/" + caseId);
        new org.openqa.selenium.support.ui.Select(browser.find("#reason")).selectByValue("paid");
        browser.type("#note", "paid in full");
        browser.click("#delist");
        browser.waitFor().until(d -> browser.text("#case-status").equals("Satisfied"));
        AtomicInteger caller = new AtomicInteger(20);
        Await.until(Duration.ofSeconds(5), () -> {
            try {
                return call("13800138000", "139000000" + caller.incrementAndGet()).count("STREAM FILE") == 0;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(browser.text("#history").contains("person:clerk.x"), "history names the person");
        signOut();
    }

    @Test
    @Order(8)
    void aClerkOfAnotherCourtCannotOpenTheCaseByItsUrl() {
        signIn("clerk.b");
        browser.open("/cases/" + caseId);
        assertEquals("Not found, or not one you may see.", browser.title());
        assertFalse(browser.driver.getPageSource().contains(CASE_NUMBER));
        browser.open("/cases");
        assertFalse(browser.driver.getPageSource().contains(CASE_NUMBER));
        browser.open("/cases/" + caseId + "/notices/1/audio");
        assertFalse(browser.driver.getPageSource().contains("RIFF"));
    }

    @Test
    @Order(11)
    void anAdminDisablesAPersonAndTheirSessionEndsAtOnce() throws Exception {
        String clerkSession = browser.sessionCookie();
        browser.driver.manage().deleteAllCookies();
        signIn("admin.zhou");
        browser.open("/admin/people");
        browser.click("#disable-clerk\\.b");
        browser.waitFor().until(d -> browser.all("#disable-clerk\\.b").isEmpty());
        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(browser.base + "/cases")).header("Cookie", clerkSession).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, page.statusCode(), "the disabled clerk's session is over");
        assertEquals("/sign-in", page.headers().firstValue("Location").orElse(""));
        signOut();
        browser.open("/sign-in");
        browser.type("#username", "clerk.b");
        browser.type("#password", accounts.get("clerk.b").password);
        browser.click("#sign-in");
        assertTrue(browser.find("#problem").isDisplayed(), "and cannot sign in again");
    }

    @Test
    @Order(9)
    void aFormPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        String cookie = browser.sessionCookie();
        assertNotNull(cookie);
        long before = node.count("select count(*) from defaulter_case");
        HttpClient client = HttpClient.newHttpClient();
        for (String form : new String[] {"caseNumber=X1&amount=1&currency=CNY&numbers=13800138001",
                "csrf=forged&caseNumber=X1&amount=1&currency=CNY&numbers=13800138001"}) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(browser.base + "/cases/new"))
                    .header("Cookie", cookie)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, response.statusCode(), form);
        }
        assertEquals(before, node.count("select count(*) from defaulter_case"));
        // the same session with its token in the page still works
        browser.open("/cases/new");
        assertFalse(browser.find("input[name=csrf]").getAttribute("value").isEmpty());
    }

    @Test
    @Order(10)
    void chineseAndEnglishPagesRenderAndTheSwitchRemembersTheChoice() throws Exception {
        browser.open("/cases");
        assertEquals("Cases", browser.title());
        browser.click("#lang-zh");
        browser.waitFor().until(d -> browser.title().equals("案件"));
        assertEquals("zh-CN", browser.find("html").getAttribute("lang"));
        browser.screenshot("cases-zh");
        browser.open("/cases/new");
        assertEquals("登记案件", browser.title());
        // the API's field error by its code, in Chinese; the API's JSON itself stays English
        browser.type("#caseNumber", "(2026) Jing 0105 Zhi 4243");
        browser.type("#legalBasis", "ruling");
        browser.type("#debtorName", "Li Si");
        browser.type("#amount", "100");
        browser.type("#numbers", "12345");
        browser.setValue("#validUntil", LocalDateTime.now(SHANGHAI).plusDays(30)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")));
        browser.click("#register");
        browser.waitFor().until(d -> !browser.all("#error-numbers").isEmpty());
        assertTrue(browser.text("#error-numbers").contains("不是其所属地区的有效电话号码"), browser.text("#error-numbers"));
        assertFalse(browser.text("#error-numbers").contains("valid"), browser.text("#error-numbers"));
        assertTrue(browser.text("#problem").contains("未作任何更改"), "the problem's detail in Chinese");
        browser.screenshot("field-error-zh");
        browser.open("/cases/new");
        browser.click("#lang-en");
        browser.waitFor().until(d -> browser.title().equals("Register a case"));

        HttpClient client = HttpClient.newHttpClient();
        for (String[] language : new String[][] {{"zh-CN,zh;q=0.9", "登录"}, {"en-GB,en;q=0.8", "Sign in"}}) {
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(browser.base + "/sign-in"))
                    .header("Accept-Language", language[0]).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<h1>" + language[1] + "</h1>"), language[0]);
            String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(policy.startsWith("default-src 'self'") && !policy.contains("unsafe"), policy);
            assertFalse(page.body().contains("<script>"), "no inline script");
        }
    }
}
