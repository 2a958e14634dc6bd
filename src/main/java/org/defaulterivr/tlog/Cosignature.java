package org.defaulterivr.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Timestamped Ed25519 checkpoint cosignatures (c2sp.org/tlog-cosignature, {@code cosignature/v1}, note signature type
 * 0x04). The signature bytes after the key ID are an 8-byte big-endian POSIX timestamp (seconds) followed by the 64-byte
 * Ed25519 signature of
 *
 * <pre>
 *   cosignature/v1\n
 *   time &lt;timestamp in decimal&gt;\n
 *   &lt;the checkpoint's note text, extension lines included, final newline included&gt;
 * </pre>
 *
 * <p>It states: as of that time, the largest consistent tree the cosigner has seen for this origin has this root.
 */
public final class Cosignature {

    private Cosignature() {
    }

    /** The bytes a cosignature made at {@code timestamp} (seconds) over {@code noteText} signs. */
    public static byte[] message(long timestamp, String noteText) {
        if (timestamp < 0) {
            throw new IllegalArgumentException("a cosignature timestamp is not negative");
        }
        return ("cosignature/v1\ntime " + timestamp + "\n" + noteText).getBytes(StandardCharsets.UTF_8);
    }

    /** The timestamp (POSIX seconds) of a cosignature/v1 signature line, or -1 if it is not one. */
    public static long timestamp(NoteSignature signature) {
        byte[] bytes = signature.signature();
        return bytes.length == 8 + Ed25519.SIGNATURE_SIZE ? ByteBuffer.wrap(bytes).getLong() : -1;
    }
}
