package org.defaulterivr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.defaulterivr.config.Setting;
import org.defaulterivr.database.Database;
import org.defaulterivr.simulator.ScriptedFastAgiServer;
import org.defaulterivr.testing.ServiceProcess;
import org.defaulterivr.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The command line as an operator meets it, each command in its own process with only the environment to go on: it
 * reads the node's configuration like serve does, shows no secret, and a mistake is one line saying what to do.
 */
class CommandLineConfigTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @Test
    void probeCallsTheNodeTheEnvironmentNames() throws Exception {
        try (ScriptedFastAgiServer server = ScriptedFastAgiServer.start(asterisk -> {
            asterisk.readEnvironment();
            asterisk.close();
        })) {
            ServiceProcess.Run run = ServiceProcess.run(Map.of("DIVR_AGI_PORT", Integer.toString(server.port())), LIMIT,
                    "probe", "--called", "13800000000");
            server.awaitEnd();
            assertEquals(0, run.exitCode(), run.output());
            assertTrue(run.output().contains("no notice: number not listed"), run.output());
        }
    }

    @Test
    void configShowsNoConfiguredSecret() throws Exception {
        String token = "divr_" + "s3cret-admin-token-that-must-not-show-0123";
        ServiceProcess.Run run = ServiceProcess.run(Map.of("DIVR_ADMIN_TOKEN", token,
                "DATABASE_URL", "postgresql://divr:db-pa55word@db.example:5432/divr"), LIMIT, "config");
        assertEquals(0, run.exitCode(), run.output());
        assertFalse(run.output().contains(token), run.output());
        assertFalse(run.output().contains("db-pa55word"), run.output());
        assertTrue(run.output().contains("api.admin.token=(set, not shown)  (env)"), run.output());
        assertTrue(run.output().contains("database.url=postgresql://divr:***@db.example:5432/divr  (env)"),
                run.output());
        for (Setting s : Setting.values()) {
            assertTrue(run.output().contains(s.key() + "="), "every key is shown: " + s.key());
        }
    }

    @Test
    void courtsAreCreatedOnTheCommandLineAndAnUnknownCourtIsOneLineSayingWhatToDo() throws Exception {
        Database database = TestDatabase.create("cli_courts");
        try {
            Map<String, String> env = Map.of("DATABASE_URL", ServiceProcess.url(database.connectOptions()));
            ServiceProcess.Run unknown = ServiceProcess.run(env, LIMIT, "token", "issue", "--role", "court", "--court",
                    "cd-wuhou");
            assertNotEquals(0, unknown.exitCode());
            assertEquals("issue: no court has code 'cd-wuhou': create it with 'court create --code cd-wuhou --name"
                    + " NAME', or see 'court list'", unknown.output().strip(), "one line, no stack trace");

            ServiceProcess.Run created = ServiceProcess.run(env, LIMIT, "court", "create", "--code", "cd-wuhou",
                    "--name", "成都市武侯区人民法院", "--language", "zh-CN");
            assertEquals(0, created.exitCode(), created.output());
            ServiceProcess.Run again = ServiceProcess.run(env, LIMIT, "court", "create", "--code", "cd-wuhou",
                    "--name", "成都市武侯区人民法院");
            assertNotEquals(0, again.exitCode());
            assertEquals(1, again.output().strip().lines().count(), again.output());
            ServiceProcess.Run listed = ServiceProcess.run(env, LIMIT, "court", "list");
            assertTrue(listed.output().contains("cd-wuhou") && listed.output().contains("zh-CN")
                    && listed.output().contains("成都市武侯区人民法院"), listed.output());
            ServiceProcess.Run issued = ServiceProcess.run(env, LIMIT, "token", "issue", "--role", "court", "--court",
                    "cd-wuhou");
            assertEquals(0, issued.exitCode(), issued.output());
            assertTrue(issued.output().strip().lines().reduce((a, b) -> b).orElse("").startsWith("divr_"),
                    "the token is the last line: " + issued.output());
        } finally {
            database.close();
        }
    }
}
