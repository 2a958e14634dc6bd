package org.defaulterivr.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's local, append-only record of evidence not yet in PostgreSQL. A record is in the spool (written and, by
 * default, fsync'ed) before its call's session ends, so neither a database outage nor a crash of the process loses
 * it. The acknowledged offset says how much is safely in the database; replays after a crash are made harmless by
 * the database's unique key on (node, call).
 *
 * <p>Blocking file I/O, not thread-safe: used from one worker thread only ({@link EvidenceLog} sees to that).
 */
final class EvidenceSpool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EvidenceSpool.class);
    private static final long COMPACT_AT_BYTES = 8L * 1024 * 1024;
    private static final int READ_CHUNK = 1024 * 1024;

    private final Path ackFile;
    private final FileChannel channel;
    private final boolean fsync;
    private long size;
    private long acked;

    /** A batch of records read from the spool, and the offset to acknowledge once they are stored. */
    record Pending(List<EvidenceRecord> records, long endOffset) {
    }

    EvidenceSpool(Path dir, boolean fsync) throws IOException {
        Files.createDirectories(dir);
        this.fsync = fsync;
        this.ackFile = dir.resolve("evidence.acked");
        this.channel = FileChannel.open(dir.resolve("evidence.jsonl"),
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.size = channel.size();
        this.acked = readAcked(ackFile);
        if (acked > size) {
            // compaction truncated the file but the crash came before the new offset was written
            acked = 0;
        }
        dropTornTail();
    }

    /** Appends records and (unless fsync is off) forces them to disk before returning. */
    void append(List<String> lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            size += channel.write(bytes, size);
        }
        if (fsync) {
            channel.force(false);
        }
    }

    /** Up to {@code max} records after the acknowledged offset. */
    Pending readPending(int max) throws IOException {
        List<EvidenceRecord> records = new ArrayList<>();
        long offset = acked;
        while (records.size() < max && offset < size) {
            int length = (int) Math.min(READ_CHUNK, size - offset);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) >= 0) {
                // read the whole chunk
            }
            byte[] bytes = buffer.array();
            int start = 0;
            for (int i = 0; i < length && records.size() < max; i++) {
                if (bytes[i] == '\n') {
                    String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                    try {
                        records.add(EvidenceJson.decode(line));
                    } catch (RuntimeException e) {
                        log.error("spool line at offset {} is unreadable and is skipped", offset + start);
                    }
                    start = i + 1;
                }
            }
            if (start == 0) {
                break;
            }
            offset += start;
        }
        return new Pending(records, offset);
    }

    /**
     * The acknowledged offset, or 0 if there is none or it cannot be read (a power cut can leave it empty: it is not
     * fsync'ed). It is only a bookmark: starting from too early replays records the database already holds, and its
     * unique key on (occurred_at, node, call) drops them.
     */
    private static long readAcked(Path ackFile) throws IOException {
        if (!Files.exists(ackFile)) {
            return 0;
        }
        String text = Files.readString(ackFile).trim();
        try {
            return Math.max(0, Long.parseLong(text));
        } catch (NumberFormatException e) {
            log.warn("spool bookmark unreadable; replaying the whole spool (the database drops what it already has)");
            return 0;
        }
    }

    /**
     * Marks everything before {@code offset} as stored in the database; compacts the file when it is all stored. The
     * bookmark is replaced atomically but not fsync'ed: losing it costs a replay, never a record.
     */
    void acknowledge(long offset) throws IOException {
        if (offset == size && size >= COMPACT_AT_BYTES) {
            channel.truncate(0);
            channel.force(true);
            size = 0;
            offset = 0;
        }
        Path temp = ackFile.resolveSibling(ackFile.getFileName() + ".tmp");
        Files.writeString(temp, Long.toString(offset), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(temp, ackFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        acked = offset;
    }

    /** Bytes of evidence not yet acknowledged. */
    long backlogBytes() {
        return size - acked;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A line cut short by a crash was never fsync'ed, so no call was told it was kept: cut it off. */
    private void dropTornTail() throws IOException {
        if (size == 0) {
            return;
        }
        long end = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > acked) {
            one.clear();
            channel.read(one, end - 1);
            if (one.get(0) == '\n') {
                break;
            }
            end--;
        }
        if (end < size) {
            log.warn("spool ended in a torn line; dropping its last {} bytes", size - end);
            channel.truncate(end);
            channel.force(true);
            size = end;
        }
    }
}
