package org.defaulterivr.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The latest signed tree head this node knows, kept outside the database ({@code data.dir/log/heads/latest}) and
 * replaced durably ({@link DurableFile}) before the head goes into the database, where anyone can read it. A head once
 * signed therefore cannot disappear with a database rolled back or restored from a backup: the sequencer compares the
 * log it finds with this head and refuses to sign over a log that does not extend it. Text, one item per line:
 *
 * <pre>
 *   defaulter-ivr signed tree head v1
 *   size &lt;tree size&gt;
 *   root &lt;hex root hash&gt;
 *   timestamp &lt;milliseconds since 1970&gt;
 *   signature &lt;base64 Ed25519 signature&gt;
 * </pre>
 *
 * Blocking: call it off the event loop.
 */
public final class HeadStore {
    private static final String HEADER = "defaulter-ivr signed tree head v1";

    private final Path file;

    public HeadStore(Path directory) {
        this.file = directory.resolve("latest");
    }

    public Path file() {
        return file;
    }

    public Optional<SignedTreeHead> read() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String[] lines = text.split("\n");
        try {
            if (lines.length != 5 || !lines[0].equals(HEADER)) {
                throw new IllegalArgumentException("not " + HEADER);
            }
            return Optional.of(new SignedTreeHead(Long.parseLong(value(lines[1], "size")),
                    HexFormat.of().parseHex(value(lines[2], "root")),
                    Instant.ofEpochMilli(Long.parseLong(value(lines[3], "timestamp"))),
                    Base64.getDecoder().decode(value(lines[4], "signature"))));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a signed tree head (" + e.getMessage() + "); restore it from a backup",
                    e);
        }
    }

    public void write(SignedTreeHead head) throws IOException {
        String text = HEADER + "\nsize " + head.treeSize() + "\nroot " + HexFormat.of().formatHex(head.rootHash())
                + "\ntimestamp " + head.timestamp().toEpochMilli() + "\nsignature "
                + Base64.getEncoder().encodeToString(head.signature()) + "\n";
        DurableFile.replace(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String value(String line, String key) {
        if (!line.startsWith(key + " ")) {
            throw new IllegalArgumentException("expected " + key);
        }
        return line.substring(key.length() + 1);
    }
}
