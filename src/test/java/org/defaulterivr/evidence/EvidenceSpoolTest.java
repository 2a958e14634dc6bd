package org.defaulterivr.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
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
                NoticeOutcome.PARTIAL, 3020, 15000, new Provenance("10.0.0.7", "PJSIP/carrier-0000" + n, 3, false));
    }

    private static List<EvidenceSpool.Entry> completed(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> new EvidenceSpool.Entry(EvidenceSpool.Kind.COMPLETED, record(i))).toList();
    }

    private static EvidenceSpool.Entry started(int n) {
        return new EvidenceSpool.Entry(EvidenceSpool.Kind.STARTED, record(n).withOutcome(NoticeOutcome.UNKNOWN, 0));
    }

    private static List<EvidenceRecord> records(int from, int to) {
        return IntStream.range(from, to).mapToObj(EvidenceSpoolTest::record).toList();
    }

    /** Everything the drain would store now, acknowledged as it goes. */
    private static List<EvidenceRecord> drain(EvidenceSpool spool) throws IOException {
        List<EvidenceRecord> all = new ArrayList<>();
        while (true) {
            EvidenceSpool.Pending batch = spool.readPending(500);
            all.addAll(batch.records());
            spool.acknowledge(batch.endOffset());
            if (spool.unreadBytes() == 0) {
                return all;
            }
        }
    }

    @Test
    void recordsRoundTripExactlyWithAndWithoutProvenance() throws IOException {
        EvidenceRecord v1 = EvidenceSamples.documentedExample();
        try (EvidenceSpool spool = new EvidenceSpool(dir, true)) {
            spool.append(completed(0, 3));
            spool.append(List.of(new EvidenceSpool.Entry(EvidenceSpool.Kind.COMPLETED, v1)));
            EvidenceSpool.Pending pending = spool.readPending(10);
            assertEquals(List.of(record(0), record(1), record(2), v1), pending.records());
        }
    }

    @Test
    void whatWasNotAcknowledgedSurvivesAReopenAndAcknowledgedRecordsAreNotReplayed() throws IOException {
        try (EvidenceSpool spool = new EvidenceSpool(dir, true)) {
            spool.append(completed(0, 5));
            EvidenceSpool.Pending first = spool.readPending(2);
            assertEquals(2, first.records().size());
            spool.acknowledge(first.endOffset());
        }
        try (EvidenceSpool reopened = new EvidenceSpool(dir, true)) {
            assertEquals(records(2, 5), drain(reopened));
            assertEquals(0, reopened.backlogBytes());
        }
    }

    @Test
    void aBookmarkLostInAPowerCutReplaysTheWholeSpoolRatherThanFailingToStart() throws IOException {
        try (EvidenceSpool spool = new EvidenceSpool(dir, true)) {
            spool.append(completed(0, 3));
            spool.acknowledge(spool.readPending(2).endOffset());
        }
        // the bookmark is replaced atomically but not fsync'ed: after a power cut it may be empty
        Files.writeString(dir.resolve(EvidenceSpool.ACK_FILE), "");
        try (EvidenceSpool reopened = new EvidenceSpool(dir, true)) {
            // the database's unique key drops the two it already holds
            assertEquals(records(0, 3), reopened.readPending(100).records());
        }
    }

    @Test
    void aFrameTornByACrashIsDroppedAndTheSpoolStaysUsable() throws IOException {
        try (EvidenceSpool spool = new EvidenceSpool(dir, true)) {
            spool.append(completed(0, 2));
        }
        byte[] torn = frameBytes(completed(2, 3));
        Files.write(dir.resolve(EvidenceSpool.FILE), java.util.Arrays.copyOf(torn, torn.length / 2),
                StandardOpenOption.APPEND);
        try (EvidenceSpool reopened = new EvidenceSpool(dir, true)) {
            reopened.append(completed(3, 4));
            assertEquals(List.of(record(0), record(1), record(3)), reopened.readPending(100).records());
        }
    }

    @Test
    void aDamagedFrameInTheMiddleIsSkippedWithoutTouchingItsNeighbours() throws IOException {
        long secondFrame;
        try (EvidenceSpool spool = new EvidenceSpool(dir, true)) {
            spool.append(completed(0, 1));
            secondFrame = Files.size(dir.resolve(EvidenceSpool.FILE));
            spool.append(completed(1, 4));
        }
        // one byte of the second record's payload changes (a torn sector, bit rot): its checksum fails
        try (FileChannel file = FileChannel.open(dir.resolve(EvidenceSpool.FILE), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap("#".getBytes(StandardCharsets.US_ASCII)), secondFrame + 40);
        }
        try (EvidenceSpool reopened = new EvidenceSpool(dir, true)) {
            assertEquals(List.of(record(0), record(2), record(3)), drain(reopened));
        }
        // and a length field that is garbage does not swallow the next frame either
        Path other = dir.resolve("other");
        try (EvidenceSpool spool = new EvidenceSpool(other, true)) {
            spool.append(completed(0, 1));
            secondFrame = Files.size(other.resolve(EvidenceSpool.FILE));
            spool.append(completed(1, 3));
        }
        try (FileChannel file = FileChannel.open(other.resolve(EvidenceSpool.FILE), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.allocate(4).putInt(0, 1 << 19), secondFrame + 4);
        }
        try (EvidenceSpool reopened = new EvidenceSpool(other, true)) {
            assertEquals(List.of(record(0), record(2)), drain(reopened));
        }
    }

    @Test
    void aReadStopsAtTheRequestedCountAndResumesWhereItStopped() throws IOException {
        try (EvidenceSpool spool = new EvidenceSpool(dir, false)) {
            spool.append(completed(0, 1200));
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

    @Test
    void aNoticeStartedButNeverCompletedIsStoredAsOutcomeUnknownAfterACrash() throws IOException {
        try (EvidenceSpool spool = new EvidenceSpool(dir, true)) {
            spool.append(List.of(started(0), started(1)));
            spool.append(completed(0, 1));
            // notice 1 is still playing: the drain stores only what has an outcome
            assertEquals(List.of(record(0)), drain(spool));
            assertEquals(1, spool.openNotices());
            assertTrue(spool.backlogBytes() > 0, "the bookmark stays before the start of a notice still playing");
            // the process dies here
        }
        try (EvidenceSpool reopened = new EvidenceSpool(dir, true)) {
            List<EvidenceRecord> stored = drain(reopened);
            // in the spool's order: notice 1 is unknown, never nothing; notice 0's completion is replayed (the
            // database drops it)
            assertEquals(List.of(record(1).withOutcome(NoticeOutcome.UNKNOWN, 0), record(0)), stored);
        }
        try (EvidenceSpool again = new EvidenceSpool(dir, true)) {
            assertEquals(List.of(), drain(again), "once stored, nothing is replayed");
        }
    }

    @Test
    void aWriteThatRunsOutOfRoomFailsLeavesNoTornFrameAndTheSpoolRefusesWritesUntilTheDiskHasRoomAgain()
            throws IOException {
        FaultyChannel.Disk disk = new FaultyChannel.Disk();
        try (EvidenceSpool spool = new EvidenceSpool(dir, true, disk.channels())) {
            spool.append(completed(0, 3));
            long before = Files.size(dir.resolve(EvidenceSpool.FILE));
            disk.roomFor(frameBytes(completed(3, 5)).length / 2);
            IOException full = assertThrows(IOException.class, () -> spool.append(completed(3, 5)));
            assertEquals("No space left on device", full.getMessage());
            assertEquals("No space left on device", spool.failure());
            assertEquals(before, Files.size(dir.resolve(EvidenceSpool.FILE)), "the torn half is cut off");
            disk.roomFor(10);
            assertThrows(IOException.class, () -> spool.append(completed(5, 6)), "refused, not half-written");
            assertFalse(spool.recover(), "too little room: still refused");
            assertNotNull(spool.failure());
            disk.free();
            assertTrue(spool.recover());
            assertNull(spool.failure());
            spool.append(completed(6, 7));
            assertEquals(List.of(record(0), record(1), record(2), record(6)), drain(spool));
        }
        try (EvidenceSpool reopened = new EvidenceSpool(dir, true)) {
            assertEquals(List.of(), drain(reopened));
        }
    }

    @Test
    void aFailedFsyncCountsAsAFailedWrite() throws IOException {
        FaultyChannel.Disk disk = new FaultyChannel.Disk();
        try (EvidenceSpool spool = new EvidenceSpool(dir, true, disk.channels())) {
            spool.append(completed(0, 1));
            disk.fsyncFails = true;
            assertThrows(IOException.class, () -> spool.append(completed(1, 2)));
            assertEquals("Input/output error", spool.failure());
            assertFalse(spool.recover());
            disk.free();
            assertTrue(spool.recover());
            spool.append(completed(2, 3));
            assertEquals(List.of(record(0), record(2)), drain(spool));
        }
    }

    @Test
    void compactionKeepsTheStartOfANoticeStillPlayingAndWhatFollowsIt() throws IOException {
        long compactAt = 64 * 1024;
        int many = 400; // about 330 bytes each: past the compaction size
        Path file = dir.resolve(EvidenceSpool.FILE);
        try (EvidenceSpool spool = new EvidenceSpool(dir, false, EvidenceSpool.Channels.REAL, compactAt)) {
            spool.append(completed(0, many));
            assertEquals(many, drain(spool).size());
            assertEquals(EvidenceSpool.HEADER_BYTES, Files.size(file), "all stored: the file is emptied");

            spool.append(completed(0, many));
            spool.append(List.of(started(many)));
            spool.append(completed(many + 1, many + 3));
            long before = Files.size(file);
            assertEquals(many + 2, drain(spool).size());
            assertTrue(Files.size(file) < before / 2, "what was stored before the playing notice's start is gone");
        }
        try (EvidenceSpool reopened = new EvidenceSpool(dir, false, EvidenceSpool.Channels.REAL, compactAt)) {
            List<EvidenceRecord> stored = drain(reopened);
            assertTrue(stored.contains(record(many).withOutcome(NoticeOutcome.UNKNOWN, 0)), "the start survived");
            assertEquals(records(many + 1, many + 3), stored.subList(stored.size() - 2, stored.size()));
        }
    }

    @Test
    void recordsOfTheOldLineSpoolAreMovedIntoTheFramedOne() throws IOException {
        String first = EvidenceJson.encode(record(0));
        String second = EvidenceJson.encode(record(1));
        String third = EvidenceJson.encode(record(2));
        Files.writeString(dir.resolve("evidence.jsonl"), first + "\n" + second + "\n" + third + "\n");
        Files.writeString(dir.resolve("evidence.acked"), Integer.toString(first.length() + 1));
        try (EvidenceSpool spool = new EvidenceSpool(dir, true)) {
            assertEquals(records(1, 3), drain(spool));
        }
        assertFalse(Files.exists(dir.resolve("evidence.jsonl")));
        assertFalse(Files.exists(dir.resolve("evidence.acked")));
    }

    /** The bytes the spool writes for {@code entries}, read back from a scratch spool. */
    private byte[] frameBytes(List<EvidenceSpool.Entry> entries) throws IOException {
        Path scratch = Files.createTempDirectory(dir, "scratch");
        try (EvidenceSpool spool = new EvidenceSpool(scratch, false)) {
            spool.append(entries);
        }
        byte[] all = Files.readAllBytes(scratch.resolve(EvidenceSpool.FILE));
        return java.util.Arrays.copyOfRange(all, EvidenceSpool.HEADER_BYTES, all.length);
    }
}
