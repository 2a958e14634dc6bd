package org.defaulterivr.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A row the index cannot load (a window ending in the year 100000, written straight into the database, as an older
 * release or an operator at a SQL prompt could) is set aside: every other listing loads, calls to them hear their
 * notice, and the readiness report and a metric name the case set aside.
 */
class PoisonedListingTest {
    @TempDir
    Path dataDir;

    @Test
    void aListingThatCannotBeLoadedIsQuarantinedAndEveryOtherLoads() throws Exception {
        Database database = TestDatabase.create("poisoned");
        Instant now = Instant.now();
        long poisoned;
        long infinite;
        try (TestNode first = TestNode.start(database, dataDir, Map.of())) {
            first.list("P-1", "+8613800000000", now.minusSeconds(60), now.plusSeconds(3600));
            poisoned = first.list("P-2", "+8613800000002", now.minusSeconds(60), now.plusSeconds(3600));
            infinite = first.list("P-3", "+8613800000003", now.minusSeconds(60), now.plusSeconds(3600));
            first.list("P-4", "+8613800000004", now.minusSeconds(60), now.plusSeconds(3600));
            first.execute("update defaulter_case set valid_until = '100000-01-01 00:00:00+00' where id = " + poisoned,
                    "update defaulter_case set valid_until = 'infinity' where id = " + infinite);
        }
        try (TestNode second = TestNode.start(database, dataDir, Map.of("registry.startup.wait.ms", "60000"))) {
            Await.until(Duration.ofSeconds(20), () -> second.service.index().ready());
            assertEquals(2, second.service.index().numberCount(), "every listing that can be loaded is loaded");
            var listed = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), second.agiPort(),
                    "13800000004", "1795392000.4");
            assertEquals("played", listed.variable("DEFAULTER_NOTICE"));

            assertEquals(2.0, second.service.meters().get("divr_index_quarantined_cases").gauge().value());
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + second.httpPort() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonObject index = new JsonObject(ready.body()).getJsonObject("index");
            assertEquals(java.util.List.of(poisoned, infinite), index.getJsonArray("quarantinedCases").stream()
                    .map(id -> ((Number) id).longValue()).sorted().toList(), ready.body());
        } finally {
            database.close();
        }
    }
}
