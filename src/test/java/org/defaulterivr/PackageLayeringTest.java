package org.defaulterivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency direction of the house style: the domain packages (what a call, a case, the evidence and the people
 * signing in are) import no web routing, no sockets and no Asterisk library; only the edges (agi, api, console,
 * simulator, cli, witness.http) do, so a domain rule stays testable with plain JUnit.
 */
class PackageLayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/org/defaulterivr");
    private static final List<String> DOMAIN = List.of("screening", "notice", "evidence", "registry", "index",
            "numbers", "access", "people", "tlog", "witness", "database", "config");
    private static final List<String> EDGES = List.of("witness/http");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "^import\\s+(static\\s+)?(io\\.vertx\\.ext\\.web|io\\.vertx\\.core\\.net|org\\.asteriskjava)\\.",
            Pattern.MULTILINE);

    @Test
    void domainPackagesImportNoWebRoutingSocketsOrAsteriskLibrary() throws IOException {
        List<String> offenders = new java.util.ArrayList<>();
        int read = 0;
        for (String domain : DOMAIN) {
            Path dir = SOURCES.resolve(domain);
            assertTrue(Files.isDirectory(dir), dir + " is a package of the domain");
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java"))
                        .filter(f -> EDGES.stream().noneMatch(e -> SOURCES.relativize(f).startsWith(e))).toList()) {
                    read++;
                    var found = FORBIDDEN.matcher(Files.readString(file));
                    while (found.find()) {
                        offenders.add(SOURCES.relativize(file) + ": " + found.group().strip());
                    }
                }
            }
        }
        assertTrue(read > 50, "read the domain's sources (" + read + " files)");
        assertEquals(List.of(), offenders);
    }
}
