package org.defaulterivr.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.defaulterivr.evidence.merkle.MemoryTree;
import org.defaulterivr.evidence.merkle.TreeHasher;
import org.defaulterivr.tlog.AddCheckpointRequest;
import org.defaulterivr.tlog.Checkpoint;
import org.defaulterivr.tlog.NoteSignature;
import org.defaulterivr.tlog.NoteSigner;
import org.defaulterivr.tlog.SignedNote;
import org.defaulterivr.tlog.VerifierKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The witness's rules of c2sp.org/tlog-witness, request by request, on its real on-disk state. */
class WitnessTest {
    private static final String ORIGIN = "evidence.example/log";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private NoteSigner logKey;
    private Witness witness;
    private final MemoryTree tree = tree("a", 12);
    private final MemoryTree fork = tree("b", 12);

    @BeforeEach
    void setUp() throws Exception {
        logKey = noteKey(ORIGIN);
        witness = new Witness(WitnessKey.fromSeed("witness.example/w1", new byte[32]), List.of(logKey.verifierKey()),
                new WitnessStore(dir), CLOCK);
    }

    @Test
    void cosignsTheFirstCheckpointAndEachOneThatExtendsIt() {
        WitnessReply first = witness.addCheckpoint(request(0, List.of(), checkpoint(tree, 5)));
        assertEquals(200, first.status(), first.body());
        String text = checkpoint(tree, 5).text();
        SignedNote cosigned = SignedNote.parse(text + "\n" + first.body());
        assertEquals(1, cosigned.verifiedBy(witness.verifierKey()).size());

        WitnessReply second = witness.addCheckpoint(request(5, tree.consistencyProof(5, 8), checkpoint(tree, 8)));
        assertEquals(200, second.status(), second.body());
        WitnessReply same = witness.addCheckpoint(request(8, List.of(), checkpoint(tree, 8)));
        assertEquals(200, same.status(), "the same checkpoint again");
        assertTrue(witness.latestCheckpoint(WitnessStore.originHash(ORIGIN)).orElseThrow()
                .contains(checkpoint(tree, 8).text()));
    }

    @Test
    void aWrongOldSizeIsAConflictThatSaysTheSizeCosigned() {
        assertEquals(200, witness.addCheckpoint(request(0, List.of(), checkpoint(tree, 5))).status());
        WitnessReply reply = witness.addCheckpoint(request(0, List.of(), checkpoint(tree, 8)));
        assertEquals(409, reply.status());
        assertEquals("text/x.tlog.size", reply.contentType());
        assertEquals("5\n", reply.body());
    }

    @Test
    void refusesAForkAtASizeItCosignedAndKeepsItAsEvidence() throws IOException {
        assertEquals(200, witness.addCheckpoint(request(0, List.of(), checkpoint(tree, 8))).status());
        WitnessReply forked = witness.addCheckpoint(request(8, List.of(), checkpoint(fork, 8)));
        assertEquals(422, forked.status());
        assertTrue(forked.body().contains("forked"), forked.body());
        try (Stream<Path> refused = Files.list(dir.resolve("refused"))) {
            assertEquals(1, refused.count());
        }
        // and still knows the honest one
        assertEquals("8\n", witness.addCheckpoint(request(0, List.of(), checkpoint(fork, 10))).body());
    }

    @Test
    void refusesACheckpointThatDoesNotExtendTheOneCosigned() {
        assertEquals(200, witness.addCheckpoint(request(0, List.of(), checkpoint(tree, 6))).status());
        // a proof of the other history: it does not link the cosigned root to the new one
        WitnessReply reply = witness.addCheckpoint(request(6, fork.consistencyProof(6, 11), checkpoint(fork, 11)));
        assertEquals(422, reply.status(), reply.body());
        assertEquals(200, witness.addCheckpoint(request(6, tree.consistencyProof(6, 11), checkpoint(tree, 11)))
                .status());
    }

    @Test
    void remembersTheLatestCheckpointAcrossARestart() {
        assertEquals(200, witness.addCheckpoint(request(0, List.of(), checkpoint(tree, 7))).status());
        Witness restarted = new Witness(WitnessKey.fromSeed("witness.example/w1", new byte[32]),
                List.of(logKey.verifierKey()), new WitnessStore(dir), CLOCK);
        assertEquals("7\n", restarted.addCheckpoint(request(0, List.of(), checkpoint(tree, 9))).body());
        assertEquals(422, restarted.addCheckpoint(request(7, List.of(), checkpoint(fork, 7))).status());
    }

    @Test
    void answersUnknownLogsUnsignedAndMalformedRequestsWithTheProtocolsCodes() throws Exception {
        NoteSigner stranger = noteKey("other.example/log");
        Checkpoint theirs = new Checkpoint("other.example/log", 3, tree.root(3), List.of());
        assertEquals(404, witness.addCheckpoint(new AddCheckpointRequest(0, List.of(), new SignedNote(theirs.text(),
                List.of(stranger.sign(theirs.text())))).format()).status());
        NoteSigner impostor = noteKey(ORIGIN);
        Checkpoint ours = checkpoint(tree, 3);
        assertEquals(403, witness.addCheckpoint(new AddCheckpointRequest(0, List.of(), new SignedNote(ours.text(),
                List.of(impostor.sign(ours.text())))).format()).status());
        assertEquals(400, witness.addCheckpoint("old 01\n\n" + request(0, List.of(), ours).substring(8)).status());
        assertEquals(400, witness.addCheckpoint(request(5, List.of(), checkpoint(tree, 3))).status(), "old > size");
        assertEquals(422, witness.addCheckpoint(request(0, List.of(), new Checkpoint(ORIGIN, 0, tree.root(1),
                List.of()))).status(), "size 0 with a root other than the empty tree's");
    }

    @Test
    void theWitnessKeyIsTheEd25519KeyOfItsSeed() {
        // golang.org/x/mod/sumdb/note's example key: this seed has this public key
        byte[] typedSeed = java.util.Base64.getDecoder().decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz");
        VerifierKey known = VerifierKey.parse("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
        NoteSigner derived = WitnessKey.fromSeed("PeterNeumann", java.util.Arrays.copyOfRange(typedSeed, 1, 33));
        org.junit.jupiter.api.Assertions.assertArrayEquals(known.publicKey(), derived.verifierKey().publicKey());
    }

    @Test
    void theWitnessCommandKeepsItsKeyAndPrintsItsVerifierKey() throws Exception {
        String first = witnessCommand("--name", "witness.example/cli", "--data-dir", dir.toString(), "--print-vkey");
        String again = witnessCommand("--name", "witness.example/cli", "--data-dir", dir.toString(), "--print-vkey");
        assertEquals(first, again, "the key is made once and kept");
        VerifierKey key = VerifierKey.parse(first);
        assertEquals(VerifierKey.COSIGNATURE_V1, key.type());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("witness.key"))));
    }

    private static String witnessCommand(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new org.defaulterivr.Main());
        cli.setOut(new java.io.PrintWriter(out));
        assertEquals(0, cli.execute(java.util.stream.Stream.concat(Stream.of("witness"), Stream.of(args))
                .toArray(String[]::new)));
        return out.toString().strip();
    }

    private String request(long oldSize, List<byte[]> proof, Checkpoint checkpoint) {
        NoteSignature signature = logKey.sign(checkpoint.text());
        return new AddCheckpointRequest(oldSize, proof, new SignedNote(checkpoint.text(), List.of(signature))).format();
    }

    private static Checkpoint checkpoint(MemoryTree tree, long size) {
        return new Checkpoint(ORIGIN, size, tree.root(size), List.of());
    }

    static MemoryTree tree(String flavour, int size) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            leaves.add(TreeHasher.leafHash((flavour + i).getBytes(StandardCharsets.UTF_8)));
        }
        return new MemoryTree(leaves);
    }

    static NoteSigner noteKey(String name) throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        return new NoteSigner(name, VerifierKey.ED25519, pair.getPrivate(), pair.getPublic());
    }
}
