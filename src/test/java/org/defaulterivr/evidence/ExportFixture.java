package org.defaulterivr.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.defaulterivr.evidence.merkle.LeafHashes;
import org.defaulterivr.evidence.merkle.MerkleTree;

/**
 * A log of evidence records with signed tree heads, and its export as editable lines: the clean starting point of
 * every tampering test.
 */
final class ExportFixture {

    static final ObjectMapper JSON = new ObjectMapper();

    final TreeHeadSigner signer;
    final List<EvidenceRecord> records;
    final List<byte[]> leaves = new ArrayList<>();

    ExportFixture(TreeHeadSigner signer, List<EvidenceRecord> records) {
        this.signer = signer;
        this.records = records;
        for (int seq = 0; seq < records.size(); seq++) {
            leaves.add(LeafEncoding.leafHash(seq, records.get(seq)));
        }
    }

    LeafHashes leafHashes() {
        return LeafHashes.of(leaves);
    }

    SignedTreeHead head(long size) {
        return signer.sign(size, MerkleTree.rootHash(leafHashes(), size),
                Instant.parse("2025-06-03T00:00:00Z").plusSeconds(size));
    }

    /**
     * A full export: the header, a head for each of {@code headSizes}, consistency proofs between consecutive heads,
     * inclusion proofs of {@code provenSeqs} in the largest head, then every record.
     */
    List<String> fullExport(long[] headSizes, long... provenSeqs) {
        return export(ExportScope.FULL, headSizes, provenSeqs, allSeqs());
    }

    List<String> export(ExportScope scope, long[] headSizes, long[] provenSeqs, long[] recordSeqs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (EvidenceExportWriter writer = EvidenceExportWriter.start(bytes, scope)) {
            for (long size : headSizes) {
                writer.writeTreeHead(head(size));
            }
            for (int i = 1; i < headSizes.length; i++) {
                writer.writeConsistencyProof(headSizes[i - 1], headSizes[i],
                        MerkleTree.consistencyProof(leafHashes(), headSizes[i - 1], headSizes[i]));
            }
            long largest = headSizes[headSizes.length - 1];
            for (long seq : provenSeqs) {
                writer.writeInclusionProof(seq, largest, MerkleTree.inclusionProof(leafHashes(), seq, largest));
            }
            for (long seq : recordSeqs) {
                writer.writeRecord(seq, records.get((int) seq));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayList<>(Arrays.asList(bytes.toString(StandardCharsets.UTF_8).split("\n")));
    }

    private long[] allSeqs() {
        long[] seqs = new long[records.size()];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = i;
        }
        return seqs;
    }

    VerifyReport verify(List<String> lines, Path dir) throws IOException {
        return verify(lines, dir, signer.publicKeyPem());
    }

    static VerifyReport verify(List<String> lines, Path dir, String publicKeyPem) throws IOException {
        Path file = Files.createTempFile(dir, "export", ".jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return EvidenceVerifier.verify(file, publicKeyPem);
    }

    // ---- editing lines

    static ObjectNode parse(String line) {
        try {
            return (ObjectNode) JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int indexOf(List<String> lines, String type, String field, long value) {
        for (int i = 0; i < lines.size(); i++) {
            ObjectNode node = parse(lines.get(i));
            if (node.path("type").asText().equals(type) && node.path(field).asLong(-1) == value) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " line with " + field + " " + value);
    }

    static int recordLine(List<String> lines, long seq) {
        return indexOf(lines, "record", "seq", seq);
    }

    static int headLine(List<String> lines, long size) {
        return indexOf(lines, "tree_head", "treeSize", size);
    }

    static int consistencyLine(List<String> lines, long toSize) {
        return indexOf(lines, "consistency", "toSize", toSize);
    }

    /** A record line as the writer would write it. */
    static String recordLineFor(long seq, EvidenceRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (EvidenceExportWriter writer = EvidenceExportWriter.start(bytes, ExportScope.FULL)) {
            writer.writeRecord(seq, record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        return lines[1];
    }

    /** A tree head line as the writer would write it. */
    static String headLineFor(SignedTreeHead head) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (EvidenceExportWriter writer = EvidenceExportWriter.start(bytes, ExportScope.FULL)) {
            writer.writeTreeHead(head);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8).split("\n")[1];
    }
}
