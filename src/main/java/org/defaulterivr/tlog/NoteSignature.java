package org.defaulterivr.tlog;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One signature line of a signed note: {@code — <key name> base64(key ID || signature)}. The key name and the 32-bit
 * key ID together say which key made it and with which algorithm; the bytes after the key ID are that algorithm's.
 *
 * @param keyName   the signer's name: not empty, no spaces, no {@code +}
 * @param keyId     the key ID, {@link VerifierKey#keyId}
 * @param signature the bytes after the key ID
 */
public record NoteSignature(String keyName, int keyId, byte[] signature) {

    /** The em dash (U+2014) and space every signature line starts with. */
    public static final String PREFIX = "\u2014 ";

    public NoteSignature {
        VerifierKey.checkName(keyName);
        Objects.requireNonNull(signature, "signature");
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The line, with its newline. */
    public String line() {
        byte[] bytes = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
        return PREFIX + keyName + " " + Base64.getEncoder().encodeToString(bytes) + "\n";
    }

    /**
     * Reads one signature line without its newline.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static NoteSignature parse(String line) {
        if (!line.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a signature line starts with an em dash and a space");
        }
        String rest = line.substring(PREFIX.length());
        int space = rest.indexOf(' ');
        if (space <= 0 || rest.indexOf(' ', space + 1) >= 0) {
            throw new IllegalArgumentException("a signature line is \"\u2014 <key name> <base64>\"");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(rest.substring(space + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the signature of " + rest.substring(0, space) + " is not base64");
        }
        if (bytes.length < 5) {
            throw new IllegalArgumentException("the signature of " + rest.substring(0, space)
                    + " is too short to hold a key ID and a signature");
        }
        return new NoteSignature(rest.substring(0, space), ByteBuffer.wrap(bytes).getInt(),
                Arrays.copyOfRange(bytes, 4, bytes.length));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoteSignature that && keyName.equals(that.keyName) && keyId == that.keyId
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyName, keyId, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return line().strip();
    }
}
