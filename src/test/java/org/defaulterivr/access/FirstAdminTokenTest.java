package org.defaulterivr.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.ApiClient;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.ServiceProcess;
import org.defaulterivr.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's first admin token, with nodes as real processes: it is never on standard output (the log), it waits
 * in a 0600 file whose path is logged, a failed first start does not lose it, and it is gone once used.
 */
class FirstAdminTokenTest {
    static Database database;
    static String databaseUrl;

    @BeforeAll
    static void startDatabase() {
        database = TestDatabase.create("first_admin");
        databaseUrl = ServiceProcess.url(database.connectOptions());
    }

    @AfterAll
    static void stopDatabase() {
        database.close();
    }

    @Test
    void aFailedFirstStartKeepsTheTokenInAPrivateFileUntilItIsFirstUsed(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("data");
        Path tokenFile = dataDir.resolve(FirstAdminTokenFile.FILE_NAME);
        int agi = ServiceProcess.freePort();
        ServiceProcess.Run failed;
        int busyPort;
        try (ServerSocket busy = new ServerSocket(0)) {
            busyPort = busy.getLocalPort();
            failed = ServiceProcess.run(Map.of("DATABASE_URL", databaseUrl, "DIVR_DATA_DIR", dataDir.toString(),
                    "DIVR_AGI_HOST", "127.0.0.1", "DIVR_AGI_PORT", Integer.toString(agi),
                    "DIVR_HTTP_HOST", "127.0.0.1", "DIVR_HTTP_PORT", Integer.toString(busyPort)),
                    Duration.ofSeconds(90), "serve");
        }
        assertNotEquals(0, failed.exitCode(), failed.output());
        assertTrue(failed.output().contains("serve: port " + busyPort + " is already in use (http.port,"
                + " DIVR_HTTP_PORT)"), "one line naming the port and the key:\n" + failed.output());
        assertFalse(failed.output().contains("\tat "), "no stack trace below debug level:\n" + failed.output());
        String afterIt = failed.output().substring(failed.output().indexOf("serve: port " + busyPort));
        assertFalse(afterIt.contains(" WARN "), "a port taken is one line, no alarms after it:\n" + failed.output());

        assertTrue(Files.exists(tokenFile), "the failed start left the token for the operator");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(tokenFile));
        String token = Files.readString(tokenFile).strip();
        assertTrue(token.startsWith("divr_"), token);
        assertFalse(failed.output().contains(token), "the token is never printed");
        assertTrue(failed.output().contains(tokenFile.toString()), "its path is:\n" + failed.output());

        try (ServiceProcess node = ServiceProcess.start(dataDir, databaseUrl, agi, ServiceProcess.freePort(),
                Map.of())) {
            String log = Files.readString(node.log);
            assertFalse(log.contains(token), "the token is never printed");
            assertTrue(log.contains(tokenFile.toString()), "the second start names the file again:\n" + log);
            assertEquals(token, Files.readString(tokenFile).strip(), "the same token: nothing was burnt");

            assertEquals(200, new ApiClient(node.httpPort).get("/v1/courts", token).status());
            Await.until(Duration.ofSeconds(10), () -> !Files.exists(tokenFile));
        }
        try (ServiceProcess again = ServiceProcess.start(dataDir, databaseUrl, agi, ServiceProcess.freePort(),
                Map.of())) {
            assertFalse(Files.exists(tokenFile), "an admin token is in force and was used: no new one is made");
            assertFalse(Files.readString(again.log).contains(FirstAdminTokenFile.FILE_NAME), "nor named in the log");
        }
    }
}
