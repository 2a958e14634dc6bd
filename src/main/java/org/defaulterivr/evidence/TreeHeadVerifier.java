package org.defaulterivr.evidence;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

/** Checks tree head signatures with the log's Ed25519 public key, and nothing else: what an auditor holds. */
public final class TreeHeadVerifier {

    private final PublicKey publicKey;

    TreeHeadVerifier(PublicKey publicKey) {
        this.publicKey = publicKey;
    }

    /**
     * @param publicKeyPem an X.509 SubjectPublicKeyInfo in PEM ({@code -----BEGIN PUBLIC KEY-----}) holding an Ed25519
     *                     key, as {@link TreeHeadSigner#publicKeyPem()} writes it
     * @throws IllegalArgumentException if it is not one
     */
    public static TreeHeadVerifier fromPem(String publicKeyPem) {
        return new TreeHeadVerifier(parsePublicKey(publicKeyPem));
    }

    /** Whether {@code head}'s signature is valid for its size, root and timestamp. */
    public boolean verify(SignedTreeHead head) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(publicKey);
            ed25519.update(head.signedBytes());
            return ed25519.verify(head.signature());
        } catch (java.security.SignatureException e) {
            return false; // a malformed signature is just an invalid one
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is built into Java 15 and later", e);
        }
    }

    /** The log's key as the signed-note verifier key of its checkpoints, under {@code origin}. */
    public org.defaulterivr.tlog.VerifierKey noteKey(String origin) {
        return org.defaulterivr.tlog.VerifierKey.of(origin, org.defaulterivr.tlog.VerifierKey.ED25519, publicKey);
    }

    /** The origin of this key's checkpoints when none is configured ({@link TreeHeadSigner#defaultOrigin}). */
    public String defaultOrigin() {
        return TreeHeadSigner.defaultOrigin(publicKey);
    }

    static PublicKey parsePublicKey(String pem) {
        byte[] der = Pem.decode("PUBLIC KEY", pem);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the PUBLIC KEY PEM block is not an Ed25519 public key", e);
        }
    }
}
