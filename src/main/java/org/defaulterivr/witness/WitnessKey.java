package org.defaulterivr.witness;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import org.defaulterivr.config.SecretFile;
import org.defaulterivr.tlog.NoteSigner;
import org.defaulterivr.tlog.VerifierKey;

/**
 * A witness's cosigning key: a 32-byte Ed25519 seed in a file readable by its owner only, made on first start. The
 * public key is what courts, auditors and the log configure ({@link VerifierKey#vkey()}).
 */
public final class WitnessKey {

    private WitnessKey() {
    }

    public static NoteSigner loadOrCreate(Path file, String name) {
        byte[] seed = java.util.Arrays.copyOf(SecretFile.loadOrCreate(file, 32), 32);
        return fromSeed(name, seed);
    }

    /** The cosigner of this seed (RFC 8032 §5.1.5: the private key is the seed, the public key follows from it). */
    public static NoteSigner fromSeed(String name, byte[] seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(255, new FixedSeed(seed));
            KeyPair pair = generator.generateKeyPair();
            return new NoteSigner(name, VerifierKey.COSIGNATURE_V1, pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is built into Java 15 and later", e);
        }
    }

    /** Hands the key pair generator the stored seed as its 32 random bytes. */
    private static final class FixedSeed extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("an Ed25519 seed has 32 bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }
    }
}
