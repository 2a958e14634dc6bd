package org.defaulterivr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDocumentationTest {

    @Test
    void readmeCarriesTheReferenceTableOfEveryKey() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains(org.defaulterivr.cli.ConfigCommand.referenceTable()),
                "README.md's configuration table is out of date: replace it with the output of "
                        + "'java -jar target/defaulter-ivr.jar config --markdown'");
    }

    @Test
    void environmentOverridesTheFileWhichOverridesDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("divr.properties");
        Files.writeString(file, "agi.port=5000\nhttp.port=9000\n");
        Config config = Config.load(file, Map.of("DIVR_AGI_PORT", "6000"));
        assertEquals(6000, config.agiPort());
        assertEquals(9000, config.httpPort());
        assertEquals(Duration.ofMillis(2000), config.decisionBudget());
        assertTrue(config.embeddedDatabase());
    }

    @Test
    void badValuesAreRefusedWithTheKeyNamed(@TempDir Path dir) throws IOException {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Config.load(null, Map.of("DIVR_AGI_PORT", "70000")));
        assertTrue(e.getMessage().contains("agi.port"));
        Path file = dir.resolve("divr.properties");
        Files.writeString(file, "agi.prot=5000\n");
        assertTrue(assertThrows(ConfigException.class, () -> Config.load(file, Map.of())).getMessage()
                .contains("agi.prot"));
        assertThrows(ConfigException.class, () -> Config.of(Map.of("notice.source", "ftp")));
    }
}
