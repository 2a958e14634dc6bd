package org.defaulterivr.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * Makes note signatures with an Ed25519 key under a key name: plain ({@link VerifierKey#ED25519}, how the log signs
 * its checkpoints) or timestamped cosignatures ({@link VerifierKey#COSIGNATURE_V1}, how a witness cosigns). One key
 * should be used for one of the two only.
 */
public final class NoteSigner {

    private final PrivateKey privateKey;
    private final VerifierKey verifierKey;

    public NoteSigner(String name, byte type, PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.verifierKey = VerifierKey.of(name, type, publicKey);
    }

    /** The key others check this signer's signatures with. */
    public VerifierKey verifierKey() {
        return verifierKey;
    }

    /** A plain Ed25519 signature of the note text. */
    public NoteSignature sign(String text) {
        if (verifierKey.type() != VerifierKey.ED25519) {
            throw new IllegalStateException("this key makes cosignatures, not plain note signatures");
        }
        new SignedNote(text, java.util.List.of()); // the text rules
        return new NoteSignature(verifierKey.name(), verifierKey.keyId(),
                Ed25519.sign(privateKey, text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A cosignature/v1 of the checkpoint note text, made at {@code timestamp} (POSIX seconds). */
    public NoteSignature cosign(String checkpointText, long timestamp) {
        if (verifierKey.type() != VerifierKey.COSIGNATURE_V1) {
            throw new IllegalStateException("this key makes plain note signatures, not cosignatures");
        }
        byte[] signature = Ed25519.sign(privateKey, Cosignature.message(timestamp, checkpointText));
        return new NoteSignature(verifierKey.name(), verifierKey.keyId(),
                ByteBuffer.allocate(8 + signature.length).putLong(timestamp).put(signature).array());
    }
}
