package org.defaulterivr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.defaulterivr.Main;
import org.defaulterivr.evidence.EvidenceExportWriter;
import org.defaulterivr.evidence.EvidenceRecord;
import org.defaulterivr.evidence.ExportScope;
import org.defaulterivr.evidence.LeafEncoding;
import org.defaulterivr.evidence.TreeHeadSigner;
import org.defaulterivr.evidence.merkle.LeafHashes;
import org.defaulterivr.evidence.merkle.MerkleTree;
import org.defaulterivr.testing.EvidenceFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code verify} and {@code log public-key} as an auditor and an operator run them. */
class AuditorCommandsTest {

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    /** A full export of five records under one signed head, as lines. */
    private List<String> export(TreeHeadSigner signer) throws IOException {
        List<EvidenceRecord> records = new ArrayList<>();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(EvidenceFactory.record("node-1", "court-c", 7, i));
            leaves.add(LeafEncoding.leafHash(i, records.get(i)));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (EvidenceExportWriter writer = EvidenceExportWriter.start(bytes, ExportScope.FULL)) {
            writer.writeTreeHead(signer.sign(5, MerkleTree.rootHash(LeafHashes.of(leaves)), Instant.now()));
            for (int i = 0; i < 5; i++) {
                writer.writeRecord(i, records.get(i));
            }
        }
        return new ArrayList<>(List.of(bytes.toString(StandardCharsets.UTF_8).split("\n")));
    }

    @Test
    void verifyExitsZeroOnACleanExportAndOneNamingTheRecordOnATamperedOne() throws IOException {
        TreeHeadSigner signer = TreeHeadSigner.loadOrCreate(dir.resolve("keys"));
        Path key = dir.resolve("keys").resolve(TreeHeadSigner.PUBLIC_KEY_FILE);
        List<String> lines = export(signer);
        Path clean = Files.write(dir.resolve("clean.jsonl"), lines);

        assertEquals(0, run("verify", "--export", clean.toString(), "--public-key", key.toString()), err.toString());
        assertTrue(out.toString().contains("OK: every check passed."), out.toString());

        lines.set(4, lines.get(4).replaceFirst("\"heardMs\":\\d+", "\"heardMs\":999999")); // record seq 2
        Path tampered = Files.write(dir.resolve("tampered.jsonl"), lines);
        assertEquals(1, run("verify", "--export", tampered.toString(), "--public-key", key.toString()));
        assertTrue(out.toString().contains("[RECORD_ALTERED] record seq 2 (line 5)"), out.toString());
    }

    @Test
    void verifyExitsTwoWhenAFileCannotBeRead() throws IOException {
        Path notAKey = Files.writeString(dir.resolve("not-a-key.pem"), "hello");
        assertEquals(2, run("verify", "--export", dir.resolve("missing.jsonl").toString(), "--public-key",
                notAKey.toString()));
        assertEquals(2, run("verify", "--export", notAKey.toString(), "--public-key",
                dir.resolve("missing.pem").toString()));
        assertTrue(err.toString().contains("missing.pem"), err.toString());
    }

    @Test
    void logPublicKeyPrintsTheNodesKeyAndNeverMakesOne() throws IOException {
        Path config = Files.writeString(dir.resolve("node.properties"), "data.dir=" + dir.resolve("data") + "\n");
        assertEquals(1, run("log", "public-key", "--config", config.toString()));
        assertTrue(err.toString().contains("no public key at"), err.toString());
        assertTrue(Files.notExists(dir.resolve("data/keys")), "asking for the key does not create one");

        TreeHeadSigner signer = TreeHeadSigner.loadOrCreate(dir.resolve("data/keys"));
        assertEquals(0, run("log", "public-key", "--config", config.toString()));
        assertEquals(signer.publicKeyPem(), out.toString());
    }
}
