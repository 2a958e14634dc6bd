package org.defaulterivr.evidence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.defaulterivr.evidence.Finding.Kind;
import org.defaulterivr.evidence.merkle.MerkleFrontier;
import org.defaulterivr.evidence.merkle.MerkleProofs;
import org.defaulterivr.evidence.merkle.TreeHasher;
import org.defaulterivr.tlog.Checkpoint;
import org.defaulterivr.tlog.NoteSignature;
import org.defaulterivr.tlog.VerifierKey;

/**
 * Checks an evidence export offline, trusting nothing but the log's public key: recomputes every leaf hash from the
 * record fields, every signed root from the leaves, checks every signature and proof, and reports each problem as a
 * {@link Finding}. See docs/evidence-log.md for the format and the list of checks.
 *
 * <p>It reads the export twice. The first pass checks each line on its own and keeps the tree heads, the proofs and
 * two bits per seq; the second streams the records in file order into a {@link MerkleFrontier} and compares its root
 * whenever it reaches the size of a tree head. Memory stays {@code O(heads + proofs + log n)} plus a quarter byte per
 * record, whatever the size of the export, as long as the records come in seq order; records that come early are
 * held (as one leaf hash each) until the records before them have been seen.
 */
public final class EvidenceVerifier {

    /** The largest seq this verifier handles: its per-seq bitmaps are indexed by {@code int}. */
    static final long MAX_SEQ = Integer.MAX_VALUE - 1L;
    /** Beyond this many findings of one kind only a count is kept, so a wholesale tampering cannot exhaust memory. */
    static final int FINDINGS_PER_KIND = 1000;

    private static final HexFormat HEX = HexFormat.of();

    private final TreeHeadVerifier signatures;
    private final List<VerifierKey> witnesses;

    public EvidenceVerifier(TreeHeadVerifier signatures) {
        this(signatures, List.of());
    }

    /**
     * @param witnesses witnesses' cosignature/v1 keys: each must have cosigned the checkpoint of the largest tree head
     */
    public EvidenceVerifier(TreeHeadVerifier signatures, List<VerifierKey> witnesses) {
        this.signatures = signatures;
        this.witnesses = List.copyOf(witnesses);
    }

    /** Checks the export against the log's public key and requires each witness's cosignature. */
    public static VerifyReport verify(Path export, String publicKeyPem, List<VerifierKey> witnesses)
            throws IOException {
        return new EvidenceVerifier(TreeHeadVerifier.fromPem(publicKeyPem), witnesses).verify(export);
    }

    /** Checks the export in {@code export} against the log's public key (X.509 SubjectPublicKeyInfo PEM). */
    public static VerifyReport verify(Path export, String publicKeyPem) throws IOException {
        return new EvidenceVerifier(TreeHeadVerifier.fromPem(publicKeyPem)).verify(export);
    }

    /** Checks an export read from a stream; the stream is copied to a temporary file first (two passes). */
    public static VerifyReport verify(InputStream export, String publicKeyPem) throws IOException {
        EvidenceVerifier verifier = new EvidenceVerifier(TreeHeadVerifier.fromPem(publicKeyPem));
        Path copy = Files.createTempFile("evidence-export", ".jsonl");
        try {
            Files.copy(export, copy, StandardCopyOption.REPLACE_EXISTING);
            return verifier.verify(copy);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** Checks the export in {@code export}. */
    public VerifyReport verify(Path export) throws IOException {
        return new Check(export).run();
    }

    private record HeadEntry(long line, SignedTreeHead head, boolean validSignature) {
        long size() {
            return head.treeSize();
        }
    }

    private record ProofEntry<T>(long line, T proof) {
    }

    /** The state of checking one export. */
    private final class Check {
        private final Path export;
        private final Findings findings = new Findings();
        private ExportScope scope;
        private long recordLines;
        private final List<HeadEntry> heads = new ArrayList<>();
        private final List<ProofEntry<ExportLine.ConsistencyLine>> consistencyProofs = new ArrayList<>();
        private final List<ProofEntry<ExportLine.CheckpointLine>> checkpointLines = new ArrayList<>();
        private final List<ProofEntry<ExportLine.CaseIndexLine>> caseIndexLines = new ArrayList<>();
        /** Validly signed checkpoints that agree with their tree head, by size. */
        private final Map<Long, Checkpoint> checkpoints = new HashMap<>();
        /** In a selection: the case of each readable record, by seq. */
        private final Map<Long, Long> recordCases = new HashMap<>();
        private final Map<Long, List<ProofEntry<ExportLine.InclusionLine>>> inclusionProofs = new HashMap<>();
        private int inclusionProofCount;
        private int contextLines;
        /** Seqs named by any record line, readable or not. */
        private final BitSet seen = new BitSet();
        /** Seqs with a readable record line; the first such line is the record of that seq. */
        private final BitSet usable = new BitSet();
        private long largestSeq = -1;

        Check(Path export) {
            this.export = export;
        }

        VerifyReport run() throws IOException {
            if (readHeader()) {
                firstPass();
                checkTreeHeads();
                checkConsistencyProofs();
                checkCheckpoints();
                secondPass();
                checkCaseIndexes();
            }
            return new VerifyReport(findings.list(), recordLines, heads.size(), consistencyProofs.size(),
                    inclusionProofCount, contextLines);
        }

        // ---- header

        private boolean readHeader() throws IOException {
            String first;
            try (BufferedReader in = open()) {
                first = in.readLine();
            } catch (CharacterCodingException e) {
                first = null;
            }
            if (first == null) {
                findings.add(Kind.UNSUPPORTED_FORMAT, 1, "line 1: the export is empty or not UTF-8 text, "
                        + "expected a header line of format " + EvidenceExportWriter.FORMAT);
                return false;
            }
            ExportLine line;
            try {
                line = ExportLineParser.parse(first);
            } catch (ExportLineParser.MalformedLineException e) {
                findings.add(Kind.UNSUPPORTED_FORMAT, 1, "line 1: not a header line: " + e.getMessage());
                return false;
            }
            if (!(line instanceof ExportLine.Header header)) {
                findings.add(Kind.UNSUPPORTED_FORMAT, 1, "line 1: the export does not start with its header line");
                return false;
            }
            if (!EvidenceExportWriter.FORMAT.equals(header.format()) || header.version() != EvidenceExportWriter.VERSION) {
                findings.add(Kind.UNSUPPORTED_FORMAT, 1, "line 1: format \"" + header.format() + "\" version "
                        + header.version() + " is not " + EvidenceExportWriter.FORMAT + " version "
                        + EvidenceExportWriter.VERSION + ", the only one this verifier reads");
                return false;
            }
            if (header.scope() == null) {
                findings.add(Kind.UNSUPPORTED_FORMAT, 1, "line 1: scope is neither \"full\" nor \"selection\"");
                return false;
            }
            scope = header.scope();
            return true;
        }

        // ---- first pass: each line on its own

        private void firstPass() throws IOException {
            long position = 0; // ordinal of the record line among record lines
            long lineNumber = 1;
            try (BufferedReader in = open()) {
                in.readLine();
                for (String text = in.readLine(); text != null; text = in.readLine()) {
                    lineNumber++;
                    ExportLine line;
                    try {
                        line = ExportLineParser.parse(text);
                    } catch (ExportLineParser.MalformedLineException e) {
                        if (e.seq() != null) {
                            recordLines++;
                            position++;
                            noteSeq(e.seq(), lineNumber);
                        }
                        findings.add(Kind.MALFORMED, lineNumber, "line " + lineNumber + ": " + e.getMessage());
                        continue;
                    }
                    if (line instanceof ExportLine.RecordLine record) {
                        recordLines++;
                        checkRecord(record, lineNumber, position++);
                    } else if (line instanceof ExportLine.TreeHeadLine head) {
                        heads.add(new HeadEntry(lineNumber, head.head(), signatures.verify(head.head())));
                    } else if (line instanceof ExportLine.ConsistencyLine proof) {
                        consistencyProofs.add(new ProofEntry<>(lineNumber, proof));
                    } else if (line instanceof ExportLine.ContextLine) {
                        contextLines++;
                    } else if (line instanceof ExportLine.CheckpointLine checkpoint) {
                        checkpointLines.add(new ProofEntry<>(lineNumber, checkpoint));
                    } else if (line instanceof ExportLine.CaseIndexLine entry) {
                        caseIndexLines.add(new ProofEntry<>(lineNumber, entry));
                    } else if (line instanceof ExportLine.InclusionLine proof) {
                        inclusionProofCount++;
                        inclusionProofs.computeIfAbsent(proof.seq(), s -> new ArrayList<>())
                                .add(new ProofEntry<>(lineNumber, proof));
                    } else {
                        findings.add(Kind.MALFORMED, lineNumber, "line " + lineNumber + ": a second header line");
                    }
                }
            } catch (CharacterCodingException e) {
                findings.add(Kind.MALFORMED, lineNumber + 1, "line " + (lineNumber + 1)
                        + ": the export is not valid UTF-8 here or in the next few lines; the rest of it was not read");
            }
        }

        private void checkRecord(ExportLine.RecordLine line, long lineNumber, long position) {
            long seq = line.seq();
            if (!noteSeq(seq, lineNumber)) {
                return;
            }
            byte[] leaf;
            try {
                leaf = LeafEncoding.leafHash(seq, line.record());
            } catch (IllegalArgumentException e) {
                findings.add(Kind.MALFORMED, lineNumber, "line " + lineNumber + ": record seq " + seq + ": "
                        + e.getMessage());
                return;
            }
            if (line.storedLeafHash() != null && !TreeHasher.same(leaf, line.storedLeafHash())) {
                findings.add(Kind.RECORD_ALTERED, seq, alteredMessage(line, lineNumber, position));
            }
            for (String field : line.unsignedFields()) {
                findings.add(Kind.UNSIGNED_FIELD, seq, "record seq " + seq + " (line " + lineNumber + "): field \""
                        + field + "\" is not covered by its leaf hash: it was added after the record was logged and"
                        + " nothing vouches for it");
            }
            if (!usable.get((int) seq) && scope == ExportScope.SELECTION) {
                recordCases.put(seq, line.record().caseId());
            }
            usable.set((int) seq);
        }

        private String alteredMessage(ExportLine.RecordLine line, long lineNumber, long position) {
            String where = "record seq " + line.seq() + " (line " + lineNumber + ")";
            if (position != line.seq() && TreeHasher.same(line.storedLeafHash(),
                    LeafEncoding.leafHash(position, line.record()))) {
                return where + ": its leaf hash is that of these same fields logged as seq " + position
                        + ": the record's seq was changed from " + position + " to " + line.seq();
            }
            return where + ": its fields do not give its stored leaf hash "
                    + HEX.formatHex(line.storedLeafHash()) + ": a field, the seq or the leaf hash was changed "
                    + "after the record was logged";
        }

        /** Order and duplicate checks; false if the seq is out of the range this verifier handles. */
        private boolean noteSeq(long seq, long lineNumber) {
            if (seq > MAX_SEQ) {
                findings.add(Kind.MALFORMED, lineNumber, "line " + lineNumber + ": record seq " + seq
                        + " is beyond the largest seq this verifier handles (" + MAX_SEQ + ")");
                return false;
            }
            if (seen.get((int) seq)) {
                findings.add(Kind.RECORD_DUPLICATED, seq, "record seq " + seq + " appears again on line "
                        + lineNumber + " (a record was inserted); only its first readable line is used");
            } else if (seq < largestSeq) {
                findings.add(Kind.RECORD_OUT_OF_ORDER, seq, "record seq " + seq + " (line " + lineNumber
                        + ") comes after record seq " + largestSeq + ": records are not in seq order");
            }
            seen.set((int) seq);
            largestSeq = Math.max(largestSeq, seq);
            return true;
        }

        // ---- tree heads and consistency proofs, which need no records

        private void checkTreeHeads() {
            if (heads.isEmpty()) {
                findings.add(Kind.NO_TREE_HEAD, 0, "the export holds no signed tree head: none of its records is "
                        + "vouched for");
                return;
            }
            Map<Long, HeadEntry> firstValidBySize = new HashMap<>();
            for (HeadEntry entry : heads) {
                if (!entry.validSignature()) {
                    findings.add(Kind.HEAD_BAD_SIGNATURE, entry.size(), "tree head of size " + entry.size()
                            + " (line " + entry.line() + "): its signature does not verify with the given public key");
                    continue;
                }
                HeadEntry earlier = firstValidBySize.putIfAbsent(entry.size(), entry);
                if (earlier != null && !TreeHasher.same(earlier.head().rootHash(), entry.head().rootHash())) {
                    findings.add(Kind.HEADS_INCONSISTENT, entry.size(), "tree heads of size " + entry.size()
                            + " on lines " + earlier.line() + " and " + entry.line()
                            + " are both validly signed but have different roots: the log was forked");
                }
            }
        }

        /** The head of {@code size} to check proofs against: the first validly signed one, else the first one. */
        private HeadEntry headOfSize(long size) {
            HeadEntry any = null;
            for (HeadEntry entry : heads) {
                if (entry.size() == size) {
                    if (entry.validSignature()) {
                        return entry;
                    }
                    any = any == null ? entry : any;
                }
            }
            return any;
        }

        private void checkConsistencyProofs() {
            for (ProofEntry<ExportLine.ConsistencyLine> entry : consistencyProofs) {
                ExportLine.ConsistencyLine proof = entry.proof();
                String what = "line " + entry.line() + ": consistency proof from size " + proof.fromSize()
                        + " to size " + proof.toSize();
                HeadEntry from = headOfSize(proof.fromSize());
                HeadEntry to = headOfSize(proof.toSize());
                if (from == null || to == null) {
                    findings.add(Kind.MALFORMED, entry.line(), what + ": the export has no tree head of size "
                            + (from == null ? proof.fromSize() : proof.toSize()));
                } else if (!MerkleProofs.verifyConsistency(proof.fromSize(), proof.toSize(), from.head().rootHash(),
                        to.head().rootHash(), proof.proof())) {
                    findings.add(Kind.HEADS_INCONSISTENT, Math.max(proof.fromSize(), proof.toSize()),
                            "tree heads of sizes " + proof.fromSize() + " (line " + from.line() + ") and "
                            + proof.toSize() + " (line " + to.line() + ") are not consistent: the consistency proof"
                            + " on line " + entry.line() + " does not show the tree of size " + proof.toSize()
                            + " extending the tree of size " + proof.fromSize());
                }
            }
        }

        // ---- checkpoints, cosignatures and the per-case index

        private void checkCheckpoints() {
            for (ProofEntry<ExportLine.CheckpointLine> entry : checkpointLines) {
                long size = entry.proof().treeSize();
                String what = "checkpoint of size " + size + " (line " + entry.line() + ")";
                Checkpoint checkpoint;
                try {
                    checkpoint = Checkpoint.parse(entry.proof().note().text());
                } catch (IllegalArgumentException e) {
                    findings.add(Kind.CHECKPOINT_INVALID, size, what + ": not a checkpoint: " + e.getMessage());
                    continue;
                }
                VerifierKey logKey = signatures.noteKey(checkpoint.origin());
                List<NoteSignature> claimed = entry.proof().note().claimedBy(logKey);
                if (claimed.isEmpty() || claimed.stream().anyMatch(s -> !logKey.verify(entry.proof().note().text(), s))) {
                    findings.add(Kind.CHECKPOINT_INVALID, size, what + ": it carries no valid signature of the log's"
                            + " key under its origin " + checkpoint.origin());
                    continue;
                }
                HeadEntry head = headOfSize(checkpoint.size());
                if (checkpoint.size() != size) {
                    findings.add(Kind.CHECKPOINT_INVALID, size, what + ": its note is of size " + checkpoint.size());
                } else if (head == null || !head.validSignature()) {
                    findings.add(Kind.MALFORMED, entry.line(), "line " + entry.line() + ": " + what
                            + ": the export has no validly signed tree head of that size");
                } else if (!TreeHasher.same(head.head().rootHash(), checkpoint.rootHash())) {
                    findings.add(Kind.HEADS_INCONSISTENT, size, what + " and the tree head of that size (line "
                            + head.line() + ") are both signed by the log but have different roots: the log was forked");
                } else {
                    checkpoints.putIfAbsent(size, checkpoint);
                }
            }
            if (witnesses.isEmpty() || heads.isEmpty()) {
                return;
            }
            long largest = heads.stream().filter(HeadEntry::validSignature).mapToLong(HeadEntry::size).max().orElse(-1);
            List<ProofEntry<ExportLine.CheckpointLine>> ofLargest = checkpointLines.stream()
                    .filter(e -> e.proof().treeSize() == largest && checkpoints.containsKey(largest)).toList();
            for (VerifierKey witness : witnesses) {
                boolean cosigned = ofLargest.stream().anyMatch(e -> !e.proof().note().verifiedBy(witness).isEmpty());
                if (!cosigned) {
                    boolean invalid = ofLargest.stream().anyMatch(e -> !e.proof().note().claimedBy(witness).isEmpty());
                    findings.add(Kind.COSIGNATURE_MISSING, largest, "witness " + witness.name() + " ("
                            + witness.vkey() + ") has " + (invalid ? "no valid" : "no") + " cosignature on the checkpoint"
                            + " of size " + largest + ", the largest tree head of the export"
                            + (ofLargest.isEmpty() ? " (the export holds no valid checkpoint of that size)" : ""));
                }
            }
        }

        /** The case index a checkpoint commits to must be the index of the records it covers, as exported. */
        private void checkCaseIndexCommitment(Checkpoint checkpoint) {
            String line = checkpoint.extension(CaseIndex.EXTENSION);
            if (line == null) {
                return; // a checkpoint that commits to no case index
            }
            CaseIndex.Commitment commitment = CaseIndex.parseExtension(line).orElse(null);
            byte[] root = recomputedIndex.tree().root();
            if (commitment == null || commitment.cases() != recomputedIndex.cases()
                    || !TreeHasher.same(commitment.root(), root)) {
                findings.add(Kind.CHECKPOINT_INVALID, checkpoint.size(), "checkpoint of size " + checkpoint.size()
                        + ": its case index line \"" + line + "\" is not the index of records 0.." + (checkpoint.size() - 1)
                        + " as exported (" + recomputedIndex.cases() + " cases, root "
                        + java.util.Base64.getEncoder().encodeToString(root) + ")");
            }
        }

        private void checkCaseIndexes() {
            java.util.Set<Long> casesShown = new java.util.HashSet<>();
            for (ProofEntry<ExportLine.CaseIndexLine> entry : caseIndexLines) {
                ExportLine.CaseIndexLine line = entry.proof();
                String what = "case index entry of case " + line.caseId() + " at size " + line.treeSize() + " (line "
                        + entry.line() + ")";
                Checkpoint checkpoint = checkpoints.get(line.treeSize());
                CaseIndex.Commitment commitment = checkpoint == null ? null
                        : CaseIndex.parseExtension(checkpoint.extension(CaseIndex.EXTENSION)).orElse(null);
                if (commitment == null) {
                    findings.add(Kind.CASE_INDEX_INVALID, line.caseId(), what + ": the export has no validly signed"
                            + " checkpoint of that size committing to a case index");
                    continue;
                }
                CaseIndexEntry indexEntry;
                try {
                    indexEntry = CaseIndexEntry.of(line.caseId(), line.seqs());
                } catch (IllegalArgumentException e) {
                    findings.add(Kind.CASE_INDEX_INVALID, line.caseId(), what + ": its seqs are not ascending");
                    continue;
                }
                if (indexEntry.count() != line.count() || indexEntry.latestSeq() != line.latestSeq()
                        || line.latestSeq() >= line.treeSize()) {
                    findings.add(Kind.CASE_INDEX_INVALID, line.caseId(), what + ": it states " + line.count()
                            + " records, the latest seq " + line.latestSeq() + ", but lists " + line.seqs().size()
                            + " seqs" + (line.seqs().contains(line.latestSeq()) ? ""
                                    : ", without record seq " + line.latestSeq())
                            + ": records of the case are missing from the list (or it was altered)");
                    continue;
                }
                if (line.indexSize() != commitment.cases() || !MerkleProofs.verifyInclusion(line.index(),
                        line.indexSize(), indexEntry.leafHash(), line.proof(), commitment.root())) {
                    findings.add(Kind.CASE_INDEX_INVALID, line.caseId(), what + ": its inclusion proof does not show"
                            + " this entry in the case index the checkpoint signs (" + commitment.cases() + " cases)");
                    continue;
                }
                casesShown.add(line.caseId());
                java.util.Set<Long> listed = new java.util.HashSet<>(line.seqs());
                for (long seq : line.seqs()) {
                    Long recordCase = recordCases.get(seq);
                    if (recordCase == null || recordCase != line.caseId() || !placed.get((int) Math.min(seq, MAX_SEQ))) {
                        findings.add(Kind.CASE_RECORD_MISSING, seq, "record seq " + seq + " of case " + line.caseId()
                                + " is missing from the export: the case index signed at size " + line.treeSize()
                                + " lists " + line.count() + " records of the case (latest seq " + line.latestSeq()
                                + "), so the bundle is incomplete");
                    }
                }
                recordCases.forEach((seq, caseId) -> {
                    if (caseId == line.caseId() && seq < line.treeSize() && !listed.contains(seq)) {
                        findings.add(Kind.CASE_INDEX_INVALID, line.caseId(), "record seq " + seq + " is of case "
                                + caseId + " but the case index signed at size " + line.treeSize() + " does not list it");
                    }
                });
            }
            if (scope == ExportScope.SELECTION && !recordCases.isEmpty()) {
                new java.util.TreeSet<>(recordCases.values()).stream().filter(c -> !casesShown.contains(c))
                        .forEach(caseId -> findings.add(Kind.CASE_RECORD_MISSING, caseId, "the export holds records of"
                                + " case " + caseId + " but no verified case index entry: nothing shows that no record"
                                + " of the case was left out"));
            }
        }

        // ---- second pass: the records in file order, recomputing the tree

        private MerkleFrontier frontier = MerkleFrontier.empty();
        private final TreeMap<Long, byte[]> early = new TreeMap<>();
        private final TreeMap<Long, Long> earlyCases = new TreeMap<>();
        /** In a full export: the per-case index of the records placed so far, to audit checkpoints' extension line. */
        private final CaseIndex recomputedIndex = new CaseIndex();
        private final TreeSet<Long> headSizes = new TreeSet<>();
        private final Map<Long, byte[]> recomputedRoots = new HashMap<>();
        private final BitSet proven = new BitSet();
        private final BitSet placed = new BitSet();

        private void secondPass() throws IOException {
            if (scope == ExportScope.FULL) {
                heads.forEach(h -> headSizes.add(h.size()));
                if (headSizes.contains(0L)) {
                    recomputedRoots.put(0L, TreeHasher.emptyRoot());
                }
            }
            long treeLimit = headSizes.isEmpty() ? 0 : headSizes.last();
            try (BufferedReader in = open()) {
                in.readLine();
                long lineNumber = 1;
                for (String text = in.readLine(); text != null; text = in.readLine()) {
                    lineNumber++;
                    ExportLine line;
                    try {
                        line = ExportLineParser.parse(text);
                    } catch (ExportLineParser.MalformedLineException e) {
                        continue; // reported by the first pass
                    }
                    if (!(line instanceof ExportLine.RecordLine record) || record.seq() > MAX_SEQ) {
                        continue;
                    }
                    int seq = (int) record.seq();
                    if (!usable.get(seq) || placed.get(seq)) {
                        continue; // unreadable, or a later duplicate
                    }
                    byte[] leaf;
                    try {
                        leaf = LeafEncoding.leafHash(seq, record.record());
                    } catch (IllegalArgumentException e) {
                        continue; // reported by the first pass; the seq's first readable line comes later
                    }
                    placed.set(seq);
                    checkInclusionProofs(seq, leaf);
                    if (seq < treeLimit) {
                        place(seq, leaf, record.record().caseId());
                    }
                }
            } catch (CharacterCodingException e) {
                // reported by the first pass
            }
            if (scope == ExportScope.FULL) {
                reportMissingRecords();
                reportUncoveredRecords();
                compareRoots();
            } else {
                reportUnprovenRecords();
            }
            reportUncheckedInclusionProofs();
        }

        private void place(int seq, byte[] leaf, long caseId) {
            if (seq == frontier.size()) {
                append(leaf, caseId);
                while (!early.isEmpty() && early.firstKey() == frontier.size()) {
                    append(early.pollFirstEntry().getValue(), earlyCases.pollFirstEntry().getValue());
                }
            } else if (usable.nextClearBit((int) frontier.size()) > seq) {
                early.put((long) seq, leaf); // every record before it exists and is still to come
                earlyCases.put((long) seq, caseId);
            }
            // otherwise a record before it is missing, so no tree containing it can be recomputed
        }

        private void append(byte[] leaf, long caseId) {
            recomputedIndex.add(caseId, frontier.size());
            frontier = frontier.append(leaf);
            Checkpoint checkpoint = checkpoints.get(frontier.size());
            if (checkpoint != null) {
                checkCaseIndexCommitment(checkpoint);
            }
            if (headSizes.contains(frontier.size())) {
                recomputedRoots.put(frontier.size(), frontier.root());
            }
        }

        private void checkInclusionProofs(int seq, byte[] leaf) {
            for (ProofEntry<ExportLine.InclusionLine> entry : inclusionProofs.getOrDefault((long) seq, List.of())) {
                long treeSize = entry.proof().treeSize();
                HeadEntry head = headOfSize(treeSize);
                if (head == null) {
                    findings.add(Kind.INCLUSION_PROOF_FAILED, seq, "inclusion proof for record seq " + seq
                            + " on line " + entry.line() + " cannot be checked: the export has no tree head of size "
                            + treeSize);
                } else if (!MerkleProofs.verifyInclusion(seq, treeSize, leaf, entry.proof().proof(),
                        head.head().rootHash())) {
                    findings.add(Kind.INCLUSION_PROOF_FAILED, seq, "inclusion proof for record seq " + seq
                            + " on line " + entry.line() + " does not verify against the tree head of size " + treeSize
                            + " (line " + head.line() + "): that head does not cover the record as exported");
                } else if (head.validSignature()) {
                    proven.set(seq);
                }
            }
        }

        private void reportUncheckedInclusionProofs() {
            inclusionProofs.forEach((seq, entries) -> {
                if (seq > MAX_SEQ || !placed.get(seq.intValue())) {
                    for (ProofEntry<ExportLine.InclusionLine> entry : entries) {
                        findings.add(Kind.INCLUSION_PROOF_FAILED, seq, "inclusion proof for record seq " + seq
                                + " on line " + entry.line() + " cannot be checked: the export has no readable record "
                                + "seq " + seq);
                    }
                }
            });
        }

        private void reportMissingRecords() {
            long end = Math.min(MAX_SEQ + 1, Math.max(largestSeq + 1, headSizes.isEmpty() ? 0 : headSizes.last()));
            for (int gap = seen.nextClearBit(0); gap < end; ) {
                int next = seen.nextSetBit(gap);
                int gapEnd = (int) (next < 0 || next > end ? end : next); // exclusive
                findings.add(Kind.RECORD_MISSING, gap, gapEnd - gap == 1
                        ? "record seq " + gap + " is missing (removed)"
                        : "records seq " + gap + " to " + (gapEnd - 1) + " are missing (" + (gapEnd - gap)
                                + " records removed)");
                gap = seen.nextClearBit(gapEnd);
            }
        }

        private void reportUncoveredRecords() {
            long covered = heads.stream().filter(HeadEntry::validSignature).mapToLong(HeadEntry::size).max().orElse(0);
            if (covered > largestSeq) {
                return;
            }
            int first = seen.nextSetBit((int) covered);
            int count = seen.get(first, (int) largestSeq + 1).cardinality();
            String why = covered == 0 ? "there is no validly signed tree head"
                    : "the largest validly signed tree head has size " + covered;
            findings.add(Kind.RECORD_NOT_COVERED, first, count == 1
                    ? "record seq " + first + " is not covered by any validly signed tree head (" + why + ")"
                    : count + " records from seq " + first + " to " + largestSeq
                            + " are not covered by any validly signed tree head (" + why + ")");
        }

        private void reportUnprovenRecords() {
            for (int seq = placed.nextSetBit(0); seq >= 0; seq = placed.nextSetBit(seq + 1)) {
                if (!proven.get(seq)) {
                    findings.add(Kind.RECORD_NOT_COVERED, seq, "record seq " + seq
                            + " has no inclusion proof against a validly signed tree head");
                }
            }
        }

        private void compareRoots() {
            for (HeadEntry entry : heads) {
                long size = entry.size();
                byte[] recomputed = recomputedRoots.get(size);
                String head = "tree head of size " + size + " (line " + entry.line() + ")";
                if (recomputed == null) {
                    findings.add(Kind.HEAD_ROOT_MISMATCH, size, head + " cannot be recomputed from the records: record"
                            + " seq " + usable.nextClearBit(0) + " is missing or unreadable");
                } else if (!TreeHasher.same(recomputed, entry.head().rootHash())) {
                    findings.add(Kind.HEAD_ROOT_MISMATCH, size, head + ": its root "
                            + HEX.formatHex(entry.head().rootHash()) + " is not " + HEX.formatHex(recomputed)
                            + ", the root of records 0.." + (size - 1) + " as exported");
                }
            }
            reportHeadsContradictedByLaterHeads();
        }

        /**
         * A validly signed head the complete records do not reproduce, below one they do reproduce, contradicts that
         * later head: the later head commits to those same records as its prefix.
         */
        private void reportHeadsContradictedByLaterHeads() {
            Map<Long, HeadEntry> reproduced = new LinkedHashMap<>();
            List<HeadEntry> contradicted = new ArrayList<>();
            heads.stream().filter(HeadEntry::validSignature).sorted(Comparator.comparingLong(HeadEntry::size))
                    .forEach(entry -> {
                        byte[] recomputed = recomputedRoots.get(entry.size());
                        if (recomputed != null && TreeHasher.same(recomputed, entry.head().rootHash())) {
                            reproduced.putIfAbsent(entry.size(), entry);
                        } else if (recomputed != null) {
                            contradicted.add(entry);
                        }
                    });
            for (HeadEntry earlier : contradicted) {
                reproduced.values().stream().filter(later -> later.size() > earlier.size()).findFirst()
                        .ifPresent(later -> findings.add(Kind.HEADS_INCONSISTENT, later.size(), "tree heads of sizes "
                                + earlier.size() + " (line " + earlier.line() + ") and " + later.size() + " (line "
                                + later.line() + ") are not consistent: the records reproduce the head of size "
                                + later.size() + ", whose first " + earlier.size() + " records have root "
                                + HEX.formatHex(recomputedRoots.get(earlier.size())) + ", not the root the head of size "
                                + earlier.size() + " signs"));
            }
        }

        private BufferedReader open() throws IOException {
            return new BufferedReader(new InputStreamReader(Files.newInputStream(export), StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)));
        }
    }

    /** Findings in the order found, at most {@link #FINDINGS_PER_KIND} of each kind plus a count of the rest. */
    private static final class Findings {
        private final List<Finding> kept = new ArrayList<>();
        private final Map<Kind, Long> counts = new EnumMap<>(Kind.class);

        void add(Kind kind, long seqOrSize, String message) {
            long count = counts.merge(kind, 1L, Long::sum);
            if (count <= FINDINGS_PER_KIND) {
                kept.add(new Finding(kind, seqOrSize, message));
            }
        }

        List<Finding> list() {
            List<Finding> all = new ArrayList<>(kept);
            counts.forEach((kind, count) -> {
                if (count > FINDINGS_PER_KIND) {
                    all.add(new Finding(kind, -1, (count - FINDINGS_PER_KIND) + " more findings of kind " + kind
                            + " are not listed"));
                }
            });
            return all;
        }
    }
}
