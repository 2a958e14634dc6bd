package org.defaulterivr.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.ApiClient.Response;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.FixtureAsterisk.Transcript;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.defaulterivr.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one database: a court's change through one reaches the other's call path within a second, and a
 * listing's window ends on time with no request at all.
 */
class DelistingPropagationTest {
    private static final AtomicInteger CALLS = new AtomicInteger();

    @TempDir
    static Path dataDirA;
    @TempDir
    static Path dataDirB;
    static Database database;
    static TestNode nodeA;
    static TestNode nodeB;
    static TestRegistry registry;
    static long tone;

    @BeforeAll
    static void start() {
        database = TestDatabase.create("delisting_propagation");
        nodeA = TestNode.start(database, dataDirA, TestRegistry.SETTINGS);
        nodeB = TestNode.start(database, dataDirB, TestRegistry.SETTINGS);
        registry = TestRegistry.setUp(nodeA.httpPort());
        tone = registry.uploadTone(registry.courtA);
    }

    @AfterAll
    static void stop() {
        nodeB.close();
        nodeA.close();
        database.close();
    }

    private static Transcript callB(String number) throws IOException {
        return FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), nodeB.agiPort(), number,
                "1795400000." + CALLS.incrementAndGet());
    }

    private static boolean listedOnB(String e164) {
        return nodeB.service.index().find(e164, Instant.now(), l -> true).isPresent();
    }

    @Test
    void aDelistingThroughOneNodeStopsTheNoticeOnTheOtherWithinOneSecond() throws IOException {
        Response created = registry.api.post("/v1/cases", registry.courtA, TestRegistry.caseBody("P-1", "13833330001")
                .put("notice", new JsonObject().put("id", tone)));
        assertEquals(201, created.status(), created.toString());
        Duration listing = Await.until(Duration.ofSeconds(1), () -> listedOnB("+8613833330001"));
        System.out.println("registration propagated in " + listing.toMillis() + " ms");
        assertEquals("played", callB("13833330001").variable("DEFAULTER_NOTICE"));

        long sent = System.nanoTime();
        Response delisted = registry.api.post("/v1/cases/" + created.json().getLong("id") + "/delist",
                registry.courtA, new JsonObject().put("reason", "paid"), created.header("ETag"));
        Duration answered = Duration.ofNanos(System.nanoTime() - sent);
        assertEquals(200, delisted.status(), delisted.toString());
        Duration propagation = Await.until(Duration.ofSeconds(1), () -> !listedOnB("+8613833330001"));
        Duration total = Duration.ofNanos(System.nanoTime() - sent);
        System.out.println("delisting propagated in " + total.toMillis() + " ms (request to node A answered in "
                + answered.toMillis() + " ms, node B's index changed " + propagation.toMillis() + " ms later)");
        assertTrue(total.compareTo(Duration.ofSeconds(1)) < 0, "within one second of the request: " + total);
        assertEquals(List.of(), callB("13833330001").commands(), "the other node lets the call through unannounced");
    }

    @Test
    void anAmendmentOfTheNumbersReachesTheOtherNodeWithinOneSecond() {
        Response created = registry.api.post("/v1/cases", registry.courtA, TestRegistry.caseBody("P-2", "13833330002")
                .put("notice", new JsonObject().put("id", tone)));
        Await.until(Duration.ofSeconds(1), () -> listedOnB("+8613833330002"));
        Response amended = registry.api.patch("/v1/cases/" + created.json().getLong("id"), registry.courtA,
                new JsonObject().put("numbers", new io.vertx.core.json.JsonArray().add("13833330003")),
                created.header("ETag"));
        assertEquals(200, amended.status(), amended.toString());
        Duration propagation = Await.until(Duration.ofSeconds(1),
                () -> !listedOnB("+8613833330002") && listedOnB("+8613833330003"));
        System.out.println("amendment propagated in " + propagation.toMillis() + " ms");
    }

    @Test
    void aListingStopsPlayingTheMomentItsWindowEnds() throws Exception {
        Instant now = Instant.now();
        Instant end = now.plusSeconds(2);
        Response created = registry.api.post("/v1/cases", registry.courtA, TestRegistry.caseBody("P-3", "13833330004")
                .put("validFrom", now.minusSeconds(60).toString()).put("validUntil", end.toString())
                .put("notice", new JsonObject().put("id", tone)));
        assertEquals(201, created.status(), created.toString());
        Await.until(Duration.ofSeconds(1), () -> listedOnB("+8613833330004"));

        assertTrue(Instant.now().isBefore(end.minusMillis(500)), "time left for a call inside the window");
        assertEquals("played", callB("13833330004").variable("DEFAULTER_NOTICE"), "inside the window");
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), end).toMillis()) + 20);
        assertEquals(List.of(), callB("13833330004").commands(), "past the window: no request, no notice");
    }
}
