package org.defaulterivr.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import org.defaulterivr.evidence.merkle.TreeHasher;
import org.defaulterivr.tlog.Ed25519;
import org.defaulterivr.tlog.NoteSigner;
import org.defaulterivr.tlog.VerifierKey;

/**
 * Signs tree heads with the log's Ed25519 key.
 *
 * <p>The key pair lives in a directory as two PEM files: {@value #PRIVATE_KEY_FILE} (PKCS#8, {@code BEGIN PRIVATE
 * KEY}, owner read/write only where the file system has POSIX permissions) and {@value #PUBLIC_KEY_FILE} (X.509
 * SubjectPublicKeyInfo, {@code BEGIN PUBLIC KEY}), the one auditors get.
 */
public final class TreeHeadSigner {

    public static final String PRIVATE_KEY_FILE = "tree-head-key.pem";
    public static final String PUBLIC_KEY_FILE = "tree-head-key.pub.pem";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private TreeHeadSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A signer with a fresh key that is never stored: for tests and throw-away logs. */
    public static TreeHeadSigner generate() {
        KeyPair pair = newKeyPair();
        return new TreeHeadSigner(pair.getPrivate(), pair.getPublic());
    }

    /**
     * Loads the key pair from {@code directory}, or creates and stores one if neither file exists yet.
     *
     * @throws IllegalStateException if only one of the two files exists or they do not belong together: a new key
     *                               would silently orphan every head signed so far, so an operator must decide
     */
    public static TreeHeadSigner loadOrCreate(Path directory) throws IOException {
        Path privateFile = directory.resolve(PRIVATE_KEY_FILE);
        Path publicFile = directory.resolve(PUBLIC_KEY_FILE);
        boolean hasPrivate = Files.exists(privateFile);
        boolean hasPublic = Files.exists(publicFile);
        if (hasPrivate && hasPublic) {
            return load(privateFile, publicFile);
        }
        if (hasPrivate || hasPublic) {
            throw new IllegalStateException("found " + (hasPrivate ? privateFile : publicFile) + " but not "
                    + (hasPrivate ? publicFile : privateFile) + "; restore the missing key file or move both away");
        }
        KeyPair pair = newKeyPair();
        store(directory, pair, privateFile, publicFile);
        return new TreeHeadSigner(pair.getPrivate(), pair.getPublic());
    }

    /** A signed tree head for the tree of {@code treeSize} records with root {@code rootHash}, made at {@code timestamp}. */
    public SignedTreeHead sign(long treeSize, byte[] rootHash, Instant timestamp) {
        SignedTreeHead unsigned = new SignedTreeHead(treeSize, rootHash, timestamp, new byte[0]);
        return new SignedTreeHead(treeSize, rootHash, unsigned.timestamp(), sign(unsigned.signedBytes()));
    }

    /** The public key as auditors receive it: X.509 SubjectPublicKeyInfo in PEM. */
    public String publicKeyPem() {
        return Pem.encode("PUBLIC KEY", publicKey.getEncoded());
    }

    /**
     * The same key as a signed-note signer under the log's origin: it signs the log's checkpoints
     * (c2sp.org/tlog-checkpoint). A checkpoint's text starts with the origin line and holds no control character,
     * a tree head's signed bytes hold the size's zero bytes, so no message of one kind reads as one of the other.
     */
    public NoteSigner noteSigner(String origin) {
        return new NoteSigner(origin, VerifierKey.ED25519, privateKey, publicKey);
    }

    /** The origin of this key's checkpoints when none is configured: {@code defaulter-ivr/log-<16 hex>}, from the key. */
    public String defaultOrigin() {
        return defaultOrigin(publicKey);
    }

    /** {@link #defaultOrigin()} of a public key. */
    public static String defaultOrigin(PublicKey publicKey) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Ed25519.rawPublicKey(publicKey));
            return "defaulter-ivr/log-" + java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** A verifier for this signer's heads. */
    public TreeHeadVerifier verifier() {
        return new TreeHeadVerifier(publicKey);
    }

    private byte[] sign(byte[] message) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(privateKey);
            ed25519.update(message);
            return ed25519.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the tree head key", e);
        }
    }

    private static TreeHeadSigner load(Path privateFile, Path publicFile) throws IOException {
        PrivateKey privateKey;
        try {
            byte[] der = Pem.decode("PRIVATE KEY", Files.readString(privateFile, StandardCharsets.US_ASCII));
            privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(privateFile + " is not an Ed25519 private key in PKCS#8 PEM", e);
        }
        PublicKey publicKey;
        try {
            publicKey = TreeHeadVerifier.parsePublicKey(Files.readString(publicFile, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(publicFile + " is not an Ed25519 public key in PEM", e);
        }
        TreeHeadSigner signer = new TreeHeadSigner(privateKey, publicKey);
        SignedTreeHead probe = signer.sign(0, TreeHasher.emptyRoot(), Instant.EPOCH);
        if (!signer.verifier().verify(probe)) {
            throw new IllegalStateException(publicFile + " is not the public key of " + privateFile);
        }
        return signer;
    }

    private static void store(Path directory, KeyPair pair, Path privateFile, Path publicFile) throws IOException {
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(directory)) {
            if (posix) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(directory);
            }
        }
        // Write both under temporary names first so a crash never leaves a half-written key under the real name.
        Path privateTemp = posix
                ? Files.createTempFile(directory, PRIVATE_KEY_FILE, ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(directory, PRIVATE_KEY_FILE, ".tmp");
        Path publicTemp = Files.createTempFile(directory, PUBLIC_KEY_FILE, ".tmp");
        try {
            if (!posix) {
                restrictToOwner(privateTemp);
            }
            Files.writeString(privateTemp, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()),
                    StandardCharsets.US_ASCII);
            Files.writeString(publicTemp, Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()),
                    StandardCharsets.US_ASCII);
            if (posix) {
                Files.setPosixFilePermissions(publicTemp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(privateTemp, privateFile, StandardCopyOption.ATOMIC_MOVE);
            Files.move(publicTemp, publicFile, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(privateTemp);
            Files.deleteIfExists(publicTemp);
        }
    }

    private static void restrictToOwner(Path file) {
        var f = file.toFile();
        f.setReadable(false, false);
        f.setWritable(false, false);
        f.setReadable(true, true);
        f.setWritable(true, true);
    }

    private static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is built into Java 15 and later", e);
        }
    }
}
