package org.defaulterivr.evidence;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes an evidence export (format {@value #FORMAT}, version {@value #VERSION}): JSON lines, one object per line,
 * UTF-8, each with a {@code type}. The header comes first and is written on {@link #start}; the other lines may come
 * in any order, but tree heads and proofs before the records in ascending seq order is what readers expect. Nothing
 * is buffered beyond the current line, so the service can stream a log of any size. See docs/evidence-log.md.
 */
public final class EvidenceExportWriter implements Closeable, Flushable {

    public static final String FORMAT = "defaulter-ivr-evidence-log";
    public static final int VERSION = 1;

    static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    // Lines are ended explicitly; Jackson's default separator between root values would start each line with a space.
    private static final JsonFactory JSON = new JsonFactoryBuilder().rootValueSeparator((String) null).build();
    private static final HexFormat HEX = HexFormat.of();

    private final JsonGenerator json;

    private EvidenceExportWriter(JsonGenerator json) {
        this.json = json;
    }

    /** Starts an export on {@code out} by writing its header line; closing the writer closes {@code out}. */
    public static EvidenceExportWriter start(OutputStream out, ExportScope scope) throws IOException {
        EvidenceExportWriter writer = new EvidenceExportWriter(JSON.createGenerator(out, JsonEncoding.UTF8));
        writer.json.writeStartObject();
        writer.json.writeStringField("type", "header");
        writer.json.writeStringField("format", FORMAT);
        writer.json.writeNumberField("version", VERSION);
        writer.json.writeStringField("scope", scope.wireName());
        writer.endLine();
        return writer;
    }

    /** A record line whose leaf hash is computed from the record. */
    public void writeRecord(long seq, EvidenceRecord record) throws IOException {
        writeRecord(seq, record, LeafEncoding.leafHash(seq, record));
    }

    /**
     * A record line carrying the leaf hash stored when the record was logged. The service should export the stored
     * hash, not a recomputed one: only then can the verifier tell which record was changed afterwards.
     */
    public void writeRecord(long seq, EvidenceRecord record, byte[] storedLeafHash) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "record");
        json.writeNumberField("seq", seq);
        json.writeStringField("nodeId", record.nodeId());
        json.writeStringField("callId", record.callId());
        json.writeStringField("occurredAt", MICROS.format(LeafEncoding.truncateToMicros(record.occurredAt())));
        json.writeStringField("calledNumber", record.calledNumber());
        json.writeStringField("callerPseudonym", record.callerPseudonym());
        json.writeStringField("courtCode", record.courtCode());
        json.writeNumberField("caseId", record.caseId());
        json.writeStringField("caseNumber", record.caseNumber());
        json.writeNumberField("noticeId", record.noticeId());
        json.writeStringField("noticeSha256", record.noticeSha256());
        json.writeStringField("outcome", record.outcome().wireName());
        json.writeNumberField("heardMs", record.heardMs());
        json.writeNumberField("noticeMs", record.noticeMs());
        Provenance provenance = record.provenance();
        if (provenance != null) {
            json.writeNumberField("leafVersion", record.leafVersion());
            json.writeStringField("asteriskHost", provenance.asteriskHost());
            json.writeStringField("channel", provenance.channel());
            json.writeNumberField("listingVersion", provenance.listingVersion());
            json.writeBooleanField("probe", provenance.probe());
        }
        json.writeStringField("leafHash", HEX.formatHex(storedLeafHash));
        endLine();
    }

    /** A signed tree head line. */
    public void writeTreeHead(SignedTreeHead head) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "tree_head");
        json.writeNumberField("treeSize", head.treeSize());
        json.writeStringField("rootHash", HEX.formatHex(head.rootHash()));
        json.writeStringField("timestamp", MILLIS.format(head.timestamp()));
        json.writeStringField("signature", Base64.getEncoder().encodeToString(head.signature()));
        endLine();
    }

    /** A consistency proof line: the tree of {@code fromSize} is a prefix of the tree of {@code toSize}. */
    public void writeConsistencyProof(long fromSize, long toSize, List<byte[]> proof) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "consistency");
        json.writeNumberField("fromSize", fromSize);
        json.writeNumberField("toSize", toSize);
        writeHashes("proof", proof);
        endLine();
    }

    /** An inclusion proof line: record {@code seq} is in the tree of {@code treeSize}. */
    public void writeInclusionProof(long seq, long treeSize, List<byte[]> proof) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "inclusion");
        json.writeNumberField("seq", seq);
        json.writeNumberField("treeSize", treeSize);
        writeHashes("proof", proof);
        endLine();
    }

    /**
     * A checkpoint line: the signed note (c2sp.org/tlog-checkpoint) of the tree of {@code treeSize}, with the log's
     * signature and the witnesses' cosignatures.
     */
    public void writeCheckpoint(long treeSize, String signedNote) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "checkpoint");
        json.writeNumberField("treeSize", treeSize);
        json.writeStringField("note", signedNote);
        endLine();
    }

    /**
     * A case index line: a case's entry in the per-case index the checkpoint of {@code treeSize} commits to (its count
     * and latest seq as signed), the seqs of its records below that size (from which the entry's hash chain follows),
     * and the entry's inclusion proof at {@code index} of the index's {@code indexSize} entries.
     */
    public void writeCaseIndex(long treeSize, CaseIndexEntry entry, List<Long> seqs, long index, long indexSize,
            List<byte[]> proof) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "case_index");
        json.writeNumberField("treeSize", treeSize);
        json.writeNumberField("caseId", entry.caseId());
        json.writeNumberField("count", entry.count());
        json.writeNumberField("latestSeq", entry.latestSeq());
        json.writeArrayFieldStart("seqs");
        for (long seq : seqs) {
            json.writeNumber(seq);
        }
        json.writeEndArray();
        json.writeNumberField("index", index);
        json.writeNumberField("indexSize", indexSize);
        writeHashes("proof", proof);
        endLine();
    }

    /**
     * A context line: facts that come with the records (a case's registry entry, a notice version) but that no tree
     * head signs. Verifiers check that it is well formed and otherwise take it as stated, not as verified. {@code data}
     * holds strings, numbers, booleans, nulls, lists and maps of these.
     */
    public void writeContext(String kind, Map<String, ?> data) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "context");
        json.writeStringField("kind", kind);
        json.writeFieldName("data");
        writeValue(data);
        endLine();
    }

    @Override
    public void flush() throws IOException {
        json.flush();
    }

    @Override
    public void close() throws IOException {
        json.close();
    }

    private void writeValue(Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof java.math.BigDecimal decimal) {
            json.writeNumber(decimal);
        } else if (value instanceof java.math.BigInteger integer) {
            json.writeNumber(integer);
        } else if (value instanceof Double || value instanceof Float) {
            json.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                writeValue(element);
            }
            json.writeEndArray();
        } else {
            throw new IllegalArgumentException("a context line cannot hold a " + value.getClass().getName());
        }
    }

    private void writeHashes(String field, List<byte[]> hashes) throws IOException {
        json.writeArrayFieldStart(field);
        for (byte[] hash : hashes) {
            json.writeString(HEX.formatHex(hash));
        }
        json.writeEndArray();
    }

    private void endLine() throws IOException {
        json.writeEndObject();
        json.writeRaw('\n');
    }
}
