package org.defaulterivr.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Where the operator finds the admin token a node makes at its first start: {@value #FILE_NAME} in the data
 * directory, readable only by the service's user (0600), never on standard output or in the log. It stays there,
 * across failed starts, until the token is first used; then it is removed. All methods block (file I/O).
 */
public final class FirstAdminTokenFile {
    public static final String FILE_NAME = "first-admin-token";

    private final Path file;

    public FirstAdminTokenFile(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    /** The token kept from an earlier start, if any. */
    public Optional<String> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        return AccessTokens.plausible(token) ? Optional.of(token) : Optional.empty();
    }

    /** Writes a new token atomically, with owner-only permissions from the moment the file exists. */
    public void write(String token) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temp); // not a POSIX file system: the data directory's own permissions guard it
        }
        Files.writeString(temp, token + "\n", StandardCharsets.US_ASCII);
        try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes the file if it holds the token with this SHA-256 (the token has been used). */
    public void forget(byte[] sha256) throws IOException {
        Optional<String> kept = read();
        if (kept.isPresent() && AccessTokens.sameHash(AccessTokens.hash(kept.get()), sha256)) {
            Files.deleteIfExists(file);
        }
    }

    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
