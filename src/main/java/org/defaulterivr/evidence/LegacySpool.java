package org.defaulterivr.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool of earlier versions ({@code evidence.jsonl}, one JSON record per line, and its bookmark {@code
 * evidence.acked}): its records not yet in the database are moved into the framed spool once, then the old files
 * are removed. A line that cannot be read is reported and left behind in {@code evidence.jsonl.unreadable}.
 */
final class LegacySpool {
    private static final Logger log = LoggerFactory.getLogger(LegacySpool.class);

    private LegacySpool() {
    }

    static void importInto(Path dir, EvidenceSpool spool) throws IOException {
        Path lines = dir.resolve("evidence.jsonl");
        if (!Files.exists(lines)) {
            return;
        }
        Path bookmark = dir.resolve("evidence.acked");
        long acked = 0;
        if (Files.exists(bookmark)) {
            try {
                acked = Math.max(0, Long.parseLong(Files.readString(bookmark).trim()));
            } catch (NumberFormatException e) {
                acked = 0;
            }
        }
        List<EvidenceSpool.Entry> entries = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        byte[] all = Files.readAllBytes(lines);
        int from = (int) Math.min(acked, all.length);
        // the bookmark is a byte offset at a line's start; a last line without its newline was torn by a crash
        for (String line : new String(all, from, all.length - from, StandardCharsets.UTF_8).split("\n", -1)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                entries.add(new EvidenceSpool.Entry(EvidenceSpool.Kind.COMPLETED, EvidenceJson.decode(line)));
            } catch (RuntimeException e) {
                unreadable.add(line);
            }
        }
        if (!entries.isEmpty()) {
            spool.append(entries);
        }
        if (!unreadable.isEmpty()) {
            Files.write(dir.resolve("evidence.jsonl.unreadable"), unreadable, StandardCharsets.UTF_8);
            log.error("{} lines of the old spool could not be read; kept in evidence.jsonl.unreadable",
                    unreadable.size());
        }
        Files.delete(lines);
        Files.deleteIfExists(bookmark);
        log.info("moved {} records from the old line spool into the framed spool", entries.size());
    }
}
