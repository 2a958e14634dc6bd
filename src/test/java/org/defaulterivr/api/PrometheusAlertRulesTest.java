package org.defaulterivr.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules we ship (docs/prometheus-alerts.yml) are valid and fire when they should: Prometheus's own
 * promtool checks them and runs their unit tests (docs/prometheus-alerts.test.yml) on series made up for each case.
 * Which metrics and bucket bounds they may name is checked against a running node ({@link NoticeHttpTest}).
 */
class PrometheusAlertRulesTest {
    private static final Path DOCS = Path.of("docs");

    private static Optional<Path> promtool() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    @Test
    void theRulesAreValidAndTheirUnitTestsPass() throws Exception {
        Optional<Path> promtool = promtool();
        String message = "promtool tests docs/prometheus-alerts.yml (apt-get install prometheus; .ci/run installs it)";
        if (promtool.isEmpty() && "true".equals(System.getenv("CI"))) {
            Assertions.fail(message + ": missing under CI");
        }
        Assumptions.assumeTrue(promtool.isPresent(), message);
        for (List<String> args : List.of(List.of("check", "rules", "prometheus-alerts.yml"),
                List.of("test", "rules", "prometheus-alerts.test.yml"))) {
            List<String> command = new ArrayList<>(List.of(promtool.get().toString()));
            command.addAll(args);
            Process process = new ProcessBuilder(command).directory(DOCS.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool " + args + " did not finish");
            assertEquals(0, process.exitValue(), "promtool " + String.join(" ", args) + ":\n" + output);
        }
    }
}
