package org.defaulterivr.witness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.defaulterivr.evidence.DurableFile;
import org.defaulterivr.tlog.SignedNote;

/**
 * What a witness must not forget: for each log (by origin), the latest checkpoint it cosigned, kept as the signed note
 * it was (the log's signature and the witness's cosignature), one file per log named by the SHA-256 of the origin,
 * replaced durably ({@link DurableFile}) before the cosignature is returned. Checkpoints it refused although the log
 * signed them (a fork, an inconsistent proof) are kept too, under {@code refused/}: they prove the log misbehaved.
 * Blocking file I/O.
 */
public final class WitnessStore {

    private final Path directory;

    public WitnessStore(Path directory) {
        this.directory = directory;
    }

    /** The latest checkpoint cosigned for {@code origin}, if any. */
    public Optional<SignedNote> latest(String origin) throws IOException {
        return read(file(origin));
    }

    /** The latest checkpoint cosigned for the log whose origin has this SHA-256 (lower-case hex), if any. */
    public Optional<SignedNote> latestByOriginHash(String originHash) throws IOException {
        if (!originHash.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        return read(directory.resolve("checkpoints").resolve(originHash));
    }

    /** Durably replaces the latest checkpoint of {@code origin}. */
    public void replace(String origin, SignedNote cosigned) throws IOException {
        DurableFile.replace(file(origin), cosigned.format().getBytes(StandardCharsets.UTF_8));
    }

    /** Keeps a validly signed checkpoint the witness refused, as evidence against the log. */
    public void keepRefused(String origin, long size, SignedNote note, String reason, Instant at) throws IOException {
        Path file = directory.resolve("refused").resolve(originHash(origin) + "-" + size + "-" + at.toEpochMilli());
        DurableFile.replace(file, ("# " + reason.replace('\n', ' ') + "\n" + note.format())
                .getBytes(StandardCharsets.UTF_8));
    }

    private Optional<SignedNote> read(Path file) throws IOException {
        try {
            return Optional.of(SignedNote.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a signed checkpoint: " + e.getMessage()
                    + "; restore it from a backup rather than delete it (the witness would forget the log)", e);
        }
    }

    private Path file(String origin) {
        return directory.resolve("checkpoints").resolve(originHash(origin));
    }

    /** The SHA-256 of the origin in lower-case hex, as the tlog-witness monitoring URL names a log. */
    public static String originHash(String origin) {
        return org.defaulterivr.tlog.Checkpoint.originHash(origin);
    }
}
