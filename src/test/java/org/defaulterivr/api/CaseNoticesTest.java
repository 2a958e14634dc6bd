package org.defaulterivr.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.sound.sampled.AudioFormat;
import org.defaulterivr.database.Database;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notices end to end: rendered by FreeTTS or uploaded, converted to telephony audio, fetched back, and played on
 * the FastAGI path, which follows each new version and spares exempt and repeat callers.
 */
class CaseNoticesTest {
    /** What a listed number's call sends when this caller hears no notice. */
    private static final List<String> SPARED = List.of("SET VARIABLE \"DEFAULTER_NOTICE\" \"none\"");
    private static final AtomicInteger CALLS = new AtomicInteger();

    @TempDir
    static Path dataDir;
    static Database database;
    static TestNode node;
    static TestRegistry registry;
    static ApiClient api;

    @BeforeAll
    static void start() {
        database = TestDatabase.create("case_notices");
        node = TestNode.start(database, dataDir, TestRegistry.SETTINGS);
        registry = TestRegistry.setUp(node.httpPort());
        api = registry.api;
    }

    @AfterAll
    static void stop() {
        node.close();
        database.close();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void assertTelephonyWav(byte[] wav) {
        AudioFormat format = Wavs.format(wav);
        assertEquals(8000f, format.getSampleRate());
        assertEquals(1, format.getChannels());
        assertEquals(16, format.getSampleSizeInBits());
        assertEquals(AudioFormat.Encoding.PCM_SIGNED, format.getEncoding());
    }

    /** A call to {@code called} from {@code caller}, as Asterisk makes it. */
    private static Transcript call(String called, String caller) throws IOException {
        String id = "1795390000." + CALLS.incrementAndGet();
        UnaryOperator<String> env = FixtureAsterisk.calling(called, id);
        return FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(),
                line -> line.startsWith("agi_callerid: ") ? "agi_callerid: " + caller : env.apply(line));
    }

    private static String playedFile(Transcript t) {
        return t.commands().stream().filter(c -> c.startsWith("STREAM FILE")).findFirst().orElse(null);
    }

    @Test
    void anUploaded441kHzStereoRecordingBecomes8kHzMonoOfTheSameLength() throws Exception {
        byte[] upload = Wavs.tone(44100, 2, 3.0, 440);
        assertEquals(44100f, Wavs.format(upload).getSampleRate());
        assertEquals(2, Wavs.format(upload).getChannels());
        JsonObject created = api.post("/v1/cases", registry.courtA, TestRegistry.caseBody("N-UP-1", "13822220001")
                .put("notice", new JsonObject().put("id", registry.uploadTone(registry.courtA)))).json();

        Response replaced = api.send("PUT", "/v1/cases/" + created.getLong("id") + "/notice", registry.courtA,
                "audio/wav", upload, Map.of("If-Match", "\"1\""));
        assertEquals(200, replaced.status(), replaced.toString());
        JsonObject notice = replaced.json().getJsonObject("notice");
        assertEquals("upload", notice.getString("source"));
        assertEquals(3000, notice.getLong("durationMs"), 10);

        Response audio = api.get("/v1/notices/" + notice.getLong("id") + "/audio", registry.courtA);
        assertEquals(200, audio.status());
        assertEquals("audio/wav", audio.contentType());
        assertTelephonyWav(audio.body());
        assertEquals(3000, Wavs.durationMs(audio.body()), 10, "as long as the upload");
        assertEquals(notice.getString("sha256"), sha256(audio.body()), "content-addressed");
        assertArrayEquals(audio.body(), Files.readAllBytes(dataDir.resolve("notices")
                .resolve(notice.getString("sha256") + ".wav")), "where the call path plays it from");
        assertEquals(2, api.get("/v1/cases/" + created.getLong("id") + "/notices", registry.courtA).json()
                .getJsonArray("items").size(), "two versions");
    }

    @Test
    void aMultipartUploadWorksLikeARawOne() throws Exception {
        byte[] upload = Wavs.tone(22050, 1, 1.5, 300);
        String boundary = "----divr-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notice.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(upload);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        Response uploaded = api.send("POST", "/v1/notices", registry.courtA, "multipart/form-data; boundary=" + boundary,
                body.toByteArray(), Map.of());
        assertEquals(201, uploaded.status(), uploaded.toString());
        assertEquals(1500, uploaded.json().getLong("durationMs"), 10);
        Await.until(Duration.ofSeconds(2), () -> {
            try (var files = Files.list(dataDir.resolve("uploads"))) {
                return files.findAny().isEmpty();
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void recordingsThatCannotBeUsedAreRefusedAndChangeNothing() {
        long notices = node.count("select count(*) from notice");
        Response notWav = api.send("POST", "/v1/notices", registry.courtA, "audio/wav",
                "ID3 this is an mp3".getBytes(StandardCharsets.US_ASCII), Map.of());
        assertEquals(422, notWav.status(), notWav.toString());
        assertEquals("application/problem+json", notWav.contentType());
        Response tooLong = api.send("POST", "/v1/notices", registry.courtA, "audio/wav", Wavs.tone(8000, 1, 121, 440),
                Map.of());
        assertEquals(422, tooLong.status(), tooLong.toString());
        assertTrue(tooLong.json().getString("detail").contains("at most"), tooLong.toString());
        Response tooBig = api.send("POST", "/v1/notices", registry.courtA, "audio/wav", new byte[11 * 1024 * 1024],
                Map.of());
        assertEquals(413, tooBig.status());
        assertEquals(415, api.send("POST", "/v1/notices", registry.courtA, "audio/mpeg", new byte[10], Map.of())
                .status());
        assertEquals(notices, node.count("select count(*) from notice"));
    }

    @Test
    void aRenderedNoticeIsTelephonyAudioAndTheCallPathPlaysEachNewVersion() throws Exception {
        JsonObject created = api.post("/v1/cases", registry.courtA, TestRegistry.caseBody("N-TTS-1", "13822220002"))
                .json();
        long id = created.getLong("id");
        JsonObject first = created.getJsonObject("notice");
        assertEquals("tts", first.getString("source"));
        byte[] spoken = api.get("/v1/notices/" + first.getLong("id") + "/audio", registry.courtA).body();
        assertTelephonyWav(spoken);
        assertEquals(first.getLong("durationMs"), Wavs.durationMs(spoken), 1);
        assertTrue(first.getLong("durationMs") > 4000, "the stock wording takes seconds to say");

        Await.until(Duration.ofSeconds(2), () -> node.service.index().find("+8613822220002", Instant.now(), l -> true)
                .isPresent());
        Transcript before = call("13822220002", "sipp");
        assertEquals("STREAM FILE \"defaulter-ivr/" + first.getString("sha256") + "\" \"\"", playedFile(before));

        Response amended = api.patch("/v1/cases/" + id, registry.courtA, new JsonObject()
                .put("notice", new JsonObject().put("template", "Court {court}, case {case}: please pay.")), "\"1\"");
        assertEquals(200, amended.status(), amended.toString());
        String newSha = amended.json().getJsonObject("notice").getString("sha256");
        assertNotEquals(first.getString("sha256"), newSha);
        Await.until(Duration.ofSeconds(1), () -> node.service.index().find("+8613822220002", Instant.now(), l -> true)
                .map(l -> l.notice().sha256().equals(newSha)).orElse(false));

        String callId = "1795390000." + CALLS.incrementAndGet();
        Transcript after = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(),
                "13822220002", callId);
        assertEquals("STREAM FILE \"defaulter-ivr/" + newSha + "\" \"\"", playedFile(after));
        Await.until(Duration.ofSeconds(5), () -> node.evidence(callId).isPresent());
        Row evidence = node.evidence(callId).orElseThrow();
        assertEquals(newSha, evidence.getString("notice_sha256"), "the evidence names the exact version");
        assertEquals(amended.json().getJsonObject("notice").getLong("id"), evidence.getLong("notice_id"));
    }

    @Test
    void theCourtsCounselAndRepeatCallersConnectWithoutTheNotice() throws Exception {
        long tone = registry.uploadTone(registry.courtA);
        api.post("/v1/cases", registry.courtA, TestRegistry.caseBody("N-EX-1", "13822220003")
                .put("exemptCallers", new io.vertx.core.json.JsonArray().add("13922220009"))
                .put("notice", new JsonObject().put("id", tone)));
        Await.until(Duration.ofSeconds(2), () -> node.service.index().find("+8613822220003", Instant.now(), l -> true)
                .isPresent());

        // the dialplan hears "none" and no case: naming the case would tell the carrier whom the court exempted
        assertEquals(SPARED, call("13822220003", "13922220009").commands(), "counsel never hears it");
        assertEquals(SPARED, call("13822220003", "110").commands(), "nor does the police");
        double repeatsBefore = node.service.meters().counter("divr_repeat_calls_total").count();
        Transcript first = call("13822220003", "13922220001");
        assertTrue(playedFile(first) != null, "a caller hears it the first time: " + first.commands());
        Transcript again = call("13822220003", "13922220001");
        assertEquals(SPARED, again.commands(), "and not again within the period");
        assertEquals(repeatsBefore + 1, node.service.meters().counter("divr_repeat_calls_total").count());
        assertTrue(playedFile(call("13822220003", "13922220002")) != null, "another caller still hears it");
        assertTrue(playedFile(call("13822220003", "sipp")) != null, "callers without a number cannot be told apart");
        assertTrue(playedFile(call("13822220003", "sipp")) != null);
    }

    @Test
    void aNodeStartedLaterKnowsFromTheEvidenceWhoHeardTheNoticeRecently(@TempDir Path otherDataDir) throws Exception {
        long tone = registry.uploadTone(registry.courtA);
        api.post("/v1/cases", registry.courtA, TestRegistry.caseBody("N-SEED-1", "13822220004")
                .put("notice", new JsonObject().put("id", tone)));
        Await.until(Duration.ofSeconds(2), () -> node.service.index().find("+8613822220004", Instant.now(), l -> true)
                .isPresent());
        assertTrue(playedFile(call("13822220004", "13922220005")) != null);
        Await.until(Duration.ofSeconds(5), () -> node.count("select count(*) from evidence_record where case_number "
                + "= 'N-SEED-1'") == 1);

        // nodes that share the pseudonym key recognise each other's callers
        Path key = otherDataDir.resolve("keys/pseudonym.key");
        Files.createDirectories(key.getParent());
        Files.copy(dataDir.resolve("keys/pseudonym.key"), key);
        TestNode later = TestNode.start(database, otherDataDir, TestRegistry.SETTINGS);
        try {
            Transcript repeat = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), later.agiPort(),
                    line -> line.startsWith("agi_callerid: ") ? "agi_callerid: 13922220005"
                            : FixtureAsterisk.calling("13822220004", "1795390000." + CALLS.incrementAndGet()).apply(line));
            assertEquals(SPARED, repeat.commands(), "the caller heard it on the other node an instant ago");
        } finally {
            later.close();
        }
    }
}
