package org.defaulterivr.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceSpoolTest {
    @TempDir
    Path dir;

    static EvidenceRecord record(int n) {
        return new EvidenceRecord("node-1", "1795387451." + n, Instant.parse("2026-11-25T08:00:00.123456Z"),
                "+8613800000000", "h:0123456789abcdef:01", "court-a", 42, "C-42", 7, "b".repeat(64),
                NoticeOutcome.PARTIAL, 3020, 15000);
    }

    private static List<String> lines(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> EvidenceJson.encode(record(i))).toList();
    }

    @Test
    void recordsRoundTripExactly() throws IOException {
        try (EvidenceSpool spool = new EvidenceSpool(dir, true)) {
            spool.append(lines(0, 3));
            EvidenceSpool.Pending pending = spool.readPending(10);
            assertEquals(List.of(record(0), record(1), record(2)), pending.records());
        }
    }

    @Test
    void whatWasNotAcknowledgedSurvivesAReopenAndAcknowledgedRecordsAreNotReplayed() throws IOException {
        try (EvidenceSpool spool = new EvidenceSpool(dir, true)) {
            spool.append(lines(0, 5));
            EvidenceSpool.Pending first = spool.readPending(2);
            assertEquals(2, first.records().size());
            spool.acknowledge(first.endOffset());
        }
        try (EvidenceSpool reopened = new EvidenceSpool(dir, true)) {
            EvidenceSpool.Pending rest = reopened.readPending(100);
            assertEquals(List.of(record(2), record(3), record(4)), rest.records());
            reopened.acknowledge(rest.endOffset());
            assertEquals(0, reopened.backlogBytes());
        }
    }

    @Test
    void aBookmarkLostInAPowerCutReplaysTheWholeSpoolRatherThanFailingToStart() throws IOException {
        try (EvidenceSpool spool = new EvidenceSpool(dir, true)) {
            spool.append(lines(0, 3));
            spool.acknowledge(spool.readPending(2).endOffset());
        }
        // the bookmark is replaced atomically but not fsync'ed: after a power cut it may be empty
        Files.writeString(dir.resolve("evidence.acked"), "");
        try (EvidenceSpool reopened = new EvidenceSpool(dir, true)) {
            // the database's unique key drops the two it already holds
            assertEquals(List.of(record(0), record(1), record(2)), reopened.readPending(100).records());
        }
    }

    @Test
    void aLineTornByACrashIsDroppedAndTheSpoolStaysUsable() throws IOException {
        try (EvidenceSpool spool = new EvidenceSpool(dir, true)) {
            spool.append(lines(0, 2));
        }
        Files.writeString(dir.resolve("evidence.jsonl"), "{\"node\":\"node-1\",\"ca", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        try (EvidenceSpool reopened = new EvidenceSpool(dir, true)) {
            reopened.append(lines(2, 3));
            assertEquals(List.of(record(0), record(1), record(2)), reopened.readPending(100).records());
        }
    }

    @Test
    void aReadStopsAtTheRequestedCountAndResumesWhereItStopped() throws IOException {
        try (EvidenceSpool spool = new EvidenceSpool(dir, false)) {
            spool.append(lines(0, 1200));
            int seen = 0;
            while (true) {
                EvidenceSpool.Pending batch = spool.readPending(500);
                if (batch.records().isEmpty()) {
                    break;
                }
                assertEquals(record(seen), batch.records().get(0));
                seen += batch.records().size();
                spool.acknowledge(batch.endOffset());
            }
            assertEquals(1200, seen);
        }
    }
}
