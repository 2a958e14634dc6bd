package org.defaulterivr.config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/** A random key kept in a file readable only by the service's user, made on first start and reused after. */
public final class SecretFile {
    private SecretFile() {
    }

    public static byte[] loadOrCreate(Path file, int bytes) {
        try {
            if (Files.exists(file)) {
                byte[] existing = Files.readAllBytes(file);
                if (existing.length < bytes) {
                    throw new ConfigException("key file " + file + " is shorter than " + bytes + " bytes");
                }
                return existing;
            }
            Files.createDirectories(file.getParent());
            byte[] key = new byte[bytes];
            new SecureRandom().nextBytes(key);
            Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            restrict(temp);
            Files.write(temp, key, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            try {
                Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(temp);
                return Files.readAllBytes(file);
            }
            return key;
        } catch (IOException e) {
            throw new ConfigException("cannot read or create key file " + file + ": " + e.getMessage());
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: rely on the data directory's own permissions
        }
    }
}
