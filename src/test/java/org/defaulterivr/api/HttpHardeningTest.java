package org.defaulterivr.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.ApiClient;
import org.defaulterivr.testing.ApiClient.Response;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.defaulterivr.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input over HTTP: injection strings in every text field and query parameter, oversized bodies. Each gets a
 * clean answer (never a 500, never a stack trace or SQL in the body), and the database is unharmed.
 */
class HttpHardeningTest {
    private static final List<String> HOSTILE = List.of(
            "' OR '1'='1",
            "'; DROP TABLE defaulter_case; --",
            "1; SELECT pg_sleep(5)",
            "\" OR \"\"=\"",
            "$1",
            "%' AND 1=1 --",
            "\\'; --",
            "Robert'); DELETE FROM registry_history; --",
            "a\u0000b",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "𝕏".repeat(50));
    private static final Set<String> TEXT_FIELDS = Set.of("caseNumber", "legalBasis", "debtorName", "debtorIdMasked",
            "currency", "amount", "validFrom", "validUntil");

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
        database = TestDatabase.create("http_hardening");
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

    private static void assertClean(Response response, String what) {
        assertTrue(response.status() < 500, what + " -> " + response);
        String body = response.text().toLowerCase(Locale.ROOT);
        for (String leak : List.of("exception", "\tat ", "at org.", "at io.vertx", "sqlstate", "syntax error",
                "psql", "pgexception", "insert into", "select ")) {
            assertFalse(body.contains(leak) && !body.contains("select pg_sleep"), what + " leaks '" + leak + "': "
                    + response);
        }
        if (response.status() >= 400) {
            assertEquals(Problem.CONTENT_TYPE, response.contentType(), what);
        }
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void injectionStringsInEveryFieldOfARegistrationAreRefusedOrStoredVerbatim() {
        long casesBefore = node.count("select count(*) from defaulter_case");
        long accepted = 0;
        for (String field : TEXT_FIELDS) {
            for (String hostile : HOSTILE) {
                JsonObject body = TestRegistry.caseBody("H-" + (++seq), "138" + String.format("%08d", seq))
                        .put("notice", new JsonObject().put("id", notice))
                        .put(field, hostile);
                Response response = api.post("/v1/cases", registry.courtA, body);
                assertClean(response, field + "=" + hostile);
                if (response.status() == 201) {
                    accepted++;
                    Response read = api.get("/v1/cases/" + response.json().getLong("id"), registry.courtA);
                    assertEquals(hostile, read.json().getString(field), "stored verbatim, not interpreted");
                }
            }
            JsonObject numbers = TestRegistry.caseBody("H-" + (++seq), "13800000001")
                    .put("notice", new JsonObject().put("id", notice))
                    .put("numbers", new JsonArray(List.copyOf(HOSTILE)));
            assertClean(api.post("/v1/cases", registry.courtA, numbers), "numbers");
        }
        assertEquals(casesBefore + accepted, node.count("select count(*) from defaulter_case"),
                "only the accepted registrations were stored, and the table is still there");
        assertTrue(node.count("select count(*) from registry_history") >= accepted);
    }

    @Test
    void injectionStringsInQueryParametersAndPathsGetCleanAnswers() {
        for (String hostile : HOSTILE) {
            for (String param : List.of("status", "number", "caseNumber", "numberState", "court", "cursor", "limit",
                    "page", "size")) {
                assertClean(api.get("/v1/cases?" + param + "=" + q(hostile), registry.auditor), param + "=" + hostile);
                assertClean(api.get("/v1/cases?" + param + "=" + q(hostile), registry.courtA), param + "=" + hostile);
            }
            for (String param : List.of("case", "cursor", "limit")) {
                assertClean(api.get("/v1/history?" + param + "=" + q(hostile), registry.auditor), param);
            }
            for (String param : List.of("court", "case", "calledNumber", "from", "to", "outcome", "cursor", "limit",
                    "format")) {
                assertClean(api.get("/v1/evidence/search?" + param + "=" + q(hostile), registry.auditor), param);
                assertClean(api.get("/v1/evidence/export?" + param + "=" + q(hostile), registry.auditor), param);
            }
            for (String query : List.of("/v1/log/proofs/inclusion?treeSize=1&seq=", "/v1/log/proofs/inclusion?seq=0&treeSize=",
                    "/v1/log/proofs/consistency?to=2&from=", "/v1/log/proofs/consistency?from=1&to=",
                    "/v1/log/tree-heads?from=", "/v1/log/tree-heads?limit=", "/v1/log/export?from=",
                    "/v1/log/export?heads=", "/v1/access-log?cursor=", "/v1/access-log?limit=")) {
                assertClean(api.get(query + q(hostile), registry.auditor), query + hostile);
            }
            String path = q(hostile).replace("+", "%20");
            for (String resource : List.of("/v1/cases/", "/v1/courts/", "/v1/notices/", "/notices/",
                    "/v1/stats/cases/", "/v1/stats/courts/")) {
                assertClean(api.get(resource + path, registry.auditor), resource + hostile);
            }
            assertClean(api.get("/v1/cases/" + path + "/evidence-bundle", registry.auditor), "bundle " + hostile);
            assertClean(api.post("/v1/reassigned-numbers", registry.carrier, new JsonObject().put("number", hostile)),
                    "reassigned " + hostile);
            if (hostile.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) { // what an HTTP client puts in a header
                assertClean(api.get("/v1/whoami", hostile), "token " + hostile);
            }
        }
        assertTrue(node.count("select count(*) from defaulter_case") >= 0, "tables intact");
    }

    @Test
    void oversizedAndMalformedBodiesAreProblemsNotFailures() {
        String huge = "x".repeat(200 * 1024);
        Response tooLarge = api.post("/v1/cases", registry.courtA, new JsonObject().put("debtorName", huge));
        assertEquals(413, tooLarge.status(), tooLarge.toString());
        assertClean(tooLarge, "huge body");
        for (String malformed : List.of("{", "[]", "null", "{\"caseNumber\": {\"$gt\": 1}}", "\u0000",
                "{\"amount\": 1e999999}", "{\"amount\": \"" + "9".repeat(100_000) + "\"}")) {
            Response response = api.send("POST", "/v1/cases", registry.courtA, "application/json",
                    malformed.getBytes(StandardCharsets.UTF_8), Map.of());
            assertClean(response, malformed);
            assertEquals(4, response.status() / 100, malformed + " -> " + response);
        }
    }
}
