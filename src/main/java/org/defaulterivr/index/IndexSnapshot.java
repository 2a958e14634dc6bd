package org.defaulterivr.index;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The last good registry index, kept on local disk, so that a node restarting while the database is down still
 * screens calls: from what it knew, with a metric that says how old that is. Holds case numbers and called numbers
 * (what the call path needs), no debtor data; it lives in the node's data directory beside the evidence spool.
 *
 * <p>Blocking file I/O: call from a worker thread.
 */
public final class IndexSnapshot {
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;

    /** What a snapshot holds: the listings, the global allowlist, and when the index matched the database. */
    public record Contents(int version, Instant asOf, List<Listing> listings, Set<String> exemptCallers) {
    }

    public IndexSnapshot(Path file) {
        this.file = file;
    }

    /** Writes atomically: a crash mid-write leaves the previous snapshot in place. */
    public void write(List<Listing> listings, Set<String> exemptCallers, Instant asOf) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(temp))) {
            JSON.writeValue(out, new Contents(VERSION, asOf, listings, exemptCallers));
        }
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The snapshot, or empty if there is none or it cannot be read (then the node waits for the database). */
    public Optional<Contents> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            Contents contents = JSON.readValue(in, new TypeReference<Contents>() { });
            return contents.version() == VERSION ? Optional.of(contents) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
