package org.defaulterivr.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's local, append-only record of evidence not yet in PostgreSQL. A notice's "started" entry is in the spool
 * (written and, by default, fsync'ed) before STREAM FILE goes out, and its "completed" entry before the session ends,
 * so neither a database outage nor a crash of the process loses a notice that started: a start without its completion
 * is stored as outcome {@code unknown} by the next run.
 *
 * <p>File format ({@code evidence.spool}, big-endian): a 16-byte header, the ASCII magic {@code DIVRSPL}, the format
 * version {@code 0x01} and a random 8-byte generation (new for every rewritten file); then frames, each
 *
 * <pre>
 *   u32 frame magic 0xD1B5F00D
 *   u32 payload length
 *   u32 CRC32C of the 4 length bytes and the payload
 *   payload: u8 kind (0 probe, 1 started, 2 completed), then the record as UTF-8 JSON ({@link EvidenceJson})
 * </pre>
 *
 * A frame torn by a crash or a full disk fails its checksum and is skipped; reading resumes at the next frame magic,
 * so one torn frame never takes a neighbour with it. The bookmark ({@code evidence.spool.acked}: generation and
 * offset) says how much is safely in the database; it is not fsync'ed, and losing it replays records the database's
 * unique key on (occurred_at, node, call) then drops.
 *
 * <p>After a failed write or fsync the spool accepts nothing until {@link #recover()} has cut the failed bytes off and
 * proved the disk writable again. Blocking file I/O, not thread-safe: used from one worker thread only ({@link
 * EvidenceLog} sees to that).
 */
final class EvidenceSpool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EvidenceSpool.class);
    static final String FILE = "evidence.spool";
    static final String ACK_FILE = "evidence.spool.acked";
    private static final byte[] MAGIC = "DIVRSPL".getBytes(StandardCharsets.US_ASCII);
    private static final byte FORMAT_VERSION = 1;
    static final int HEADER_BYTES = 16;
    static final int FRAME_MAGIC = 0xD1B5F00D;
    static final int FRAME_HEADER_BYTES = 12;
    private static final int MAX_PAYLOAD = 1 << 20;
    static final long COMPACT_AT_BYTES = 8L * 1024 * 1024;
    private static final int READ_CHUNK = 1024 * 1024;
    /** What a recovery writes (and then cuts off again) to show the disk has room for a batch of records. */
    private static final int RECOVERY_PROBE_BYTES = 64 * 1024;

    /** What one frame says about a notice. */
    enum Kind {
        /** Written only to test the disk; carries nothing. */
        PROBE,
        /** The notice is about to be played: the record with outcome unknown. */
        STARTED,
        /** The notice's outcome: the record as it goes to the database. */
        COMPLETED
    }

    /** One entry to write. */
    record Entry(Kind kind, EvidenceRecord record) {
    }

    /** How the spool opens its file: the seam where tests inject full disks and torn writes. */
    @FunctionalInterface
    interface Channels {
        FileChannel open(Path file) throws IOException;

        Channels REAL = file -> FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    /** A batch of records to store, and the offset to acknowledge once they are stored. */
    record Pending(List<EvidenceRecord> records, long endOffset) {
    }

    private final Path dir;
    private final Path file;
    private final Path ackFile;
    private final boolean fsync;
    private final Channels channels;
    private final long compactAtBytes;
    private FileChannel channel;
    private long generation;
    private long size;
    private long acked;
    /** Where the drain reads next; the bookmark cannot pass a start whose completion is not yet written. */
    private long readOffset;
    /** Notices started in this run whose completion is not written yet, by the offset of their start. */
    private final Map<EvidenceRecord.Key, Long> openStarts = new HashMap<>();
    /** Starts of earlier runs without a completion: stored as outcome unknown. */
    private final Set<EvidenceRecord.Key> orphans = new HashSet<>();
    private String failure;

    EvidenceSpool(Path dir, boolean fsync) throws IOException {
        this(dir, fsync, Channels.REAL);
    }

    EvidenceSpool(Path dir, boolean fsync, Channels channels) throws IOException {
        this(dir, fsync, channels, COMPACT_AT_BYTES);
    }

    /** As above, compacting once {@code compactAtBytes} before the bookmark are stored. */
    EvidenceSpool(Path dir, boolean fsync, Channels channels, long compactAtBytes) throws IOException {
        Files.createDirectories(dir);
        this.compactAtBytes = compactAtBytes;
        this.dir = dir;
        this.fsync = fsync;
        this.channels = channels;
        this.file = dir.resolve(FILE);
        this.ackFile = dir.resolve(ACK_FILE);
        if (!Files.exists(file) || Files.size(file) < HEADER_BYTES) {
            createEmpty(file);
        }
        this.channel = channels.open(file);
        this.size = channel.size();
        this.generation = readHeader();
        this.acked = readAcked();
        this.readOffset = acked;
        recoverAfterRestart();
        LegacySpool.importInto(dir, this);
    }

    /**
     * Appends entries and (unless fsync is off) forces them to disk before returning. On failure nothing of the batch
     * counts as written, the bytes it may have left are cut off as far as possible, and the spool refuses writes until
     * {@link #recover()} succeeds.
     */
    void append(List<Entry> entries) throws IOException {
        if (failure != null) {
            throw new IOException("evidence spool is not writable since: " + failure);
        }
        List<byte[]> frames = new ArrayList<>(entries.size());
        int total = 0;
        for (Entry entry : entries) {
            byte[] frame = frame(entry.kind(), EvidenceJson.encode(entry.record()));
            frames.add(frame);
            total += frame.length;
        }
        ByteBuffer bytes = ByteBuffer.allocate(total);
        frames.forEach(bytes::put);
        bytes.flip();
        try {
            long position = size;
            while (bytes.hasRemaining()) {
                position += channel.write(bytes, position);
            }
            if (fsync) {
                channel.force(false);
            }
        } catch (IOException | RuntimeException e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
            cutOffAfterFailure();
            throw e;
        }
        long offset = size;
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (entry.kind() == Kind.STARTED) {
                openStarts.put(entry.record().key(), offset);
            } else if (entry.kind() == Kind.COMPLETED) {
                openStarts.remove(entry.record().key());
            }
            offset += frames.get(i).length;
        }
        size = offset;
    }

    /** Why the spool refuses writes, or null when it accepts them. */
    String failure() {
        return failure;
    }

    /**
     * After a failed write: cuts off whatever the failed batch left, then shows the disk takes a batch's worth of
     * bytes and an fsync again (writing and cutting off a probe). True when the spool accepts writes again.
     */
    boolean recover() {
        if (failure == null) {
            return true;
        }
        try {
            channel.truncate(size);
            channel.force(true);
            byte[] probe = frame(Kind.PROBE, " ".repeat(RECOVERY_PROBE_BYTES));
            ByteBuffer bytes = ByteBuffer.wrap(probe);
            long position = size;
            while (bytes.hasRemaining()) {
                position += channel.write(bytes, position);
            }
            channel.force(false);
            channel.truncate(size);
            channel.force(true);
            failure = null;
            return true;
        } catch (IOException | RuntimeException e) {
            cutOffAfterFailure();
            return false;
        }
    }

    private void cutOffAfterFailure() {
        try {
            // a later valid-looking frame of the failed batch must not survive behind the next write
            if (channel.size() > size) {
                channel.truncate(size);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("spool not cut back after a failed write: {}", e.toString());
        }
    }

    /**
     * Up to {@code max} records after the drain's position: completions, and starts of earlier runs that never
     * completed (as outcome unknown). Starts of this run are skipped: their completion follows.
     */
    Pending readPending(int max) throws IOException {
        List<EvidenceRecord> records = new ArrayList<>();
        FrameReader reader = new FrameReader(readOffset, size);
        long end = readOffset;
        while (records.size() < max) {
            Frame frame = reader.next();
            if (frame == null) {
                end = size;
                break;
            }
            end = frame.end();
            if (frame.kind() == Kind.COMPLETED) {
                records.add(frame.record());
            } else if (frame.kind() == Kind.STARTED && orphans.contains(frame.record().key())) {
                records.add(frame.record().withOutcome(NoticeOutcome.UNKNOWN, 0));
            }
        }
        return new Pending(records, end);
    }

    /**
     * Marks everything read before {@code offset} as stored in the database. The bookmark stays before the start of
     * any notice still playing, so a crash now leaves that start to be found; the file is compacted when the part
     * before the bookmark is large. The bookmark is replaced atomically but not fsync'ed: losing it costs a replay,
     * never a record.
     */
    void acknowledge(long offset) throws IOException {
        readOffset = offset;
        long bookmark = offset;
        for (long start : openStarts.values()) {
            bookmark = Math.min(bookmark, start);
        }
        acked = bookmark;
        if (acked - HEADER_BYTES >= compactAtBytes && failure == null) {
            compact();
        }
        Path temp = ackFile.resolveSibling(ackFile.getFileName() + ".tmp");
        Files.writeString(temp, generation + " " + acked, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(temp, ackFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Bytes of evidence not yet acknowledged (notices still playing included). */
    long backlogBytes() {
        return size - acked;
    }

    /** Bytes written after the drain's position. */
    long unreadBytes() {
        return size - readOffset;
    }

    /** Notices started in this run whose outcome is not yet written. */
    int openNotices() {
        return openStarts.size();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * Keeps only what is not acknowledged: everything when all of it is (truncation), else the tail copied into a new
     * file of a new generation, fsync'ed and renamed over the old one. A crash half-way leaves either file whole; a
     * bookmark of the other generation replays the whole file.
     */
    private void compact() throws IOException {
        if (acked == size) {
            channel.truncate(HEADER_BYTES);
            channel.force(true);
            shift(size - HEADER_BYTES);
            return;
        }
        Path temp = dir.resolve(FILE + ".compact");
        long newGeneration = new SecureRandom().nextLong();
        try (FileChannel out = channels.open(temp)) {
            out.truncate(0);
            writeFully(out, header(newGeneration), 0);
            // transferTo writes at the target's own position
            out.position(HEADER_BYTES);
            long from = acked;
            while (from < size) {
                from += channel.transferTo(from, size - from, out);
            }
            if (out.size() != HEADER_BYTES + size - acked) {
                throw new IOException("compacted spool has " + out.size() + " bytes, not "
                        + (HEADER_BYTES + size - acked));
            }
            out.force(true);
        } catch (IOException e) {
            log.warn("evidence spool not compacted (it stays as it is): {}", e.toString());
            Files.deleteIfExists(temp);
            return;
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
        channel.close();
        channel = channels.open(file);
        generation = newGeneration;
        shift(acked - HEADER_BYTES);
    }

    private void shift(long delta) {
        size -= delta;
        readOffset -= delta;
        acked -= delta;
        openStarts.replaceAll((key, offset) -> offset - delta);
    }

    private void forceDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException | RuntimeException e) {
            log.debug("spool directory not fsync'ed: {}", e.toString());
        }
    }

    private void createEmpty(Path target) throws IOException {
        Path temp = dir.resolve(FILE + ".new");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, header(new SecureRandom().nextLong()), 0);
            out.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
    }

    private static ByteBuffer header(long generation) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.put(MAGIC).put(FORMAT_VERSION).putLong(generation).flip();
        return header;
    }

    private long readHeader() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        readFully(header, 0);
        header.flip();
        byte[] magic = new byte[MAGIC.length];
        header.get(magic);
        byte version = header.get();
        if (!java.util.Arrays.equals(magic, MAGIC) || version != FORMAT_VERSION) {
            throw new IOException(file + " is not an evidence spool of format version " + FORMAT_VERSION
                    + "; move it aside (it may hold evidence) and start again");
        }
        return header.getLong();
    }

    /** The bookmark of this file's generation, or the first frame when there is none that fits. */
    private long readAcked() throws IOException {
        if (!Files.exists(ackFile)) {
            return HEADER_BYTES;
        }
        String[] parts = Files.readString(ackFile).trim().split(" ");
        try {
            long ofGeneration = Long.parseLong(parts[0]);
            long offset = Long.parseLong(parts[1]);
            if (ofGeneration == generation && offset >= HEADER_BYTES && offset <= size) {
                return offset;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        log.warn("spool bookmark unreadable or of another file; replaying the whole spool (the database drops what "
                + "it already has)");
        return HEADER_BYTES;
    }

    /**
     * Reads what a previous run left after the bookmark: cuts off a torn last frame (never fsync'ed, so no call was
     * told it was kept) and finds the notices that started and never completed.
     */
    private void recoverAfterRestart() throws IOException {
        Set<EvidenceRecord.Key> started = new HashSet<>();
        Set<EvidenceRecord.Key> completed = new HashSet<>();
        FrameReader reader = new FrameReader(acked, size);
        long lastGoodEnd = acked;
        for (Frame frame = reader.next(); frame != null; frame = reader.next()) {
            lastGoodEnd = frame.end();
            if (frame.kind() == Kind.STARTED) {
                started.add(frame.record().key());
            } else if (frame.kind() == Kind.COMPLETED) {
                completed.add(frame.record().key());
            }
        }
        if (lastGoodEnd < size) {
            log.warn("spool ended in a torn frame; dropping its last {} bytes", size - lastGoodEnd);
            channel.truncate(lastGoodEnd);
            channel.force(true);
            size = lastGoodEnd;
        }
        started.removeAll(completed);
        orphans.addAll(started);
        if (!orphans.isEmpty()) {
            log.warn("{} notices started before the last stop have no outcome: they are stored as outcome unknown",
                    orphans.size());
        }
    }

    private static byte[] frame(Kind kind, String json) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        int length = 1 + text.length;
        if (length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("evidence record larger than " + MAX_PAYLOAD + " bytes");
        }
        ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER_BYTES + length);
        frame.putInt(FRAME_MAGIC).putInt(length).putInt(0).put((byte) kind.ordinal()).put(text);
        CRC32C crc = new CRC32C();
        crc.update(frame.array(), 4, 4);
        crc.update(frame.array(), FRAME_HEADER_BYTES, length);
        frame.putInt(8, (int) crc.getValue());
        return frame.array();
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("spool shorter than expected");
            }
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer bytes, long position) throws IOException {
        while (bytes.hasRemaining()) {
            position += out.write(bytes, position);
        }
    }

    /** One readable frame and where it ends. */
    private record Frame(Kind kind, EvidenceRecord record, long end) {
    }

    /** Reads frames from {@code from} up to {@code limit}, skipping (and reporting) bytes that are not one. */
    private final class FrameReader {
        private final long limit;
        private long position;
        private ByteBuffer window = ByteBuffer.allocate(0);
        private long windowStart;

        FrameReader(long from, long limit) {
            this.position = from;
            this.limit = limit;
        }

        /** The next valid frame, or null at the end. */
        Frame next() throws IOException {
            long badFrom = -1;
            while (position + FRAME_HEADER_BYTES <= limit) {
                Frame frame = frameAt(position);
                if (frame != null) {
                    report(badFrom, position);
                    position = frame.end();
                    if (frame.kind() == Kind.PROBE) {
                        badFrom = -1;
                        continue;
                    }
                    return frame;
                }
                if (badFrom < 0) {
                    badFrom = position;
                }
                position++;
            }
            if (position < limit && badFrom < 0) {
                badFrom = position;
            }
            if (badFrom >= 0 && badFrom < limit) {
                report(badFrom, limit);
            }
            position = limit;
            return null;
        }

        private void report(long badFrom, long badTo) {
            if (badFrom >= 0 && badTo > badFrom) {
                log.error("spool bytes {} to {} are not a whole frame (torn or damaged) and are skipped", badFrom,
                        badTo);
            }
        }

        private Frame frameAt(long at) throws IOException {
            ByteBuffer head = bytes(at, FRAME_HEADER_BYTES);
            if (head.getInt(head.position()) != FRAME_MAGIC) {
                return null;
            }
            int length = head.getInt(head.position() + 4);
            int expectedCrc = head.getInt(head.position() + 8);
            if (length < 1 || length > MAX_PAYLOAD || at + FRAME_HEADER_BYTES + length > limit) {
                return null;
            }
            ByteBuffer whole = bytes(at, FRAME_HEADER_BYTES + length);
            int base = whole.position();
            CRC32C crc = new CRC32C();
            crc.update(whole.array(), whole.arrayOffset() + base + 4, 4);
            crc.update(whole.array(), whole.arrayOffset() + base + FRAME_HEADER_BYTES, length);
            if ((int) crc.getValue() != expectedCrc) {
                return null;
            }
            int kindByte = whole.get(base + FRAME_HEADER_BYTES);
            if (kindByte < 0 || kindByte >= Kind.values().length) {
                return null;
            }
            Kind kind = Kind.values()[kindByte];
            long end = at + FRAME_HEADER_BYTES + length;
            if (kind == Kind.PROBE) {
                return new Frame(kind, null, end);
            }
            String json = new String(whole.array(), whole.arrayOffset() + base + FRAME_HEADER_BYTES + 1, length - 1,
                    StandardCharsets.UTF_8);
            try {
                return new Frame(kind, EvidenceJson.decode(json), end);
            } catch (RuntimeException e) {
                log.error("spool frame at offset {} has a valid checksum but no readable record; skipped", at);
                return new Frame(Kind.PROBE, null, end);
            }
        }

        /** {@code n} bytes at {@code at}, as a buffer positioned at them (backed by an array). */
        private ByteBuffer bytes(long at, int n) throws IOException {
            if (at < windowStart || at + n > windowStart + window.limit()) {
                int length = (int) Math.min(Math.max(READ_CHUNK, n), limit - at);
                window = ByteBuffer.allocate(length);
                windowStart = at;
                while (window.hasRemaining()) {
                    if (channel.read(window, at + window.position()) < 0) {
                        break;
                    }
                }
                window.flip();
            }
            ByteBuffer view = window.duplicate();
            view.position((int) (at - windowStart));
            return view;
        }
    }
}
