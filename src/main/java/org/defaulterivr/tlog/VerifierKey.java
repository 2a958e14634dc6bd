package org.defaulterivr.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A public key that checks note signatures, as the note formats name it: a key name, a signature type and the raw
 * Ed25519 public key, from which the 32-bit key ID follows:
 *
 * <pre>
 *   key ID = SHA-256(key name || 0x0A || type || 32-byte public key)[:4]
 * </pre>
 *
 * <p>Two types are supported: {@link #ED25519} (0x01, plain Ed25519 over the note text: how the log signs its
 * checkpoints) and {@link #COSIGNATURE_V1} (0x04, a witness's timestamped cosignature, {@link Cosignature}). Written as
 * a "vkey": {@code <name>+<hex key ID>+<base64(type || public key)>}.
 */
public record VerifierKey(String name, byte type, byte[] publicKey) {

    /** Signature type of plain Ed25519 note signatures. */
    public static final byte ED25519 = 0x01;
    /** Signature type of timestamped Ed25519 checkpoint cosignatures (cosignature/v1). */
    public static final byte COSIGNATURE_V1 = 0x04;

    public VerifierKey {
        checkName(name);
        if (type != ED25519 && type != COSIGNATURE_V1) {
            throw new IllegalArgumentException("signature type 0x" + String.format("%02x", type)
                    + " is not supported (only 0x01 Ed25519 and 0x04 cosignature/v1)");
        }
        if (publicKey.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + publicKey.length);
        }
        publicKey = publicKey.clone();
    }

    public static VerifierKey of(String name, byte type, PublicKey key) {
        return new VerifierKey(name, type, Ed25519.rawPublicKey(key));
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** This key's ID; see the class comment. */
    public int keyId() {
        return keyId(name, type, publicKey);
    }

    /** SHA-256(name || 0x0A || type || publicKey)[:4] as a big-endian integer. */
    public static int keyId(String name, byte type, byte[] publicKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(name.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(type);
            sha256.update(publicKey);
            return ByteBuffer.wrap(sha256.digest()).getInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** Whether {@code signature} claims to be this key's: same key name and key ID. */
    public boolean matches(NoteSignature signature) {
        return signature.keyName().equals(name) && signature.keyId() == keyId();
    }

    /** Whether {@code signature} (which {@link #matches}) is this key's valid signature of the note text. */
    public boolean verify(String text, NoteSignature signature) {
        if (!matches(signature)) {
            return false;
        }
        byte[] bytes = signature.signature();
        if (type == ED25519) {
            return Ed25519.verify(Ed25519.publicKey(publicKey), text.getBytes(StandardCharsets.UTF_8), bytes);
        }
        if (bytes.length != 8 + Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        long timestamp = ByteBuffer.wrap(bytes).getLong();
        return timestamp >= 0 && Ed25519.verify(Ed25519.publicKey(publicKey), Cosignature.message(timestamp, text),
                Arrays.copyOfRange(bytes, 8, bytes.length));
    }

    /** The vkey text: {@code <name>+<hex key ID>+<base64(type || public key)>}. */
    public String vkey() {
        return name + "+" + HexFormat.of().toHexDigits(keyId()) + "+"
                + Base64.getEncoder().encodeToString(Ed25519.concat(new byte[] {type}, publicKey));
    }

    /**
     * Reads a vkey; its key ID must be the one its name, type and key give.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static VerifierKey parse(String vkey) {
        String text = vkey.strip();
        int first = text.indexOf('+');
        int second = first < 0 ? -1 : text.indexOf('+', first + 1);
        if (first <= 0 || second < 0) {
            throw new IllegalArgumentException("a verifier key is <name>+<hex key ID>+<base64 key>");
        }
        String name = text.substring(0, first);
        String id = text.substring(first + 1, second);
        if (!id.matches("[0-9a-f]{8}")) {
            throw new IllegalArgumentException("the key ID of verifier key " + name + " is not 8 lower-case hex digits");
        }
        byte[] typed;
        try {
            typed = Base64.getDecoder().decode(text.substring(second + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key of verifier key " + name + " is not base64");
        }
        if (typed.length != 1 + Ed25519.PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException("verifier key " + name + " is not a type byte and a 32-byte Ed25519 key");
        }
        VerifierKey key = new VerifierKey(name, typed[0], Arrays.copyOfRange(typed, 1, typed.length));
        if (key.keyId() != HexFormat.fromHexDigits(id)) {
            throw new IllegalArgumentException("verifier key " + name + " gives key ID "
                    + HexFormat.of().toHexDigits(key.keyId()) + ", not " + id);
        }
        return key;
    }

    static void checkName(String name) {
        Objects.requireNonNull(name, "key name");
        if (name.isEmpty() || name.codePoints().anyMatch(c -> c == '+' || Character.isWhitespace(c)
                || Character.isSpaceChar(c) || c < 0x20)) {
            throw new IllegalArgumentException("a key name is not empty and holds no spaces or '+': \"" + name + "\"");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerifierKey that && name.equals(that.name) && type == that.type
                && Arrays.equals(publicKey, that.publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(publicKey));
    }

    @Override
    public String toString() {
        return vkey();
    }
}
