package org.defaulterivr.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.ApiClient;
import org.defaulterivr.testing.ApiClient.Response;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.defaulterivr.testing.TestRegistry;
import org.defaulterivr.testing.Wavs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that used to get a 500 or be stored altered: each now gets a 4xx problem naming the field, and nothing
 * is stored. And the headers every answer carries: no caching of personal data, a strict Content-Security-Policy,
 * 405 with {@code Allow} for a method a resource does not have.
 */
class HostileRequestsTest {
    @TempDir
    static Path dataDir;
    static Database database;
    static TestNode node;
    static TestRegistry registry;
    static ApiClient api;
    static long notice;
    static int seq;

    @BeforeAll
    static void start() {
        database = TestDatabase.create("hostile_requests");
        node = TestNode.start(database, dataDir, TestRegistry.SETTINGS);
        registry = TestRegistry.setUp(node.httpPort());
        api = registry.api;
        notice = registry.uploadTone(registry.courtA);
    }

    @AfterAll
    static void stop() {
        node.close();
        database.close();
    }

    private static JsonObject body(String field, Object value) {
        seq++;
        return TestRegistry.caseBody("HR-" + seq, "138" + String.format("%08d", 10_000 + seq))
                .put("notice", new JsonObject().put("id", notice)).put(field, value);
    }

    /** A 4xx problem+json that names {@code field}, and nothing stored. */
    private static void assertRefused(Response response, String field, String what) {
        assertEquals(4, response.status() / 100, what + " -> " + response);
        assertEquals(Problem.CONTENT_TYPE, response.contentType(), what);
        assertTrue(response.json().getJsonArray("errors", new io.vertx.core.json.JsonArray()).stream()
                .map(e -> ((JsonObject) e).getString("field")).anyMatch(f -> f != null && f.startsWith(field)),
                what + " names " + field + ": " + response);
    }

    private static void assertNothingStored(Runnable requests) {
        long cases = node.count("select count(*) from defaulter_case");
        long notices = node.count("select count(*) from notice");
        long history = node.count("select count(*) from registry_history");
        requests.run();
        assertEquals(cases, node.count("select count(*) from defaulter_case"));
        assertEquals(notices, node.count("select count(*) from notice"));
        assertEquals(history, node.count("select count(*) from registry_history"));
    }

    @Test
    void hostileCaseFieldsGetAProblemNamingTheField() {
        assertNothingStored(() -> {
            assertRefused(api.post("/v1/cases", registry.courtA, body("validFrom", "+999999999-12-30T00:00:00Z")
                    .put("validUntil", "+999999999-12-31T00:00:00Z")), "validFrom", "the year +999999999");
            assertRefused(api.post("/v1/cases", registry.courtA, body("validUntil", "+100000-01-01T00:00:00Z")),
                    "validUntil", "the year 100000");
            assertRefused(api.post("/v1/cases", registry.courtA, body("amount", "0")), "amount", "a zero amount");
            assertRefused(api.post("/v1/cases", registry.courtA, body("debtorName", "Zhang San 110101199003071234")),
                    "debtorName", "an ID number in the name");
            assertRefused(api.post("/v1/cases", registry.courtA, body("numbers", new io.vertx.core.json.JsonArray()
                    .add("1380000ABCD"))), "numbers", "letters in a number");
            // a lone surrogate, as JSON escapes it (an encoder cannot produce it from a Java string)
            String lone = body("debtorName", "PLACEHOLDER").encode().replace("PLACEHOLDER", "Zhang \\ud800 San");
            assertRefused(api.send("POST", "/v1/cases", registry.courtA, "application/json",
                    lone.getBytes(StandardCharsets.UTF_8), Map.of()), "debtorName", "a lone surrogate");
            byte[] invalidUtf8 = body("debtorName", "Zhang PLACEHOLDER").encode().getBytes(StandardCharsets.UTF_8);
            String text = new String(invalidUtf8, StandardCharsets.ISO_8859_1).replace("PLACEHOLDER", "\u00ff\u00fe");
            Response badBytes = api.send("POST", "/v1/cases", registry.courtA, "application/json",
                    text.getBytes(StandardCharsets.ISO_8859_1), Map.of());
            assertEquals(400, badBytes.status(), "invalid UTF-8 is refused, not altered: " + badBytes);
            Response hugeExponent = api.send("POST", "/v1/cases", registry.courtA, "application/json",
                    "{\"amount\": 11463113765491467695340528e6264297815}".getBytes(StandardCharsets.UTF_8), Map.of());
            assertEquals(400, hugeExponent.status(), "an exponent out of range: " + hugeExponent);
        });
    }

    @Test
    void multipartFormsWithTooManyFieldsOrAWrongBoundaryAreRefused() {
        assertNothingStored(() -> {
            StringBuilder form = new StringBuilder();
            for (int i = 0; i < 20_000; i++) {
                form.append("--b0undary\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nx\r\n");
            }
            form.append("--b0undary--\r\n");
            Response many = api.send("POST", "/v1/notices", registry.courtA, "multipart/form-data; boundary=b0undary",
                    form.toString().getBytes(StandardCharsets.US_ASCII), Map.of());
            assertEquals(4, many.status() / 100, "20,000 fields -> " + many);
            assertEquals(Problem.CONTENT_TYPE, many.contentType());

            byte[] wav = Wavs.tone(8000, 1, 0.5, 440);
            ByteArrayOutputStream wrong = new ByteArrayOutputStream();
            wrong.writeBytes(("--other\r\nContent-Disposition: form-data; name=\"file\"; filename=\"n.wav\"\r\n"
                    + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            wrong.writeBytes(wav);
            wrong.writeBytes("\r\n--other--\r\n".getBytes(StandardCharsets.US_ASCII));
            Response boundary = api.send("POST", "/v1/notices", registry.courtA,
                    "multipart/form-data; boundary=b0undary", wrong.toByteArray(), Map.of());
            assertEquals(4, boundary.status() / 100, "a wrong boundary -> " + boundary);
            assertEquals(Problem.CONTENT_TYPE, boundary.contentType());
            Response noBoundary = api.send("POST", "/v1/notices", registry.courtA, "multipart/form-data",
                    wrong.toByteArray(), Map.of());
            assertEquals(4, noBoundary.status() / 100, "no boundary -> " + noBoundary);
        });
        assertEquals(201, registry.uploadTone(registry.courtA) > 0 ? 201 : 0, "uploads still work");
    }

    @Test
    void silentAndNotANumberRecordingsAreRefused() {
        assertNothingStored(() -> {
            assertRefused(api.send("POST", "/v1/notices", registry.courtA, "audio/wav", Wavs.tone(8000, 1, 1.0, 0),
                    Map.of()), "audio", "an all-silent recording");
            assertRefused(api.send("POST", "/v1/notices", registry.courtA, "audio/wav", floatWav(Float.NaN),
                    Map.of()), "audio", "NaN samples");
            assertRefused(api.send("POST", "/v1/notices", registry.courtA, "audio/wav",
                    floatWav(Float.POSITIVE_INFINITY), Map.of()), "audio", "infinite samples");
        });
    }

    @Test
    void everyAnswerForbidsCachingAndInlineScript() {
        for (Response response : List.of(api.get("/v1/cases", registry.auditor), api.get("/v1/whoami", registry.courtA),
                api.get("/v1/cases/1", registry.courtB), api.get("/v1/history", registry.auditor),
                api.get("/v1/cases", null), api.get("/health/live", null), api.get("/nowhere", null))) {
            assertEquals("no-store", response.header("Cache-Control"), response.toString());
            String csp = response.header("Content-Security-Policy");
            assertTrue(csp != null && csp.contains("default-src 'self'") && !csp.contains("unsafe-inline"),
                    "strict CSP: " + csp);
            assertEquals("nosniff", response.header("X-Content-Type-Options"));
            assertEquals(null, response.header("Strict-Transport-Security"), "no HSTS over plain HTTP");
        }
        Response audio = api.get("/v1/notices/" + notice + "/audio", registry.courtA);
        assertEquals(200, audio.status());
        assertEquals("no-store", audio.header("Cache-Control"), "a court's recording may speak the debtor's name");
    }

    @Test
    void aWrongMethodAnswers405WithAllow() {
        Response delete = api.send("DELETE", "/v1/cases", registry.courtA, null, null, Map.of());
        assertEquals(405, delete.status(), delete.toString());
        assertEquals(Problem.CONTENT_TYPE, delete.contentType());
        assertEquals(List.of("GET", "POST"), List.of(delete.header("Allow").split(",\\s*")).stream().sorted().toList());
        Response put = api.send("PUT", "/v1/cases/1", registry.courtA, "application/json", "{}".getBytes(), Map.of());
        assertEquals(405, put.status(), put.toString());
        assertTrue(put.header("Allow").contains("PATCH"), put.header("Allow"));
        Response health = api.send("POST", "/health/live", null, "application/json", "{}".getBytes(), Map.of());
        assertEquals(405, health.status(), health.toString());
        assertEquals("GET", health.header("Allow"));
        assertEquals(404, api.get("/v1/no-such-thing", registry.courtA).status(), "an unknown path is still 404");
    }

    /** A 32-bit float mono WAV at 8 kHz: half a second of a tone with one bad sample in the middle. */
    private static byte[] floatWav(float bad) {
        int frames = 4000;
        ByteBuffer b = ByteBuffer.allocate(44 + frames * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + frames * 4).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 3).putShort((short) 1)
                .putInt(8000).putInt(8000 * 4).putShort((short) 4).putShort((short) 32);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(frames * 4);
        for (int i = 0; i < frames; i++) {
            b.putFloat(i == frames / 2 ? bad : (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 8000.0)));
        }
        return b.array();
    }
}
