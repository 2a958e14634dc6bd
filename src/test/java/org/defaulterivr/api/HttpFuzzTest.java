package org.defaulterivr.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.FuzzSeeds;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.defaulterivr.testing.TestRegistry;
import org.defaulterivr.testing.Wavs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated requests against a real node: 10,000 per query-parameter family (case listing and number search,
 * history, evidence search, log proofs and tree heads), and a sample of every body type (JSON, CSV, WAV, multipart;
 * the 10,000-per-type runs are in-process: {@link RequestBodyFuzzTest} and its siblings). Every answer is below 500
 * and a 4xx is problem+json; afterwards the node is ready and plays a real call, and nothing a refused request
 * touched has changed. The same inputs on every run unless fresh ones are asked for (see {@link FuzzSeeds}).
 */
@ExtendWith(FuzzSeeds.Session.class)
class HttpFuzzTest {
    private static final int PER_FAMILY = 10_000;
    private static final int BODY_SAMPLE = 300;
    private static final String STATE = """
            select (select count(*) from defaulter_case) || '/' || (select count(*) from registry_history) || '/'
                || (select count(*) from notice) || '/' || (select count(*) from listed_number) || '/'
                || (select count(*) from court) || '/' || (select count(*) from api_token) || '/'
                || coalesce((select md5(string_agg(c::text, ',' order by id)) from defaulter_case c), '-')""";

    @TempDir
    static Path dataDir;
    static Database database;
    static TestNode node;
    static TestRegistry registry;
    static long notice;
    static long caseId;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() {
        database = TestDatabase.create("http_fuzz");
        node = TestNode.start(database, dataDir, Map.of("api.admin.token", TestRegistry.ADMIN_TOKEN,
                "screening.repeat.period.minutes", "0"));
        registry = TestRegistry.setUp(node.httpPort());
        notice = registry.uploadTone(registry.courtA);
        var created = registry.api.post("/v1/cases", registry.courtA, TestRegistry.caseBody("F-1", "13800000000")
                .put("notice", new JsonObject().put("id", notice)));
        assertEquals(201, created.status(), created.toString());
        caseId = created.json().getLong("id");
    }

    @AfterAll
    static void stop() {
        node.close();
        database.close();
    }

    private static String state() {
        return node.rows(STATE).get(0).getString(0);
    }

    /** The state after {@code uploads} more notices were recorded, each with its history entry. */
    private static String plusUploads(String state, int uploads) {
        String[] parts = state.split("/");
        parts[1] = Long.toString(Long.parseLong(parts[1]) + uploads);
        parts[2] = Long.toString(Long.parseLong(parts[2]) + uploads);
        return String.join("/", parts);
    }

    private static final AtomicInteger ACCEPTED = new AtomicInteger();

    /**
     * Sends every request, 32 at a time; the answers that were 5xx, or 4xx without problem+json. Counts the answers
     * that were 2xx to a write in {@link #ACCEPTED}.
     */
    private static List<String> send(List<HttpRequest> requests) {
        Semaphore window = new Semaphore(32);
        ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (HttpRequest request : requests) {
            window.acquireUninterruptibly();
            all.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, e) -> {
                window.release();
                if (e != null) {
                    bad.add(request.uri() + " -> " + e);
                } else if (response.statusCode() / 100 == 2 && !request.method().equals("GET")) {
                    ACCEPTED.incrementAndGet();
                } else if (response.statusCode() >= 500 || response.statusCode() >= 400 && !response.headers()
                        .firstValue("Content-Type").orElse("").startsWith(Problem.CONTENT_TYPE)) {
                    bad.add(request.method() + " " + request.uri() + " -> " + response.statusCode() + " "
                            + response.body());
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return new ArrayList<>(bad);
    }

    private static HttpRequest get(String pathAndQuery, String token) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + pathAndQuery))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build();
    }

    private static HttpRequest post(String path, String token, String type, byte[] body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", type)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** Query strings of one family: its parameters, with values good, near and hostile, URL-encoded. */
    private static List<String> queries(List<String> names, int count) {
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().numeric().ofMaxLength(25),
                Arbitraries.longs().map(n -> Long.toString(n)),
                Arbitraries.of("", "0", "-1", "1", "500", "501", "9223372036854775807", "9223372036854775808",
                        "+8613800000000", "13800000000", "1380000ABCD", "active", "court-a", "played", "partial",
                        "2026-11-30T00:00:00Z", "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                        "1999-01-01T00:00:00Z", "null", "' OR 1=1 --", "%00", "\uD800", "𝕏", "a&b=c", "../..",
                        Long.toString(caseId)));
        Arbitrary<String> pair = Combinators.combine(Arbitraries.of(names), values)
                .as((name, value) -> name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        return pair.list().ofMaxSize(5).map(pairs -> String.join("&", pairs)).sampleStream().limit(count)
                .collect(Collectors.toList());
    }

    private static void fuzzFamily(String path, List<String> names, String token) {
        String before = state();
        List<HttpRequest> requests = queries(names, PER_FAMILY).stream().map(q -> get(path + "?" + q, token)).toList();
        List<String> bad = send(requests);
        assertTrue(bad.isEmpty(), bad.size() + " bad answers on " + path + ", e.g. " + bad.stream().limit(3).toList());
        assertEquals(before, state(), "reads changed nothing on " + path);
    }

    @Test
    void caseListingAndNumberSearch() {
        fuzzFamily("/v1/cases", List.of("status", "number", "caseNumber", "numberState", "court", "limit", "after"),
                registry.auditor);
    }

    @Test
    void history() {
        fuzzFamily("/v1/history", List.of("case", "limit", "after"), registry.auditor);
    }

    @Test
    void evidenceSearch() {
        fuzzFamily("/v1/evidence/search", List.of("court", "case", "calledNumber", "from", "to", "outcome", "cursor",
                "limit"), registry.auditor);
    }

    @Test
    void logProofsAndTreeHeads() {
        String before = state();
        List<HttpRequest> requests = new ArrayList<>();
        List<String> paths = List.of("/v1/log/proofs/inclusion", "/v1/log/proofs/consistency", "/v1/log/tree-heads",
                "/v1/access-log");
        AtomicInteger i = new AtomicInteger();
        for (String q : queries(List.of("seq", "treeSize", "from", "to", "limit", "after", "principal"), PER_FAMILY)) {
            requests.add(get(paths.get(i.getAndIncrement() % paths.size()) + "?" + q, registry.auditor));
        }
        List<String> bad = send(requests);
        assertTrue(bad.isEmpty(), bad.size() + " bad answers, e.g. " + bad.stream().limit(3).toList());
        assertEquals(before, state());
    }

    @Test
    void aSampleOfEveryBodyTypeAndTheNodeServesCallsAfterwards() throws Exception {
        String before = state();
        List<HttpRequest> requests = new ArrayList<>();
        RequestBodyFuzzTest bodies = new RequestBodyFuzzTest();
        bodies.registrationBodies().sampleStream().limit(BODY_SAMPLE)
                .forEach(b -> requests.add(post("/v1/cases", registry.courtA, "application/json", b)));
        bodies.amendmentBodies().sampleStream().limit(BODY_SAMPLE)
                .forEach(b -> requests.add(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
                                + "/v1/cases/" + caseId)).header("Authorization", "Bearer " + registry.courtA)
                        .header("Content-Type", "application/json").header("If-Match", "\"999\"")
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(b)).build()));
        Arbitraries.strings().all().ofMaxLength(300).sampleStream().limit(BODY_SAMPLE).forEach(text -> requests.add(
                post("/v1/cases/import", registry.courtA, "text/csv", (String.join(",",
                        org.defaulterivr.registry.CaseCsv.REQUIRED) + "\n" + text).getBytes(StandardCharsets.UTF_8))));
        byte[] wav = Wavs.tone(8000, 1, 0.05, 440);
        Arbitraries.integers().between(0, wav.length - 1).list().ofMinSize(1).ofMaxSize(4).sampleStream()
                .limit(BODY_SAMPLE).forEach(positions -> {
                    byte[] damaged = wav.clone();
                    positions.forEach(p -> damaged[p % 44] = (byte) (p * 31));
                    requests.add(post("/v1/notices", registry.courtA, "audio/wav", damaged));
                });
        Arbitraries.strings().all().ofMaxLength(200).sampleStream().limit(BODY_SAMPLE).forEach(junk -> {
            ByteArrayOutputStream form = new ByteArrayOutputStream();
            form.writeBytes(("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + junk.length()
                    + ".wav\"\r\n\r\n" + junk + "\r\n--b--\r\n").getBytes(StandardCharsets.UTF_8));
            requests.add(post("/v1/notices", registry.courtA, junk.length() % 3 == 0 ? "multipart/form-data"
                    : "multipart/form-data; boundary=" + (junk.length() % 3 == 1 ? "b" : "other"), form.toByteArray()));
        });
        ACCEPTED.set(0);
        List<String> bad = send(requests);
        assertTrue(bad.isEmpty(), bad.size() + " bad answers, e.g. " + bad.stream().limit(3).toList());
        // a WAV damaged only where it does not matter is still a recording: those uploads are accepted; no case
        // body of the sample is acceptable (random notices, a stale If-Match), so no case changed
        assertEquals(plusUploads(before, ACCEPTED.get()), state(), "refused bodies changed nothing");

        var ready = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
                + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
        var call = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(), "13800000000",
                "1795392000." + Instant.now().toEpochMilli());
        assertEquals("played", call.variable("DEFAULTER_NOTICE"), "a real call afterwards");
    }
}
