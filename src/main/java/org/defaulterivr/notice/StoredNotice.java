package org.defaulterivr.notice;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A telephony WAV kept by the {@link NoticeStore}, named by the SHA-256 of its bytes.
 *
 * @param sha256     SHA-256 of the file's bytes, 64 lower-case hex digits; the evidence log records it
 * @param durationMs length of the recording in milliseconds
 * @param sizeBytes  file size in bytes, header included
 * @param path       where the file is
 */
public record StoredNotice(String sha256, long durationMs, long sizeBytes, Path path) {

    public StoredNotice {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(path, "path");
    }
}
