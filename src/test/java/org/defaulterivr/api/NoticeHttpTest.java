package org.defaulterivr.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.defaulterivr.database.Database;
import org.defaulterivr.notice.StoredNotice;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With notice.source=http, Asterisk's media cache fetches notices from the node by content-addressed URL. */
class NoticeHttpTest {
    @TempDir
    static Path dataDir;
    static Database database;
    static TestNode node;
    static StoredNotice notice;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        database = TestDatabase.create("notice_http");
        node = TestNode.start(database, dataDir, Map.of(
                "notice.source", "http", "notice.http.base", "http://media.example:8080/"));
        notice = node.stockNotice();
        node.list("H-1", "+8613800000000", Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
        Await.until(Duration.ofSeconds(5), () -> node.service.index().numberCount() == 1);
    }

    @AfterAll
    static void stop() {
        node.close();
        database.close();
    }

    private static HttpResponse<byte[]> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theStreamFileNameIsTheNoticeUrlOnThisNode() throws IOException {
        var t = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(), "13800000000", "9.1");
        assertEquals("STREAM FILE \"http://media.example:8080/notices/" + notice.sha256() + ".wav\" \"\"",
                t.commands().get(1));
    }

    @Test
    void aNoticeIsServedWithItsBytesAndCachedForGood() throws Exception {
        HttpResponse<byte[]> response = get("/notices/" + notice.sha256() + ".wav", Map.of());
        assertEquals(200, response.statusCode());
        assertEquals("audio/wav", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("public, max-age=31536000, immutable",
                response.headers().firstValue("Cache-Control").orElseThrow());
        assertArrayEquals(Files.readAllBytes(notice.path()), response.body());

        String etag = response.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, get("/notices/" + notice.sha256() + ".wav", Map.of("If-None-Match", etag)).statusCode());
    }

    @Test
    void aHeadRequestGetsTheHeadersOfTheGetWithoutTheBody() throws Exception {
        // Asterisk's media cache revalidates a cached file with HEAD
        String path = "/notices/" + notice.sha256() + ".wav";
        HttpResponse<byte[]> get = get(path, Map.of());
        HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
                + path)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, head.statusCode());
        for (String header : new String[] {"Content-Type", "Content-Length", "ETag", "Cache-Control"}) {
            assertEquals(get.headers().firstValue(header), head.headers().firstValue(header), header);
        }
        assertEquals(Long.toString(Files.size(notice.path())), head.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(0, head.body().length);
        HttpResponse<byte[]> missing = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + node.httpPort() + "/notices/" + "0".repeat(64) + ".wav")).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(404, missing.statusCode());
    }

    @Test
    void unknownOrMalformedNoticeNamesAreProblems() throws Exception {
        for (String path : new String[] {"/notices/" + "0".repeat(64) + ".wav", "/notices/..%2Fkeys%2Fpseudonym.key",
                "/notices/ABC.wav", "/nothing-here"}) {
            HttpResponse<byte[]> response = get(path, Map.of());
            assertEquals(404, response.statusCode(), path);
            assertEquals(Problem.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElseThrow());
            JsonObject problem = new JsonObject(new String(response.body()));
            assertEquals(404, problem.getInteger("status"));
            assertTrue(problem.getString("type").endsWith("/not-found"));
        }
    }

    @Test
    void readinessAndMetricsDescribeTheNode() throws Exception {
        HttpResponse<byte[]> ready = get("/health/ready", Map.of());
        assertEquals(200, ready.statusCode());
        JsonObject body = new JsonObject(new String(ready.body()));
        assertEquals("up", body.getString("database"));
        assertEquals(1, body.getJsonObject("index").getInteger("numbers"));

        String metrics = new String(get("/metrics", Map.of()).body());
        for (String name : new String[] {"divr_agi_sessions_active", "divr_index_numbers", "divr_decision_seconds",
                "divr_evidence_spool_backlog_bytes", "divr_evidence_spool_write_seconds_bucket"}) {
            assertTrue(metrics.contains(name), name);
        }
    }

    /**
     * The alerting rules we ship (docs/prometheus-alerts.yml) name only metrics this node exports, and only bucket
     * bounds its histograms have: a renamed metric or a moved bound would otherwise leave an alert that never fires.
     */
    @Test
    void theShippedAlertRulesNameOnlyWhatTheNodeExports() throws Exception {
        String metrics = new String(get("/metrics", Map.of()).body());
        JsonNode groups = new ObjectMapper(new YAMLFactory()).readTree(Path.of("docs/prometheus-alerts.yml").toFile())
                .path("groups");
        Pattern selector = Pattern.compile("(divr_[a-z_]+)(\\{[^}]*})?");
        Pattern bound = Pattern.compile("le=\"([^\"]+)\"");
        int rules = 0;
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                rules++;
                String alert = rule.path("alert").asText();
                Matcher m = selector.matcher(rule.path("expr").asText());
                assertTrue(m.find(), alert + " names none of our metrics");
                do {
                    String metric = m.group(1);
                    assertTrue(metrics.contains("\n" + metric), alert + ": the node exports no " + metric);
                    Matcher le = bound.matcher(m.group(2) == null ? "" : m.group(2));
                    while (le.find()) {
                        assertTrue(metrics.lines().anyMatch(line -> line.startsWith(metric + "{")
                                && line.contains("le=\"" + le.group(1) + "\"")), alert + ": " + metric
                                + " has no bucket at " + le.group(1));
                    }
                } while (m.find());
            }
        }
        assertTrue(rules >= 10, "rules read: " + rules);
    }
}
