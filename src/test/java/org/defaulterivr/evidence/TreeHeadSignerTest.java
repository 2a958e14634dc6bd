package org.defaulterivr.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.defaulterivr.evidence.merkle.TreeHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeHeadSignerTest {

    private static final byte[] ROOT = TreeHasher.leafHash("some root".getBytes(StandardCharsets.US_ASCII));
    private static final Instant WHEN = Instant.parse("2025-06-02T10:15:30.123Z");

    @Test
    void signedBytesAreThePrefixSizeMillisAndRoot() {
        byte[] signed = SignedTreeHead.signedBytes(0x0102030405060708L, ROOT, WHEN);
        String expected = HexFormat.of().formatHex("defaulter-ivr tree head v1\n".getBytes(StandardCharsets.US_ASCII))
                + "0102030405060708"
                + String.format("%016x", WHEN.toEpochMilli())
                + HexFormat.of().formatHex(ROOT);
        assertEquals(expected, HexFormat.of().formatHex(signed));
        assertEquals(27 + 8 + 8 + 32, signed.length);
    }

    @Test
    void aSignedHeadVerifiesWithThePublicKeyPemAlone() {
        TreeHeadSigner signer = TreeHeadSigner.generate();
        SignedTreeHead head = signer.sign(42, ROOT, WHEN);
        TreeHeadVerifier verifier = TreeHeadVerifier.fromPem(signer.publicKeyPem());
        assertTrue(verifier.verify(head));
        assertEquals(64, head.signature().length);
    }

    @Test
    void changingSizeRootTimestampOrSignatureBreaksTheSignature() {
        TreeHeadSigner signer = TreeHeadSigner.generate();
        SignedTreeHead head = signer.sign(42, ROOT, WHEN);
        TreeHeadVerifier verifier = signer.verifier();
        byte[] otherRoot = ROOT.clone();
        otherRoot[31] ^= 1;
        byte[] otherSignature = head.signature();
        otherSignature[0] ^= 1;
        assertFalse(verifier.verify(new SignedTreeHead(43, ROOT, WHEN, head.signature())));
        assertFalse(verifier.verify(new SignedTreeHead(42, otherRoot, WHEN, head.signature())));
        assertFalse(verifier.verify(new SignedTreeHead(42, ROOT, WHEN.plusMillis(1), head.signature())));
        assertFalse(verifier.verify(new SignedTreeHead(42, ROOT, WHEN, otherSignature)));
        assertFalse(verifier.verify(new SignedTreeHead(42, ROOT, WHEN, new byte[3])), "malformed signature");
        assertFalse(TreeHeadSigner.generate().verifier().verify(head), "another key");
    }

    @Test
    void timestampsAreKeptToTheMillisecond() {
        SignedTreeHead head = TreeHeadSigner.generate().sign(1, ROOT, Instant.parse("2025-06-02T10:15:30.123999Z"));
        assertEquals(WHEN, head.timestamp());
    }

    @Test
    void aStoredKeyIsReloadedAsTheSameKey(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        TreeHeadSigner created = TreeHeadSigner.loadOrCreate(keys);
        TreeHeadSigner reloaded = TreeHeadSigner.loadOrCreate(keys);
        assertEquals(created.publicKeyPem(), reloaded.publicKeyPem());
        assertEquals(created.publicKeyPem(),
                Files.readString(keys.resolve(TreeHeadSigner.PUBLIC_KEY_FILE), StandardCharsets.US_ASCII));
        assertTrue(created.verifier().verify(reloaded.sign(7, ROOT, WHEN)));
        assertTrue(Files.readString(keys.resolve(TreeHeadSigner.PRIVATE_KEY_FILE)).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        try (var files = Files.list(keys)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void thePrivateKeyFileIsReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        TreeHeadSigner.loadOrCreate(dir);
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(TreeHeadSigner.PRIVATE_KEY_FILE))));
    }

    @Test
    void aMissingHalfOfTheKeyPairIsAnErrorNotANewKey(@TempDir Path dir) throws Exception {
        TreeHeadSigner.loadOrCreate(dir);
        Files.delete(dir.resolve(TreeHeadSigner.PUBLIC_KEY_FILE));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TreeHeadSigner.loadOrCreate(dir));
        assertTrue(e.getMessage().contains("restore the missing key file"), e.getMessage());
        assertFalse(Files.exists(dir.resolve(TreeHeadSigner.PUBLIC_KEY_FILE)));
    }

    @Test
    void aPublicKeyFromAnotherPairIsRefused(@TempDir Path dir) throws Exception {
        TreeHeadSigner.loadOrCreate(dir);
        Files.writeString(dir.resolve(TreeHeadSigner.PUBLIC_KEY_FILE), TreeHeadSigner.generate().publicKeyPem());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TreeHeadSigner.loadOrCreate(dir));
        assertTrue(e.getMessage().contains("is not the public key of"), e.getMessage());
    }

    @Test
    void theVerifierRefusesKeysThatAreNotEd25519PublicKeys() throws Exception {
        String rsa = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        assertThrows(IllegalArgumentException.class, () -> TreeHeadVerifier.fromPem(rsa));
        assertThrows(IllegalArgumentException.class, () -> TreeHeadVerifier.fromPem("not a key"));
    }

    @Test
    void headsWithTheSameContentAreEqual() {
        SignedTreeHead head = TreeHeadSigner.generate().sign(3, ROOT, WHEN);
        SignedTreeHead copy = new SignedTreeHead(3, ROOT.clone(), WHEN, head.signature());
        assertEquals(head, copy);
        assertEquals(head.hashCode(), copy.hashCode());
        assertArrayEquals(ROOT, copy.rootHash());
    }
}
