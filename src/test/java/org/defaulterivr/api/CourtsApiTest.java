package org.defaulterivr.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.defaulterivr.database.Database;
import org.defaulterivr.registry.CaseRepository;
import org.defaulterivr.testing.ApiClient;
import org.defaulterivr.testing.ApiClient.Response;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.defaulterivr.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry API on a real node and PostgreSQL, as courts, auditors, carriers and admins use it. */
class CourtsApiTest {
    @TempDir
    static Path dataDir;
    static Database database;
    static TestNode node;
    static TestRegistry registry;
    static ApiClient api;
    static long toneA;
    static long toneB;

    @BeforeAll
    static void start() {
        database = TestDatabase.create("courts_api");
        node = TestNode.start(database, dataDir, TestRegistry.SETTINGS);
        registry = TestRegistry.setUp(node.httpPort());
        api = registry.api;
        toneA = registry.uploadTone(registry.courtA);
        toneB = registry.uploadTone(registry.courtB);
    }

    @AfterAll
    static void stop() {
        node.close();
        database.close();
    }

    private static JsonObject register(String token, JsonObject body, long notice) {
        Response created = api.post("/v1/cases", token, body.put("notice", new JsonObject().put("id", notice)));
        assertEquals(201, created.status(), created.toString());
        assertEquals("\"1\"", created.header("ETag"));
        return created.json();
    }

    private static void assertProblem(Response response, int status, String... fields) {
        assertEquals(status, response.status(), response.toString());
        assertEquals("application/problem+json", response.contentType());
        JsonObject problem = response.json();
        assertEquals(status, problem.getInteger("status"));
        assertNotNull(problem.getString("detail"));
        for (String field : fields) {
            JsonArray errors = problem.getJsonArray("errors", new JsonArray());
            assertTrue(errors.stream().anyMatch(e -> field.equals(((JsonObject) e).getString("field"))),
                    "an error names " + field + ": " + problem.encodePrettily());
        }
    }

    private static Map<String, Long> rowCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : List.of("defaulter_case", "listed_number", "case_exempt_caller", "notice", "case_notice",
                "registry_history", "api_token", "court")) {
            counts.put(table, node.count("select count(*) from " + table));
        }
        return counts;
    }

    // ---- tokens ----

    @Test
    void missingWrongExpiredAndRevokedTokensGet401AndTokensAreStoredOnlyAsHashes() {
        assertProblem(api.get("/v1/whoami", null), 401);
        assertEquals("Bearer", api.get("/v1/whoami", null).header("WWW-Authenticate"));
        assertProblem(api.get("/v1/whoami", "divr_" + "x".repeat(43)), 401);
        assertProblem(api.get("/v1/whoami", "not a token"), 401);

        Response issued = api.post("/v1/tokens", TestRegistry.ADMIN_TOKEN, new JsonObject().put("role", "auditor")
                .put("label", "short-lived auditor").put("days", 1));
        assertEquals(201, issued.status(), issued.toString());
        String token = issued.json().getString("token");
        long id = issued.json().getLong("id");
        assertTrue(token.matches("divr_[A-Za-z0-9_-]{43}"), token);
        assertEquals("auditor", api.get("/v1/whoami", token).json().getString("role"));

        // only the SHA-256 is kept: the text appears nowhere in the database
        assertEquals(1, node.count("select count(*) from api_token where id = " + id
                + " and token_sha256 = sha256(convert_to('" + token + "', 'UTF8'))"));
        assertEquals(0, node.count("select count(*) from api_token where label like '%" + token + "%'"));
        assertEquals(0, node.count("select count(*) from registry_history where coalesce(before::text, '') || "
                + "coalesce(after::text, '') || coalesce(subject, '') like '%" + token.substring(5) + "%'"));
        assertEquals(0, node.count("select count(*) from registry_history where after::text like '%"
                + TestRegistry.ADMIN_TOKEN.substring(5) + "%'"));

        node.sql("update api_token set created_at = now() - interval '3 days', expires_at = now() - interval '1 day' "
                + "where id = $1", id);
        Response expired = api.get("/v1/whoami", token);
        assertProblem(expired, 401);
        assertTrue(expired.json().getString("detail").contains("expired"), expired.toString());

        String another = TestRegistry.token(api, "carrier", null);
        long anotherId = api.get("/v1/whoami", another).json().getLong("tokenId");
        assertEquals(200, api.post("/v1/tokens/" + anotherId + "/revoke", TestRegistry.ADMIN_TOKEN,
                new JsonObject()).status());
        Response revoked = api.get("/v1/whoami", another);
        assertProblem(revoked, 401);
        assertTrue(revoked.json().getString("detail").contains("revoked"), revoked.toString());
        assertEquals(404, api.post("/v1/tokens/" + anotherId + "/revoke", TestRegistry.ADMIN_TOKEN,
                new JsonObject()).status(), "revoked once only");
    }

    @Test
    void onlyAnAdminIssuesTokensAndCreatesCourts() {
        for (String token : List.of(registry.courtA, registry.auditor, registry.carrier)) {
            assertProblem(api.post("/v1/tokens", token, new JsonObject().put("role", "admin").put("label", "x")), 403);
            assertProblem(api.post("/v1/courts", token, new JsonObject().put("code", "court-x").put("name", "X")), 403);
            assertProblem(api.get("/v1/tokens", token), 403);
        }
        assertProblem(api.post("/v1/courts", TestRegistry.ADMIN_TOKEN,
                new JsonObject().put("code", "court-a").put("name", "again")), 409);
        assertProblem(api.post("/v1/tokens", TestRegistry.ADMIN_TOKEN,
                new JsonObject().put("role", "court").put("label", "no court")), 400, "court");
        JsonArray tokens = api.get("/v1/tokens", TestRegistry.ADMIN_TOKEN).json().getJsonArray("items");
        assertTrue(tokens.size() >= 5);
        assertFalse(tokens.encode().contains("divr_"), "token texts are never listed");
    }

    // ---- who may touch what ----

    @Test
    void courtACannotReadAmendOrDelistCourtBsCasesThroughAnyEndpoint() {
        JsonObject theirs = register(registry.courtB, TestRegistry.caseBody("B-ISO-1", "13811110001"), toneB);
        long id = theirs.getLong("id");
        String a = registry.courtA;
        Map<String, Long> before = rowCounts();

        List<Response> attempts = new ArrayList<>();
        attempts.add(api.get("/v1/cases/" + id, a));
        attempts.add(api.patch("/v1/cases/" + id, a, new JsonObject().put("amount", "1.00"), "\"1\""));
        attempts.add(api.post("/v1/cases/" + id + "/delist", a, new JsonObject().put("reason", "paid"), "\"1\""));
        attempts.add(api.post("/v1/cases/" + id + "/numbers/+8613811110001/confirm", a, new JsonObject(), "\"1\""));
        attempts.add(api.post("/v1/cases/" + id + "/numbers/+8613811110001/drop", a, new JsonObject(), "\"1\""));
        attempts.add(api.get("/v1/cases/" + id + "/notices", a));
        attempts.add(api.send("PUT", "/v1/cases/" + id + "/notice", a, "application/json",
                new JsonObject().put("id", toneA).encode().getBytes(StandardCharsets.UTF_8), Map.of("If-Match", "\"1\"")));
        attempts.add(api.get("/v1/notices/" + toneB, a));
        attempts.add(api.get("/v1/notices/" + toneB + "/audio", a));
        attempts.add(api.get("/v1/courts/court-b", a));
        attempts.add(api.send("PUT", "/v1/courts/court-b/notice-template", a, "application/json",
                new JsonObject().put("text", "{court} says {case}").encode().getBytes(StandardCharsets.UTF_8), Map.of()));
        for (Response attempt : attempts) {
            assertProblem(attempt, 404);
            assertFalse(attempt.text().contains("Zhang"), attempt.toString());
        }
        // using court B's recording for a court A case is refused too
        assertProblem(api.post("/v1/cases", a, TestRegistry.caseBody("A-ISO-1", "13811110002")
                .put("notice", new JsonObject().put("id", toneB))), 422, "notice.id");

        JsonObject listed = api.get("/v1/cases?caseNumber=B-ISO-1", a).json();
        assertEquals(0, listed.getJsonArray("items").size(), "court A's list holds none of court B's cases");
        assertEquals(0, api.get("/v1/history?case=" + id, a).json().getJsonArray("items").size());

        assertEquals(before, rowCounts(), "nothing changed");
        JsonObject still = api.get("/v1/cases/" + id, registry.courtB).json();
        assertEquals(1, still.getInteger("version"));
        assertEquals("active", still.getString("status"));
        assertEquals("1", api.get("/v1/cases/" + id, registry.courtB).header("ETag").replace("\"", ""));
    }

    @Test
    void anAuditorReadsEveryCourtButWritesNothing() {
        JsonObject theirs = register(registry.courtB, TestRegistry.caseBody("B-AUD-1", "13811110003"), toneB);
        long id = theirs.getLong("id");
        String auditor = registry.auditor;
        Response read = api.get("/v1/cases/" + id, auditor);
        assertEquals(200, read.status());
        assertEquals("Zhang San", read.json().getString("debtorName"), "auditors see personal data");

        Map<String, Long> before = rowCounts();
        assertProblem(api.post("/v1/cases", auditor, TestRegistry.caseBody("AUD-1", "13811110004")), 403);
        assertProblem(api.patch("/v1/cases/" + id, auditor, new JsonObject().put("amount", "1.00"), "\"1\""), 403);
        assertProblem(api.post("/v1/cases/" + id + "/delist", auditor, new JsonObject().put("reason", "paid"), "\"1\""),
                403);
        assertProblem(api.send("POST", "/v1/cases/import", auditor, "text/csv", "x".getBytes(), Map.of()), 403);
        assertProblem(api.send("POST", "/v1/notices", auditor, "audio/wav", new byte[100], Map.of()), 403);
        assertProblem(api.send("PUT", "/v1/exempt-callers/110", auditor, "application/json",
                "{\"label\":\"police\"}".getBytes(), Map.of()), 403);
        assertProblem(api.post("/v1/reassigned-numbers", auditor, new JsonObject().put("number", "13811110003")), 403);
        assertEquals(before, rowCounts());
        assertEquals(200, api.get("/v1/history?case=" + id, auditor).status());
        assertEquals(200, api.get("/v1/evidence/search", auditor).status());
    }

    @Test
    void aCarrierReportsReassignedNumbersButSeesNoPersonalData() {
        JsonObject listed = register(registry.courtA, TestRegistry.caseBody("A-CAR-1", "13811110005", "13811110006"),
                toneA);
        long id = listed.getLong("id");
        String carrier = registry.carrier;
        List<Response> reads = List.of(api.get("/v1/cases", carrier), api.get("/v1/cases/" + id, carrier),
                api.get("/v1/history", carrier), api.get("/v1/evidence/search", carrier),
                api.get("/v1/notices/" + toneA + "/audio", carrier), api.get("/v1/courts", carrier));
        for (Response read : reads) {
            assertProblem(read, 403);
        }

        Response reported = api.post("/v1/reassigned-numbers", carrier, new JsonObject().put("number", "13811110005"));
        Response notListed = api.post("/v1/reassigned-numbers", carrier, new JsonObject().put("number", "13811119999"));
        assertEquals(202, reported.status(), reported.toString());
        assertEquals(reported.json().fieldNames(), notListed.json().fieldNames(),
                "the answer does not tell whether the number was listed");
        for (Response r : List.of(reported, notListed)) {
            assertEquals(java.util.Set.of("number", "status"), r.json().fieldNames());
            for (String personal : List.of("Zhang", "123X", "12345.67", "debtor", "amount")) {
                assertFalse(r.text().contains(personal), r.toString());
            }
        }
        assertProblem(api.post("/v1/reassigned-numbers", carrier, new JsonObject().put("number", "12")), 422,
                "number");
    }

    // ---- bad input ----

    @Test
    void badCasesGetAClearProblemAndChangeNothing() {
        Map<String, Long> before = rowCounts();
        String a = registry.courtA;
        Instant now = Instant.now();
        record Bad(String why, JsonObject body, int status, String field) {
        }
        List<Bad> bads = List.of(
                new Bad("a minor", TestRegistry.caseBody("BAD-1", "13811110010").put("debtorIsAdult", false), 422,
                        "debtorIsAdult"),
                new Bad("no attestation", withoutField(TestRegistry.caseBody("BAD-2", "13811110010"), "debtorIsAdult"),
                        422, "debtorIsAdult"),
                new Bad("a full resident ID", TestRegistry.caseBody("BAD-3", "13811110010")
                        .put("debtorIdMasked", "110101199003071234"), 422, "debtorIdMasked"),
                new Bad("five unmasked digits", TestRegistry.caseBody("BAD-4", "13811110010")
                        .put("debtorIdMasked", "*************12345"), 422, "debtorIdMasked"),
                new Bad("a bad phone number", TestRegistry.caseBody("BAD-5", "13811110010", "12345"), 422,
                        "numbers[1]"),
                new Bad("a window over the maximum term", TestRegistry.caseBody("BAD-6", "13811110010")
                        .put("validFrom", now.toString()).put("validUntil", now.plus(Duration.ofDays(731)).toString()),
                        422, "validUntil"),
                new Bad("a negative amount", TestRegistry.caseBody("BAD-7", "13811110010").put("amount", "-0.01"), 422,
                        "amount"),
                new Bad("three decimals", TestRegistry.caseBody("BAD-8", "13811110010").put("amount", "1.005"), 422,
                        "amount"),
                new Bad("an amount of the wrong type", TestRegistry.caseBody("BAD-9", "13811110010").put("amount", true),
                        400, "amount"),
                new Bad("an unknown field", TestRegistry.caseBody("BAD-10", "13811110010").put("ssn", "x"), 400,
                        "ssn"));
        for (Bad bad : bads) {
            Response response = api.post("/v1/cases", a, bad.body().put("notice", new JsonObject().put("id", toneA)));
            assertProblem(response, bad.status(), bad.field());
        }
        assertProblem(api.send("POST", "/v1/cases", a, "application/json", "{\"caseNumber\": ".getBytes(), Map.of()),
                400);
        assertProblem(api.send("POST", "/v1/cases", a, "text/plain", "hello".getBytes(), Map.of()), 415);
        assertProblem(api.send("POST", "/v1/cases", a, "application/json", new byte[70 * 1024], Map.of()), 413);

        Response many = api.post("/v1/cases", a, new JsonObject().put("debtorIsAdult", false).put("amount", "-5")
                .put("numbers", new JsonArray().add("1").add("13811110010").add("999")));
        assertProblem(many, 422, "caseNumber", "legalBasis", "debtorName", "debtorIsAdult", "amount", "currency",
                "numbers[0]", "numbers[2]", "validUntil");
        JsonObject phone = many.json().getJsonArray("errors").stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("field").equals("numbers[0]")).findFirst().orElseThrow();
        assertTrue(phone.getString("code").startsWith("phone."), "a stable code beside the English message: "
                + phone.encode());
        assertTrue(phone.getString("message").contains("is not a"), phone.encode());
        assertEquals(before, rowCounts(), "no row anywhere was added or changed");
    }

    private static JsonObject withoutField(JsonObject body, String field) {
        body.remove(field);
        return body;
    }

    // ---- amendments, concurrency, delisting, history ----

    @Test
    void twoClerksCannotOverwriteEachOtherAndAmountsStayExact() {
        JsonObject created = register(registry.courtA, TestRegistry.caseBody("A-CONC-1", "13811110020"), toneA);
        String path = "/v1/cases/" + created.getLong("id");
        assertProblem(api.patch(path, registry.courtA, new JsonObject().put("amount", "1.00"), null), 428);

        Response first = api.patch(path, registry.courtA, new JsonObject().put("amount", "9999999999999999.99"), "\"1\"");
        assertEquals(200, first.status(), first.toString());
        assertEquals("\"2\"", first.header("ETag"));
        Response second = api.patch(path, registry.courtA, new JsonObject().put("amount", "1.00"), "\"1\"");
        assertProblem(second, 412);

        assertEquals("9999999999999999.99", api.get(path, registry.courtA).json().getString("amount"));
        assertEquals(1, node.count("select count(*) from defaulter_case where case_number = 'A-CONC-1' "
                + "and amount = 9999999999999999.99::numeric"), "stored exactly, no floating point on the way");

        Response third = api.patch(path, registry.courtA, new JsonObject().put("amount", 0.1).put("version", 2)
                .put("numbers", new JsonArray().add("13811110021")), null);
        assertEquals(200, third.status(), third.toString());
        JsonObject amended = third.json();
        assertEquals("0.10", amended.getString("amount"));
        assertEquals(List.of("removed", "active"), amended.getJsonArray("numbers").stream()
                .map(n -> ((JsonObject) n).getString("state")).toList(), "+8613811110020 removed, ...21 added");
    }

    @Test
    void delistingKeepsTheCaseAndItsHistoryWhichAuditorsAloneSeeInFull() {
        JsonObject created = register(registry.courtA, TestRegistry.caseBody("A-DEL-1", "13811110030"), toneA);
        long id = created.getLong("id");
        String path = "/v1/cases/" + id;
        assertProblem(api.post(path + "/delist", registry.courtA, new JsonObject().put("reason", "bored"), "\"1\""),
                400, "reason");
        Response delisted = api.post(path + "/delist", registry.courtA,
                new JsonObject().put("reason", "paid").put("note", "paid in full"), "\"1\"");
        assertEquals(200, delisted.status(), delisted.toString());
        assertEquals("satisfied", delisted.json().getString("status"));
        assertEquals("paid: paid in full", delisted.json().getString("statusReason"));
        assertProblem(api.post(path + "/delist", registry.courtA, new JsonObject().put("reason", "paid"), "\"2\""), 409);
        assertProblem(api.patch(path, registry.courtA, new JsonObject().put("amount", "1.00"), "\"2\""), 409);
        assertEquals(1, node.count("select count(*) from defaulter_case where id = " + id), "never deleted");
        assertThrows(AssertionError.class, () -> node.sql("delete from defaulter_case where id = $1", id));

        JsonArray full = api.get("/v1/history?case=" + id, registry.auditor).json().getJsonArray("items");
        assertEquals(List.of("case.register", "case.delist"),
                full.stream().map(e -> ((JsonObject) e).getString("action")).toList());
        JsonObject delist = full.getJsonObject(1);
        assertEquals("court court-a", delist.getJsonObject("actor").getString("label"));
        assertEquals("active", delist.getJsonObject("before").getString("status"));
        assertEquals("satisfied", delist.getJsonObject("after").getString("status"));
        assertEquals("Zhang San", delist.getJsonObject("after").getString("debtorName"));

        for (String reader : List.of(registry.courtA, TestRegistry.ADMIN_TOKEN)) {
            JsonArray redacted = api.get("/v1/history?case=" + id, reader).json().getJsonArray("items");
            assertEquals(2, redacted.size());
            JsonObject after = redacted.getJsonObject(1).getJsonObject("after");
            assertEquals("[redacted]", after.getString("debtorName"));
            assertEquals("[redacted]", after.getString("debtorIdMasked"));
            assertEquals("[redacted]", after.getString("amount"));
            assertEquals("[redacted]", after.getString("numbers"));
            assertFalse(redacted.encode().contains("Zhang"));
        }
        // the history is append-only, even for someone at a SQL prompt
        assertThrows(AssertionError.class, () -> node.sql("update registry_history set actor = 'x' where case_id = $1", id));
        assertThrows(AssertionError.class, () -> node.sql("delete from registry_history where case_id = $1", id));
        assertThrows(AssertionError.class, () -> node.sql("truncate registry_history"));
        assertEquals(2, node.count("select count(*) from registry_history where case_id = " + id));
    }

    @Test
    void listsArePagedAndFiltered() {
        for (int i = 1; i <= 3; i++) {
            register(registry.courtA, TestRegistry.caseBody("A-LIST-" + i, "1381111004" + i), toneA);
        }
        JsonObject page1 = api.get("/v1/cases?limit=2", registry.courtA).json();
        assertEquals(2, page1.getJsonArray("items").size());
        assertNotNull(page1.getString("next"));
        List<String> all = new ArrayList<>();
        String next = null;
        do {
            JsonObject page = api.get("/v1/cases?limit=2" + (next == null ? "" : "&after=" + next), registry.courtA)
                    .json();
            page.getJsonArray("items").forEach(c -> all.add(((JsonObject) c).getString("caseNumber")));
            next = page.getString("next");
        } while (next != null);
        assertTrue(all.containsAll(List.of("A-LIST-1", "A-LIST-2", "A-LIST-3")));
        assertTrue(all.stream().noneMatch(n -> n.startsWith("B-")));

        JsonArray byNumber = api.get("/v1/cases?number=13811110042", registry.courtA).json().getJsonArray("items");
        assertEquals(1, byNumber.size());
        assertEquals("A-LIST-2", byNumber.getJsonObject(0).getString("caseNumber"));
        assertEquals(1, api.get("/v1/cases?caseNumber=A-LIST-3", registry.courtA).json().getJsonArray("items").size());
        assertEquals(0, api.get("/v1/cases?caseNumber=A-LIST-3&status=withdrawn", registry.courtA).json()
                .getJsonArray("items").size());
        assertProblem(api.get("/v1/cases?status=gone", registry.courtA), 400, "status");
        assertProblem(api.get("/v1/cases?limit=0", registry.courtA), 400, "limit");
        assertTrue(api.get("/v1/cases?court=court-b", registry.auditor).json().getJsonArray("items").stream()
                .allMatch(c -> "court-b".equals(((JsonObject) c).getString("court"))));
    }

    // ---- bulk import ----

    @Test
    void aCsvImportIsCheckedWholeAndImportedAllOrNothing() {
        String header = "case_number,legal_basis,debtor_name,debtor_id_masked,debtor_is_adult,amount,currency,phones,"
                + "valid_from,valid_until,notice_id\n";
        Instant from = Instant.now().minusSeconds(60);
        Instant until = Instant.now().plus(Duration.ofDays(30));
        String good1 = "CSV-1,Ruling 1,Li Si,****5678,true,100.00,CNY,13811110050;13811110051," + from + "," + until
                + "," + toneA + "\n";
        String good2 = "CSV-2,Ruling 2,\"Wang, Wu\",,yes,0.5,CNY,13811110052," + from + "," + until + "," + toneA + "\n";
        String badPhone = "CSV-3,Ruling 3,Zhao Liu,****0001,true,1.00,CNY,13811110053;12345," + from + "," + until
                + "," + toneA + "\n";
        String minor = "CSV-4,Ruling 4,Sun Qi,****0002,false,1.00,CNY,13811110054," + from + "," + until + ","
                + toneA + "\n";
        String duplicate = "CSV-1,Ruling 5,Zhou Ba,****0003,true,1.00,CNY,13811110055," + from + "," + until + ","
                + toneA + "\n";
        Map<String, Long> before = rowCounts();

        Response refused = api.send("POST", "/v1/cases/import", registry.courtA, "text/csv",
                (header + good1 + good2 + badPhone + minor + duplicate).getBytes(StandardCharsets.UTF_8), Map.of());
        assertProblem(refused, 422, "row 4: phones", "row 5: debtor_is_adult", "row 6: case_number");
        assertTrue(refused.text().contains("12345"), "the bad number is named: " + refused);
        assertEquals(before, rowCounts(), "nothing imported");

        assertProblem(api.send("POST", "/v1/cases/import", registry.courtA, "text/csv",
                "case_number,amount\nX,1\n".getBytes(StandardCharsets.UTF_8), Map.of()), 422, "header");
        assertProblem(api.send("POST", "/v1/cases/import", registry.courtA, "application/json",
                "{}".getBytes(StandardCharsets.UTF_8), Map.of()), 415);

        Response imported = api.send("POST", "/v1/cases/import", registry.courtA, "text/csv",
                ("\uFEFF" + header + good1 + good2).getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(201, imported.status(), imported.toString());
        assertEquals(2, imported.json().getInteger("imported"));
        JsonObject second = api.get("/v1/cases?caseNumber=CSV-2", registry.courtA).json().getJsonArray("items")
                .getJsonObject(0);
        assertEquals("Wang, Wu", second.getString("debtorName"));
        assertEquals("0.50", second.getString("amount"));
        assertEquals(before.get("defaulter_case") + 2, node.count("select count(*) from defaulter_case"));

        Response again = api.send("POST", "/v1/cases/import", registry.courtA, "text/csv",
                (header + good1).getBytes(StandardCharsets.UTF_8), Map.of());
        assertProblem(again, 422, "row 2: case_number");
    }

    // ---- safeguards ----

    @Test
    void aReassignedNumberIsSuspendedEverywhereUntilTheCourtConfirmsOrDropsIt() {
        JsonObject created = register(registry.courtA, TestRegistry.caseBody("A-REA-1", "13811110060", "13811110061"),
                toneA);
        long id = created.getLong("id");
        Await.until(Duration.ofSeconds(2), () -> listed("+8613811110060"));

        assertEquals(202, api.post("/v1/reassigned-numbers", registry.carrier,
                new JsonObject().put("number", "+8613811110060")).status());
        Await.until(Duration.ofSeconds(1), () -> !listed("+8613811110060"));
        assertTrue(listed("+8613811110061"), "the case's other number stays listed");

        JsonObject suspended = api.get("/v1/cases/" + id, registry.courtA).json();
        assertEquals(2, suspended.getInteger("version"));
        assertEquals("suspended", suspended.getJsonArray("numbers").getJsonObject(0).getString("state"));
        assertEquals(1, api.get("/v1/cases?numberState=suspended", registry.courtA).json().getJsonArray("items")
                .size());

        Response confirmed = api.post("/v1/cases/" + id + "/numbers/+8613811110060/confirm", registry.courtA,
                new JsonObject(), "\"2\"");
        assertEquals(200, confirmed.status(), confirmed.toString());
        Await.until(Duration.ofSeconds(1), () -> listed("+8613811110060"));

        api.post("/v1/reassigned-numbers", registry.carrier, new JsonObject().put("number", "13811110060"));
        Await.until(Duration.ofSeconds(1), () -> !listed("+8613811110060"));
        Response dropped = api.post("/v1/cases/" + id + "/numbers/%2B8613811110060/drop", registry.courtA,
                new JsonObject().put("version", 4), null);
        assertEquals(200, dropped.status(), dropped.toString());
        assertEquals("removed", dropped.json().getJsonArray("numbers").getJsonObject(0).getString("state"));
        assertProblem(api.post("/v1/cases/" + id + "/numbers/+8613811110060/confirm", registry.courtA,
                new JsonObject(), "\"5\""), 409);
    }

    private static boolean listed(String e164) {
        return node.service.index().find(e164, Instant.now(), l -> true).isPresent();
    }

    @Test
    void anAdminKeepsTheGlobalAllowlistAndEveryNodeLoadsIt() {
        String path = "/v1/exempt-callers/12345";
        Response put = api.send("PUT", path, TestRegistry.ADMIN_TOKEN, "application/json",
                "{\"label\":\"city hotline\"}".getBytes(), Map.of());
        assertEquals(200, put.status(), put.toString());
        Await.until(Duration.ofSeconds(1), () -> node.service.index().exemptCallers().contains("12345"));
        api.send("PUT", "/v1/exempt-callers/13811110070", TestRegistry.ADMIN_TOKEN, "application/json",
                "{\"label\":\"legal aid\"}".getBytes(), Map.of());
        Await.until(Duration.ofSeconds(1), () -> node.service.index().exemptCallers().contains("+8613811110070"));
        assertEquals(2, api.get("/v1/exempt-callers", registry.auditor).json().getJsonArray("items").size());
        assertEquals(204, api.send("DELETE", path, TestRegistry.ADMIN_TOKEN, null, null, Map.of()).status());
        Await.until(Duration.ofSeconds(1), () -> !node.service.index().exemptCallers().contains("12345"));
        assertProblem(api.send("DELETE", path, TestRegistry.ADMIN_TOKEN, null, null, Map.of()), 404);
        assertProblem(api.send("PUT", "/v1/exempt-callers/abc", TestRegistry.ADMIN_TOKEN, "application/json",
                "{\"label\":\"x\"}".getBytes(), Map.of()), 400, "caller");
    }

    @Test
    void aCourtSetsItsOwnWordingAndMaySpeakTheDebtorOnlyIfItOptsIn() {
        String path = "/v1/courts/court-a/notice-template";
        Response refused = api.send("PUT", path, registry.courtA, "application/json",
                new JsonObject().put("text", "{debtor}, pay the court {court} in case {case}.").encode().getBytes(),
                Map.of());
        assertProblem(refused, 422);
        assertTrue(refused.json().getString("detail").contains("{debtor}"), refused.toString());
        Response set = api.send("PUT", path, registry.courtA, "application/json",
                new JsonObject().put("text", "{court} lists this number in case {case}.").encode().getBytes(),
                Map.of());
        assertEquals(200, set.status(), set.toString());
        assertEquals("{court} lists this number in case {case}.",
                api.get("/v1/courts/court-a", registry.courtA).json().getJsonObject("noticeTemplate").getString("text"));
        Response reset = api.send("PUT", path, registry.courtA, "application/json", "{}".getBytes(), Map.of());
        assertFalse(reset.json().getJsonObject("noticeTemplate").getBoolean("custom"));
    }

    @Test
    void theExpiryJobMarksEndedWindowsExpiredAndSaysSoInTheHistory() throws InterruptedException {
        Instant now = Instant.now();
        JsonObject created = register(registry.courtA, TestRegistry.caseBody("A-EXP-1", "13811110080")
                .put("validFrom", now.minusSeconds(10).toString())
                .put("validUntil", now.plusMillis(1500).toString()), toneA);
        long id = created.getLong("id");
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), now.plusMillis(1600)).toMillis()));
        // the node's own job runs every 30 s; run it now, as it would
        Await.result(new CaseRepository(node.pool()).expireEnded(Instant.now()));
        JsonObject read = api.get("/v1/cases/" + id, registry.courtA).json();
        assertEquals("expired", read.getString("status"));
        JsonArray history = api.get("/v1/history?case=" + id, registry.auditor).json().getJsonArray("items");
        JsonObject last = history.getJsonObject(history.size() - 1);
        assertEquals("case.expire", last.getString("action"));
        assertEquals("system:expiry", last.getJsonObject("actor").getString("label"));
        assertNull(last.getJsonObject("actor").getLong("tokenId"));
        assertEquals(0, (int) Await.result(new CaseRepository(node.pool()).expireEnded(Instant.now())),
                "a second run (another node) finds nothing to do");
    }

    @Test
    void theOpenApiDocumentIsServedWithoutAToken() {
        Response doc = api.get("/v1/openapi.yaml", null);
        assertEquals(200, doc.status());
        assertTrue(doc.text().startsWith("openapi: 3"));
        assertProblem(api.get("/v1/no-such-thing", TestRegistry.ADMIN_TOKEN), 404);
    }
}
