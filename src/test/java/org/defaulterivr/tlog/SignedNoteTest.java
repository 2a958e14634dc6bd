package org.defaulterivr.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The note formats against the published examples of c2sp.org/signed-note and golang.org/x/mod/sumdb/note. */
class SignedNoteTest {

    /** c2sp.org/signed-note, "Verifier keys", example. */
    private static final String C2SP_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    private static final String C2SP_NOTE = "This is an example message.\n\n\u2014 example.com/foo "
            + "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    /** golang.org/x/mod/sumdb/note, ExampleSign: a private key, its verifier key and the signature it makes. */
    private static final String GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private static final String GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    private static final String GO_SIGNATURE_LINE = "\u2014 PeterNeumann "
            + "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    @Test
    void theSpecsExampleVerifierKeyChecksItsExampleNote() {
        VerifierKey key = VerifierKey.parse(C2SP_VKEY);
        assertEquals(0x530d903a, key.keyId());
        assertEquals(C2SP_VKEY, key.vkey());
        SignedNote note = SignedNote.parse(C2SP_NOTE);
        assertEquals("This is an example message.\n", note.text());
        assertEquals(1, note.verifiedBy(key).size());
        assertEquals(C2SP_NOTE, note.format());
    }

    @Test
    void aKnownPrivateKeyGivesTheKnownVerifierKeyAndSignature() {
        byte[] typedSeed = Base64.getDecoder().decode(GO_SKEY.split("\\+", 5)[4]);
        assertEquals(VerifierKey.ED25519, typedSeed[0]);
        var privateKey = Ed25519.privateKey(Arrays.copyOfRange(typedSeed, 1, 33));
        VerifierKey expected = VerifierKey.parse(GO_VKEY);
        NoteSigner signer = new NoteSigner("PeterNeumann", VerifierKey.ED25519, privateKey,
                Ed25519.publicKey(expected.publicKey()));
        assertEquals(GO_VKEY, signer.verifierKey().vkey());
        assertEquals(GO_SIGNATURE_LINE, signer.sign(GO_TEXT).line(), "Ed25519 is deterministic");
        assertEquals(1, SignedNote.parse(GO_TEXT + "\n" + GO_SIGNATURE_LINE).verifiedBy(expected).size());
    }

    @Test
    void theKeyIdIsTheFirstFourBytesOfTheHashOfNameNewlineTypeAndKey() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] raw = Ed25519.rawPublicKey(pair.getPublic());
        for (byte type : new byte[] {VerifierKey.ED25519, VerifierKey.COSIGNATURE_V1}) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("witness.example/w1\n".getBytes(StandardCharsets.UTF_8));
            sha256.update(type);
            byte[] digest = sha256.digest(raw);
            assertEquals(ByteBuffer.wrap(digest, 0, 4).getInt(), VerifierKey.of("witness.example/w1", type,
                    pair.getPublic()).keyId());
        }
    }

    @Test
    void aCosignatureIsTimestampedAndSignsTheCosignatureV1Message() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        NoteSigner witness = new NoteSigner("witness.example/w1", VerifierKey.COSIGNATURE_V1, pair.getPrivate(),
                pair.getPublic());
        String text = new Checkpoint("example.com/behind-the-sofa", 20852163,
                Base64.getDecoder().decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="), List.of()).text();
        NoteSignature cosignature = witness.cosign(text, 1679315147L);
        assertEquals(1679315147L, Cosignature.timestamp(cosignature));
        byte[] signature = Arrays.copyOfRange(cosignature.signature(), 8, 72);
        byte[] message = ("cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
                + "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n").getBytes(StandardCharsets.UTF_8);
        assertTrue(Ed25519.verify(pair.getPublic(), message, signature));
        VerifierKey key = witness.verifierKey();
        assertTrue(key.verify(text, cosignature));
        assertFalse(key.verify(text.replace("20852163", "20852164"), cosignature), "another checkpoint");
        assertEquals(key, VerifierKey.parse(key.vkey()));
        // the same key as a plain Ed25519 note key has another ID: the signature line does not match it
        assertFalse(VerifierKey.of("witness.example/w1", VerifierKey.ED25519, pair.getPublic()).matches(cosignature));
    }

    @Test
    void checkpointsReadAndWriteTheirThreeLinesAndExtensions() {
        String text = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
                + "divr-case-index 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n";
        Checkpoint checkpoint = Checkpoint.parse(text);
        assertEquals(20852163, checkpoint.size());
        assertArrayEquals(Base64.getDecoder().decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="),
                checkpoint.rootHash());
        assertEquals("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", checkpoint.extension("divr-case-index"));
        assertEquals(text, checkpoint.text());
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.parse("o\n012\n" + "A".repeat(43) + "=\n"));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.parse("o\n12\n"));
    }

    @Test
    void malformedNotesAndKeysAreRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> SignedNote.parse("text\n"), "no signatures");
        assertThrows(IllegalArgumentException.class, () -> SignedNote.parse("te\txt\n\n" + GO_SIGNATURE_LINE));
        assertThrows(IllegalArgumentException.class, () -> SignedNote.parse("text\n\n- name AAAAAAAA\n"));
        assertThrows(IllegalArgumentException.class, () -> VerifierKey.parse(C2SP_VKEY.replace("530d903a", "530d903b")),
                "a key ID that is not the key's");
        assertThrows(IllegalArgumentException.class, () -> VerifierKey.parse("a b+530d903a+AA=="));
    }
}
