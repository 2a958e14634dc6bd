package org.defaulterivr.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.defaulterivr.config.Config;
import org.defaulterivr.config.ConfigException;
import org.defaulterivr.testing.ServiceProcess;
import org.defaulterivr.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's own PostgreSQL: durable, password-protected, on 127.0.0.1 only, and never someone else's. */
class EmbeddedDatabaseTest {

    private static Config embedded(Path dataDir, int port) {
        return Config.of(Map.of("data.dir", dataDir.toString(), "database.embedded.port", Integer.toString(port)));
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Connection connect(PgConnectOptions o, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + o.getPort() + "/postgres", "postgres",
                password);
    }

    @Test
    void theEmbeddedDatabaseCommitsDurablyListensOnLoopbackOnlyAndRequiresItsGeneratedPassword(@TempDir Path dir)
            throws Exception {
        int port = ServiceProcess.freePort();
        Config config = embedded(dir, port);
        try (Database database = Database.open(config)) {
            PgConnectOptions options = database.connectOptions();
            Path passwordFile = dir.resolve("postgres.password");
            String password = Files.readString(passwordFile).trim();
            assertTrue(password.length() >= 30, "a generated password, not a well-known one");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
            try (Connection c = connect(options, password)) {
                assertEquals("on", show(c, "fsync"));
                assertEquals("on", show(c, "synchronous_commit"));
                assertEquals("on", show(c, "full_page_writes"));
                assertEquals("127.0.0.1", show(c, "listen_addresses"));
                assertEquals("", show(c, "unix_socket_directories"), "no Unix socket, so no local trust");
            }
            SQLException wrong = assertThrows(SQLException.class, () -> connect(options, "postgres").close());
            assertEquals("28P01", wrong.getSQLState(), "the library's well-known password is refused");
            String hba = Files.readString(dir.resolve("postgres/pg_hba.conf"));
            assertTrue(hba.contains("scram-sha-256") && !hba.contains("trust"), hba);
            // a tool on the same machine (token issue, demo-listing) finds the password in the data directory
            try (Connection c = connect(Database.connect(config).connectOptions(),
                    Database.connect(config).connectOptions().getPassword())) {
                assertEquals("on", show(c, "fsync"));
            }
        }
        // reopened: the same password still works
        try (Database database = Database.open(config);
                Connection c = connect(database.connectOptions(), database.connectOptions().getPassword())) {
            assertEquals("on", show(c, "synchronous_commit"));
        }
    }

    @Test
    void aNodeWhoseEmbeddedPortIsTakenByAnotherPostgresqlRefusesToStartNamingThePortAndTheKey(@TempDir Path dir) {
        // the tests' own PostgreSQL listens there: the node must not take it for its own
        int taken = TestDatabase.server().getPort();
        ConfigException e = assertThrows(ConfigException.class,
                () -> Database.open(embedded(dir, taken)).close());
        assertTrue(e.getMessage().contains(Integer.toString(taken)), e.getMessage());
        assertTrue(e.getMessage().contains("database.embedded.port"), e.getMessage());
        assertTrue(e.getMessage().contains("DIVR_EMBEDDED_PG_PORT"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("postgres/PG_VERSION")), "nothing was created");
    }

    @Test
    void serveOnATakenPortExitsWithOneLineNamingThePortAndTheKey(@TempDir Path dir) throws Exception {
        int taken = TestDatabase.server().getPort();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "org.defaulterivr.Main", "serve");
        builder.environment().putAll(Map.of("DATABASE_URL", "", "DIVR_DATA_DIR", dir.toString(),
                "DIVR_EMBEDDED_PG_PORT", Integer.toString(taken), "DIVR_AGI_PORT", "0", "DIVR_HTTP_PORT", "0"));
        builder.redirectErrorStream(true);
        Process serve = builder.start();
        String output = new String(serve.getInputStream().readAllBytes());
        assertTrue(serve.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, serve.exitValue(), output);
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one clear error, no stack trace: " + output);
        assertTrue(lines.get(0).contains("port " + taken) && lines.get(0).contains("database.embedded.port"),
                output);
    }

    @Test
    void anExternalDatabaseThatCanLoseCommitsIsRefusedUnlessAllowedNamingEachSetting(@TempDir Path dir)
            throws Exception {
        // the library's defaults: fsync and synchronous_commit off, what a careless server might run with
        try (EmbeddedPostgres careless = EmbeddedPostgres.builder()
                .setPGStartupWait(java.time.Duration.ofSeconds(60)).start()) {
            String url = "postgresql://postgres:postgres@127.0.0.1:" + careless.getPort() + "/postgres";
            Config refused = Config.of(Map.of("data.dir", dir.toString(), "database.url", url));
            ConfigException e = assertThrows(ConfigException.class, () -> Database.open(refused).close());
            assertTrue(e.getMessage().contains("fsync=off"), e.getMessage());
            assertTrue(e.getMessage().contains("synchronous_commit=off"), e.getMessage());
            assertFalse(e.getMessage().contains("full_page_writes=off"), e.getMessage());
            assertTrue(e.getMessage().contains("database.allow.nondurable"), e.getMessage());

            Config allowed = Config.of(Map.of("data.dir", dir.toString(), "database.url", url,
                    "database.allow.nondurable", "true"));
            Database.open(allowed).close();
        }
    }

    @Test
    void eachSettingThatLosesCommitsIsNamed() {
        assertEquals(List.of(), DurabilitySettings.faults(DurabilitySettings.DURABLE));
        assertEquals(List.of(), DurabilitySettings.faults(Map.of("fsync", "on", "synchronous_commit", "local",
                "full_page_writes", "on")));
        List<String> faults = DurabilitySettings.faults(Map.of("fsync", "off", "synchronous_commit", "off",
                "full_page_writes", "off"));
        assertEquals(3, faults.size());
        assertTrue(faults.get(0).startsWith("fsync=off"));
        assertTrue(faults.get(1).startsWith("synchronous_commit=off"));
        assertTrue(faults.get(2).startsWith("full_page_writes=off"));
    }
}
