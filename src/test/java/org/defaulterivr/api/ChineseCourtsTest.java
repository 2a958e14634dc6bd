package org.defaulterivr.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sound.sampled.AudioFormat;
import org.defaulterivr.database.Database;
import org.defaulterivr.notice.EspeakMandarinRenderer;
import org.defaulterivr.testing.ApiClient;
import org.defaulterivr.testing.ApiClient.Response;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.FixtureAsterisk.Transcript;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.defaulterivr.testing.TestRegistry;
import org.defaulterivr.testing.Wavs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chinese courts in their own language: Chinese text in every field, through the API, CSV, the call path and the
 * evidence; notices spoken in Mandarin; and no registration refused because a voice cannot read a field.
 */
class ChineseCourtsTest {
    private static final AtomicInteger CALLS = new AtomicInteger();
    static final String COURT_NAME = "成都市武侯区人民法院";

    @TempDir
    static Path dataDir;
    @TempDir
    static Path mutedDataDir;
    static Database database;
    static TestNode node;
    static TestNode mute;
    static TestRegistry registry;
    static ApiClient api;
    static String wuhou;

    @BeforeAll
    static void start() {
        database = TestDatabase.create("chinese_courts");
        node = TestNode.start(database, dataDir, TestRegistry.SETTINGS);
        registry = TestRegistry.setUp(node.httpPort());
        api = registry.api;
        Response created = api.post("/v1/courts", TestRegistry.ADMIN_TOKEN, new JsonObject().put("code", "cd-wuhou")
                .put("name", COURT_NAME).put("noticeLanguage", "zh-CN"));
        assertEquals(201, created.status(), created.toString());
        assertEquals("zh-CN", created.json().getString("noticeLanguage"));
        assertEquals(COURT_NAME, created.json().getString("name"));
        wuhou = TestRegistry.token(api, "court", "cd-wuhou");
        // a second node on the same database whose Mandarin engine is not installed
        mute = TestNode.start(database, mutedDataDir, Map.of("api.admin.token", TestRegistry.ADMIN_TOKEN,
                "notice.mandarin.engine", "/nonexistent/espeak-ng"));
    }

    @AfterAll
    static void stop() {
        mute.close();
        node.close();
        database.close();
    }

    private static Transcript call(TestNode to, String called, String callId) throws Exception {
        return FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), to.agiPort(), called, callId);
    }

    static double rms(byte[] wav) {
        double sum = 0;
        int n = 0;
        for (int i = 44; i + 1 < wav.length; i += 2, n++) {
            double sample = (short) ((wav[i] & 0xFF) | (wav[i + 1] << 8)) / 32768.0;
            sum += sample * sample;
        }
        return Math.sqrt(sum / n);
    }

    @Test
    void aMandarinCourtsChineseCaseIsSpokenInMandarinAndPlayedOnACall() throws Exception {
        Assumptions.assumeTrue(new EspeakMandarinRenderer().available(), "espeak-ng (installed by .ci/run) missing");
        Response wording = api.send("PUT", "/v1/courts/cd-wuhou/notice-template", wuhou, "application/json",
                new JsonObject().put("text", "{court}提醒您：您呼叫的用户在{case}案件中被列为失信被执行人，"
                        + "尚欠{amount}。请督促其履行义务。").put("speaksAmount", true).encode()
                        .getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(200, wording.status(), wording.toString());

        String caseNumber = "(2024)川0105执123号";
        Response created = api.post("/v1/cases", wuhou, TestRegistry.caseBody(caseNumber, "13833330001")
                .put("debtorName", "张三").put("legalBasis", "(2023)川0105民初456号").put("amount", "123456.70"));
        assertEquals(201, created.status(), created.toString());
        JsonObject notice = created.json().getJsonObject("notice");
        assertEquals("tts", notice.getString("source"));
        assertEquals(caseNumber, created.json().getString("caseNumber"));

        byte[] wav = api.get("/v1/notices/" + notice.getLong("id") + "/audio", wuhou).body();
        AudioFormat format = Wavs.format(wav);
        assertEquals(8000f, format.getSampleRate());
        assertEquals(16, format.getSampleSizeInBits());
        assertEquals(1, format.getChannels());
        // 成都市武侯区人民法院提醒您 ... 人民币十二万三千四百五十六元七角 ...: about 75 syllables
        long ms = Wavs.durationMs(wav);
        assertTrue(ms > 75 * 120 && ms < 75 * 400, "plausible Mandarin speech length: " + ms + " ms");
        assertTrue(rms(wav) > 0.03, "speech, not silence: RMS " + rms(wav));

        Await.until(Duration.ofSeconds(2), () -> node.service.index().find("+8613833330001", Instant.now(), l -> true)
                .isPresent());
        String callId = "1795380000." + CALLS.incrementAndGet();
        Transcript t = call(node, "13833330001", callId);
        assertTrue(t.commands().contains("STREAM FILE \"defaulter-ivr/" + notice.getString("sha256") + "\" \"\""),
                t.commands().toString());
        assertEquals("played", t.variable("DEFAULTER_NOTICE"));
        Await.until(Duration.ofSeconds(5), () -> node.evidence(callId).isPresent());
        Row evidence = node.evidence(callId).orElseThrow();
        assertEquals(caseNumber, evidence.getString("case_number"), "the evidence keeps the case number as written");

        long id = created.json().getLong("id");
        String found = api.get("/v1/evidence/search?case=" + id, registry.auditor).text();
        assertTrue(found.contains(caseNumber), "auditors' search gives it as written: " + found);
        Response csv = api.get("/v1/evidence/export?case=" + id, registry.auditor);
        assertEquals(200, csv.status(), csv.toString());
        assertTrue(new String(csv.body(), StandardCharsets.UTF_8).contains(caseNumber), "and the CSV export (UTF-8)");

        JsonObject read = api.get("/v1/cases/" + id, registry.auditor).json();
        assertEquals("张三", read.getString("debtorName"));
        assertEquals("(2023)川0105民初456号", read.getString("legalBasis"));
    }

    @Test
    void aWordingThatSpokenLastsLongerThanANoticeMayIsRefusedAndChangesNothing() {
        Assumptions.assumeTrue(new EspeakMandarinRenderer().available(), "espeak-ng (installed by .ci/run) missing");
        Response created = api.post("/v1/cases", wuhou, TestRegistry.caseBody("(2024)川0105执900号", "13833330009"));
        assertEquals(201, created.status(), created.toString());
        long notices = node.count("select count(*) from notice");
        // about 900 syllables: several minutes of Mandarin, within the wording's 1,000 characters
        String longWording = "{court}提醒您：案号{case}。" + "请督促其尽快履行法律文书确定的义务。".repeat(50);
        Response render = api.send("PUT", "/v1/cases/" + created.json().getLong("id") + "/notice", wuhou,
                "application/json", new JsonObject().put("template", longWording).encode()
                        .getBytes(StandardCharsets.UTF_8), Map.of("If-Match", "\"1\""));
        assertEquals(422, render.status(), render.toString());
        assertEquals("application/problem+json", render.contentType());
        assertTrue(render.json().getString("detail").contains("at most 120 s"), render.toString());
        assertEquals(notices, node.count("select count(*) from notice"), "nothing changed");
    }

    @Test
    void anEnglishCourtRegistersAChineseCaseNumberWithItsStockNoticeInsteadOfRefusingIt() {
        Response created = api.post("/v1/cases", registry.courtA, TestRegistry.caseBody("(2024)京0105执9号",
                "13833330002").put("debtorName", "李四"));
        assertEquals(201, created.status(), created.toString());
        assertEquals("stock", created.json().getJsonObject("notice").getString("source"));
        assertEquals("(2024)京0105执9号", created.json().getString("caseNumber"));
    }

    @Test
    void anEnglishCourtCannotSaveAWordingItsVoiceCannotReadButMaySwitchToMandarin() {
        String wording = "{court}提醒您：案号{case}。";
        Response refused = api.send("PUT", "/v1/courts/court-b/notice-template", registry.courtB, "application/json",
                new JsonObject().put("text", wording).encode().getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(422, refused.status(), refused.toString());
        assertTrue(refused.json().getString("detail").contains("zh-CN"), refused.toString());
        Response switched = api.send("PUT", "/v1/courts/court-b/notice-template", registry.courtB, "application/json",
                new JsonObject().put("text", wording).put("noticeLanguage", "zh-CN").encode()
                        .getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(200, switched.status(), switched.toString());
        assertEquals("zh-CN", switched.json().getString("noticeLanguage"));
        Response created = api.post("/v1/cases", registry.courtB, TestRegistry.caseBody("(2024)川0105执400号",
                "13833330004"));
        assertEquals(201, created.status(), created.toString());
    }

    @Test
    void aNodeWithoutTheMandarinEngineRegistersWithTheStockMandarinNoticeAndSaysWhatToInstallToRender() {
        ApiClient muteApi = new ApiClient(mute.httpPort());
        Response created = muteApi.post("/v1/cases", wuhou, TestRegistry.caseBody("(2024)川0105执200号",
                "13833330003").put("debtorName", "王五"));
        assertEquals(201, created.status(), created.toString());
        JsonObject notice = created.json().getJsonObject("notice");
        assertEquals("stock", notice.getString("source"));
        byte[] wav = muteApi.get("/v1/notices/" + notice.getLong("id") + "/audio", wuhou).body();
        assertEquals(8000f, Wavs.format(wav).getSampleRate());
        assertTrue(Wavs.durationMs(wav) > 5000, "the stock Mandarin notice");

        long notices = mute.count("select count(*) from notice");
        Response render = muteApi.send("PUT", "/v1/cases/" + created.json().getLong("id") + "/notice", wuhou,
                "application/json", new JsonObject().put("template", "{court}提醒您：案号{case}。").encode()
                        .getBytes(StandardCharsets.UTF_8), Map.of("If-Match", "\"1\""));
        assertEquals(503, render.status(), render.toString());
        assertEquals("application/problem+json", render.contentType());
        assertTrue(render.json().getString("detail").contains("apt-get install espeak-ng"), render.toString());
        assertEquals(notices, mute.count("select count(*) from notice"), "nothing changed");
    }

    @Test
    void aCsvFileInChineseIsImportedAndAWrongNoticeIdNamesItsRow() {
        String header = "case_number,legal_basis,debtor_name,debtor_id_masked,debtor_is_adult,amount,currency,phones,"
                + "valid_from,valid_until,notice_id\n";
        String until = Instant.now().plus(Duration.ofDays(30)).toString();
        String wrong = header
                + "(2024)川0105执301号,(2023)川0105民初1号,赵六,****5678,true,100.00,CNY,13833330011,," + until + ",\n"
                + "(2024)川0105执302号,(2023)川0105民初2号,钱七,,true,2500,CNY,13833330012,," + until + ",999999\n";
        Response refused = api.send("POST", "/v1/cases/import", wuhou, "text/csv", wrong.getBytes(StandardCharsets.UTF_8),
                Map.of());
        assertEquals(422, refused.status(), refused.toString());
        assertEquals("row 3: notice_id", refused.json().getJsonArray("errors").getJsonObject(0).getString("field"),
                refused.toString());

        long tone = registry.uploadTone(wuhou);
        Response imported = api.send("POST", "/v1/cases/import", wuhou, "text/csv",
                wrong.replace("999999", Long.toString(tone)).getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(201, imported.status(), imported.toString());
        assertEquals("(2024)川0105执301号", imported.json().getJsonArray("cases").getJsonObject(0)
                .getString("caseNumber"));
    }
}
