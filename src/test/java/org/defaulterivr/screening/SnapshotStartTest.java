package org.defaulterivr.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.defaulterivr.database.Database;
import org.defaulterivr.index.IndexSnapshot;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node that restarts while the database is down screens from its local snapshot of the registry. */
class SnapshotStartTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path clusterDir;

    @Test
    void aNodeStartedWhileTheDatabaseIsDownScreensFromItsSnapshot() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(60)).setDataDirectory(clusterDir)
                .setCleanDataDirectory(false).setPort(port).start();
        Database database = Database.at(TestDatabase.options("postgres").setPort(port));
        Path snapshot = dataDir.resolve("registry/index-snapshot.json.gz");
        try (TestNode first = TestNode.start(database, dataDir, Map.of())) {
            Instant now = Instant.now();
            first.list("S-1", "+8613800000000", now.minusSeconds(60), now.plusSeconds(3600));
            Await.until(Duration.ofSeconds(10), () -> new IndexSnapshot(snapshot).read()
                    .map(contents -> contents.listings().size() == 1).orElse(false));
        }
        postgres.close();

        Database unreachable = Database.at(TestDatabase.options("postgres").setPort(port));
        TestNode second = TestNode.start(unreachable, dataDir, Map.of("registry.startup.wait.ms", "300"));
        try {
            assertTrue(second.service.index().ready(), "screening from the snapshot");
            var listed = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), second.agiPort(),
                    "13800000000", "1795392000.1");
            assertEquals("played", listed.variable("DEFAULTER_NOTICE"));
            var unlisted = FixtureAsterisk.replay(Fixtures.load("no-commands.txt"), second.agiPort(),
                    "13800000009", "1795392000.2");
            assertEquals(List.of(), unlisted.commands());
            double staleness = second.service.meters().get("divr_index_age_seconds").gauge().value();
            assertTrue(staleness >= 0, "the index age is reported: " + staleness);

            postgres = EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(60)).setDataDirectory(clusterDir).setCleanDataDirectory(false)
                    .setPort(port).start();
            Await.until(Duration.ofSeconds(30), () -> second.service.evidence().backlogBytes() == 0);
            assertEquals("played", second.evidence("1795392000.1").orElseThrow().getString("outcome"));
            Await.until(Duration.ofSeconds(30), () ->
                    second.service.meters().get("divr_index_age_seconds").gauge().value() == 0.0);
        } finally {
            second.close();
            postgres.close();
        }
    }
}
