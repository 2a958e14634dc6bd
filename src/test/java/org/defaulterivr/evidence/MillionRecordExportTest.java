package org.defaulterivr.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.AuditClient;
import org.defaulterivr.testing.ServiceProcess;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log of a million records: bulk-loaded evidence is sequenced by a node running as its own process with a 64 MB
 * heap, which then streams the whole log as an export over HTTP. Its heap is read from its GC log while it streams.
 * Not in the default build (a minute or two); run it with {@code mvn -B verify -Plarge}.
 */
@Tag("large")
class MillionRecordExportTest {
    private static final int RECORDS = 1_000_000;
    private static final String HEAP = System.getProperty("large.heap", "64m");
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    /** Evidence of a million notices over two months, queued for the sequencer, as the drain would leave them. */
    private static void bulkLoad(Database database) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), "postgres", "postgres");
                Statement s = c.createStatement()) {
            s.execute("select ensure_evidence_partitions('2025-01-01', 3)");
            s.execute("""
                    insert into evidence_record (node_id, call_id, occurred_at, called_number, caller_pseudonym,
                        court_code, case_id, case_number, notice_id, notice_sha256, outcome, heard_ms, notice_ms,
                        stored_at)
                    select 'bulk-' || (i % 4), '1735689600.' || i,
                           timestamptz '2025-01-01 00:00:00+00' + i * interval '5 seconds',
                           '+86138' || lpad((i % 100000)::text, 8, '0'),
                           'h:' || substr(md5(i::text), 1, 16) || ':' || lpad((i % 100)::text, 2, '0'),
                           'court-' || (i % 10), i % 5000, 'CASE-' || (i % 5000), 1 + i % 3, repeat('ab', 32),
                           (array['played', 'partial', 'hung_up', 'failed'])[1 + i % 4], (i % 300) * 100, 30000,
                           timestamptz '2025-03-01 00:00:00+00' + i * interval '1 microsecond'
                      from generate_series(0, LAST) as i""".replace("LAST", Integer.toString(RECORDS - 1)));
            s.execute("""
                    insert into evidence_pending (occurred_at, node_id, call_id, stored_at)
                    select occurred_at, node_id, call_id, stored_at from evidence_record""");
            s.execute("analyze");
        }
    }

    /** Heap in use before and after each collection logged from {@code offset} on: {largest before, largest after}. */
    private static long[] heapMegabytes(Path gcLog, long offset) throws IOException {
        long before = 0;
        long after = 0;
        try (RandomAccessFile file = new RandomAccessFile(gcLog.toFile(), "r")) {
            file.seek(offset);
            for (String line = file.readLine(); line != null; line = file.readLine()) {
                Matcher m = GC_LINE.matcher(line);
                if (m.find()) {
                    before = Math.max(before, megabytes(m.group(1), m.group(2)));
                    after = Math.max(after, megabytes(m.group(3), m.group(4)));
                }
            }
        }
        return new long[] {before, after};
    }

    private static long megabytes(String amount, String unit) {
        long n = Long.parseLong(amount);
        return switch (unit) {
            case "K" -> n / 1024;
            case "G" -> n * 1024;
            default -> n;
        };
    }

    @Test
    void aMillionRecordLogIsSequencedAndStreamedByANodeWithA64MegabyteHeap() throws Exception {
        Database database = TestDatabase.create("million");
        long start = System.nanoTime();
        bulkLoad(database);
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("bulk load: %.1f s; data in %s%n", loadSeconds, dir);

        Path gcLog = dir.resolve("gc.log");
        int http = ServiceProcess.freePort();
        try (ServiceProcess node = ServiceProcess.start(dir.resolve("data"), ServiceProcess.url(database.connectOptions()),
                ServiceProcess.freePort(), http, Map.of("DIVR_TREE_HEAD_INTERVAL_MS", "1000",
                        "DIVR_DATABASE_POOL_SIZE", "4", "DIVR_ADMIN_TOKEN", TestRegistry.ADMIN_TOKEN),
                List.of("-Xmx" + HEAP, "-Xlog:gc:file=" + gcLog), List.of("org.defaulterivr.Main", "serve"))) {
            AuditClient auditor = AuditClient.of(node.httpPort);
            long sequencingStart = System.nanoTime();
            Await.until(Duration.ofMinutes(5), () -> {
                HttpResponse<String> latest = auditor.get("/v1/log/tree-heads/latest");
                return latest.statusCode() == 200 && new JsonObject(latest.body()).getLong("treeSize") == RECORDS;
            });
            double sequencingSeconds = (System.nanoTime() - sequencingStart) / 1e9;
            long[] sequencingHeap = heapMegabytes(gcLog, 0);

            long offset = Files.size(gcLog);
            Path export = dir.resolve("log.jsonl");
            long exportStart = System.nanoTime();
            auditor.download("/v1/log/export", export);
            double exportSeconds = (System.nanoTime() - exportStart) / 1e9;
            long[] exportHeap = heapMegabytes(gcLog, offset);

            long lines = 0;
            String last = null;
            try (BufferedReader in = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines++;
                    last = line;
                }
            }
            assertEquals(RECORDS + 2L, lines, "header, one tree head, a million records");
            assertEquals(RECORDS - 1L, new JsonObject(last).getLong("seq"));
            assertTrue(exportHeap[0] > 0, "collections happened while streaming: the heap was measured");
            long verifyStart = System.nanoTime();
            VerifyReport report = EvidenceVerifier.verify(export, Files.readString(
                    dir.resolve("data/keys").resolve(TreeHeadSigner.PUBLIC_KEY_FILE)));
            double verifySeconds = (System.nanoTime() - verifyStart) / 1e9;
            assertEquals(List.of(), report.findings(), report.toText());
            assertEquals(RECORDS, report.records());

            long csvOffset = Files.size(gcLog);
            Path csv = dir.resolve("court-3.csv");
            long csvStart = System.nanoTime();
            auditor.download("/v1/evidence/export?format=csv&court=court-3", csv);
            double csvSeconds = (System.nanoTime() - csvStart) / 1e9;
            long[] csvHeap = heapMegabytes(gcLog, csvOffset);
            try (var csvLines = Files.lines(csv)) {
                assertEquals(RECORDS / 10 + 1, csvLines.count());
            }

            System.out.printf("""
                    million-record log, node heap -Xmx%s:
                      bulk load of %,d records (SQL, generate_series): %.1f s
                      sequencing (leaf hashes, subtrees, heads): %.1f s = %,.0f records/s; heap: peak %d MB before GC, %d MB after
                      full log export over HTTP: %,d bytes in %.1f s = %.1f MB/s; heap while streaming: peak %d MB before GC, %d MB after
                      offline verification of that export (this JVM): %.1f s, no findings
                      CSV export of one court (%,d records): %.1f s; heap: peak %d MB before GC, %d MB after
                    %n""", HEAP, RECORDS, loadSeconds, sequencingSeconds, RECORDS / sequencingSeconds,
                    sequencingHeap[0], sequencingHeap[1], Files.size(export), exportSeconds,
                    Files.size(export) / exportSeconds / 1e6, exportHeap[0], exportHeap[1], verifySeconds,
                    RECORDS / 10, csvSeconds, csvHeap[0], csvHeap[1]);
            Files.delete(export);
        } finally {
            database.close();
        }
    }
}
