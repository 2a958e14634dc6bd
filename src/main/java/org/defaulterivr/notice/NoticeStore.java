package org.defaulterivr.notice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Telephony WAV files on disk, named {@code <sha256>.wav} after their content, in the directory Asterisk plays
 * notices from.
 *
 * <p>Because the name is the content's hash, storing the same audio twice yields one file, a file never changes
 * once written, and the hash in an evidence record proves which audio a caller heard. Files are written to a
 * temporary name, flushed to disk, then renamed into place, so Asterisk never sees half a file, even after a
 * crash. They are made world-readable (0644) because Asterisk usually runs as a different user.
 *
 * <p>All methods block on the file system: call them from a worker thread, never a Vert.x event loop. Safe for
 * concurrent use, also by several processes sharing the directory.
 */
public final class NoticeStore {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final String SUFFIX = ".wav";

    private final Path dir;

    /** @param dir where notice files live; created (with parents) when the first notice is stored if missing */
    public NoticeStore(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    /**
     * Stores a telephony WAV under its SHA-256, unless a file with that hash is already there.
     *
     * @throws IllegalArgumentException if the bytes are not an 8 kHz 16-bit mono WAV (convert uploads with
     *                                  {@link TelephonyAudio} first)
     * @throws IOException              if the directory or file cannot be written
     */
    public StoredNotice store(byte[] telephonyWav) throws IOException {
        long durationMs = TelephonyAudio.durationMillis(telephonyWav);
        String sha256 = sha256Hex(telephonyWav);
        Path target = pathFor(sha256);
        if (!Files.isRegularFile(target)) {
            writeAtomically(target, telephonyWav);
        }
        return new StoredNotice(sha256, durationMs, telephonyWav.length, target);
    }

    /**
     * The file for a hash, if stored.
     *
     * @throws IllegalArgumentException unless {@code sha256} is exactly 64 lower-case hex digits, so no caller
     *                                  input can name a file outside the directory
     */
    public Optional<Path> find(String sha256) {
        Path path = pathFor(sha256);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    /** Where the notice with this hash is kept, whether or not it is there: no I/O, safe on an event loop. */
    public Path pathFor(String sha256) {
        if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 in lower-case hex: " + sha256);
        }
        return dir.resolve(sha256 + SUFFIX);
    }

    private void writeAtomically(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        // Same directory as the target, so the rename cannot cross file systems.
        Path temp = Files.createTempFile(dir, ".incoming-", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            makeReadableByAll(temp);
            // A concurrent store of the same content may have won the race; replacing it with identical bytes is
            // harmless, and rename(2) replaces atomically.
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("notice directory " + dir + " does not support atomic renames", e);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory();
    }

    private static void makeReadableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows development machine): default permissions will do.
        }
    }

    /** Makes the rename itself durable; without it a crash could lose the new directory entry. */
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open or sync a directory; the file's own data is already on disk.
        }
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
