package org.defaulterivr.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.ServiceProcess;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.defaulterivr.testing.Wavs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/courts.md works as written: every {@code sh} block of the guide, in order, as one shell session with
 * {@code curl}, {@code jq} and the {@code defaulter-ivr} command, against a real node that has just made its first
 * admin token. A command that fails (an HTTP error, a non-zero exit) fails the test, so the guide cannot drift.
 *
 * <p>Only two things differ from a reader's session, both outside the guide's text: the node's HTTP port is a free one
 * instead of 8080, and {@code defaulter-ivr} runs the classes under test instead of the jar (which {@code verify}
 * builds after the tests).
 */
class CourtsGuideTest {
    static final Path GUIDE = Path.of("docs/courts.md");
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

    /** The guide's shell blocks, in order. */
    static List<String> commandBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = SH_BLOCK.matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void everyCommandOfTheCourtsGuideRunsAsWrittenAgainstANewNode(@TempDir Path work) throws Exception {
        Database database = TestDatabase.create("courts_guide");
        try (TestNode node = TestNode.start(database, work.resolve("data"), Map.of())) {
            List<String> blocks = commandBlocks(Files.readString(GUIDE));
            assertTrue(blocks.size() >= 10, "the guide has its examples: " + blocks.size());
            Path bin = Files.createDirectories(work.resolve("bin"));
            Path command = bin.resolve("defaulter-ivr");
            Files.writeString(command, "#!/bin/sh\nexec '" + ProcessHandle.current().info().command().orElse("java")
                    + "' -Xmx256m -cp '" + System.getProperty("java.class.path")
                    + "' org.defaulterivr.testing.ParentWatch org.defaulterivr.Main \"$@\"\n");
            Files.setPosixFilePermissions(command, PosixFilePermissions.fromString("rwx------"));
            Files.write(work.resolve("notice.wav"), Wavs.tone(16000, 1, 2.0, 440)); // the court's own recording

            String script = "set -euo pipefail\n"
                    + "curl() { command curl --fail-with-body --show-error \"$@\"; echo; }\n"
                    + "set -x\n"
                    + String.join("\n", blocks).replace("localhost:8080", "localhost:" + node.httpPort());
            Path output = work.resolve("guide.log");
            ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            bash.environment().putAll(Map.of(
                    "PATH", bin + File.pathSeparator + System.getenv("PATH"),
                    "DATABASE_URL", ServiceProcess.url(database.connectOptions()),
                    "DIVR_DATA_DIR", work.resolve("data").toString()));
            Process process = bash.start();
            try {
                assertTrue(process.waitFor(4, TimeUnit.MINUTES), "the guide's session ended");
            } finally {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), "every command of docs/courts.md succeeds:\n" + log);

            assertEquals(1, node.count("select count(*) from defaulter_case where status = 'satisfied'"),
                    "the session's case was delisted at the end");
            assertEquals(1, node.count("select count(*) from defaulter_case where case_number = '(2024)川0105执123号'"),
                    "the Mandarin court's case is registered as written");
        } finally {
            database.close();
        }
    }
}
