package org.defaulterivr.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.util.List;
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
 * Every read of personal data is in the access log: auditors' (and courts') reads of cases, number searches, the
 * registry's history and a notice's audio, each with who read, what they asked and how many records they got.
 */
class PersonalDataReadsTest {
    @TempDir
    static Path dataDir;
    static Database database;
    static TestNode node;
    static TestRegistry registry;
    static ApiClient api;
    static long caseId;

    @BeforeAll
    static void start() {
        database = TestDatabase.create("personal_data_reads");
        node = TestNode.start(database, dataDir, TestRegistry.SETTINGS);
        registry = TestRegistry.setUp(node.httpPort());
        api = registry.api;
        long notice = registry.uploadTone(registry.courtA);
        Response created = api.post("/v1/cases", registry.courtA, TestRegistry.caseBody("R-1", "13800000077")
                .put("notice", new JsonObject().put("id", notice)));
        assertEquals(201, created.status(), created.toString());
        caseId = created.json().getLong("id");
    }

    @AfterAll
    static void stop() {
        node.close();
        database.close();
    }

    /** The access-log entries written while {@code read} ran: action, principal, query (as text), records. */
    private static List<Row> logged(Runnable read) {
        long before = node.count("select coalesce(max(id), 0) from access_log");
        read.run();
        return node.rows("select action, principal, query::text as query, records from access_log where id > "
                + before + " order by id");
    }

    private static Row one(List<Row> entries, String action) {
        assertEquals(1, entries.size(), entries.toString());
        assertEquals(action, entries.get(0).getString("action"));
        return entries.get(0);
    }

    @Test
    void anAuditorsReadOfACaseIsLogged() {
        Row entry = one(logged(() -> assertEquals(200, api.get("/v1/cases/" + caseId, registry.auditor).status())),
                "cases.read");
        assertTrue(entry.getString("principal").contains("(auditor)"), entry.getString("principal"));
        assertTrue(entry.getString("query").contains("/v1/cases/" + caseId));
        assertEquals(1L, entry.getLong("records"));
    }

    @Test
    void aNumberSearchIsLoggedWithTheNumberAskedFor() {
        Row entry = one(logged(() -> assertEquals(200,
                api.get("/v1/cases?number=%2B8613800000077", registry.auditor).status())), "cases.search-number");
        assertTrue(entry.getString("query").contains("+8613800000077"), entry.getString("query"));
        assertEquals(1L, entry.getLong("records"));
        one(logged(() -> api.get("/v1/cases?status=active", registry.auditor)), "cases.list");
    }

    @Test
    void readingTheHistoryIsLogged() {
        Row entry = one(logged(() -> assertEquals(200, api.get("/v1/history?case=" + caseId, registry.auditor)
                .status())), "history.list");
        assertTrue(entry.getLong("records") >= 1);
    }

    @Test
    void aCourtsReadsAndANoticesAudioAreLoggedToo() {
        one(logged(() -> assertEquals(200, api.get("/v1/cases/" + caseId, registry.courtA).status())), "cases.read");
        long notice = api.get("/v1/cases/" + caseId, registry.courtA).json().getJsonObject("notice").getLong("id");
        one(logged(() -> assertEquals(200, api.get("/v1/notices/" + notice + "/audio", registry.auditor).status())),
                "notices.audio");
    }

    @Test
    void aRefusedReadIsNotLoggedAsARead() {
        assertEquals(List.of(), logged(() -> assertEquals(404, api.get("/v1/cases/" + caseId, registry.courtB)
                .status())), "another court's case: nothing was read");
    }
}
