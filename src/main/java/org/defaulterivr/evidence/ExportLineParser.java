package org.defaulterivr.evidence;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.defaulterivr.evidence.merkle.TreeHasher;

/**
 * Reads one line of an evidence export into an {@link ExportLine}. Strict, because every byte of an export is
 * adversarial: a key given twice, a number given as a string or with a fraction, a hash of the wrong length, a time
 * more precise than its encoding keeps, all make the line malformed rather than guessed at.
 */
final class ExportLineParser {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final HexFormat HEX = HexFormat.of();
    /** The fields of a record line besides the record's own: the line's type and the leaf hash stored. */
    private static final java.util.Set<String> RECORD_LINE_FIELDS = java.util.Set.of("type", "leafHash");

    private ExportLineParser() {
    }

    /** A line that cannot be read, with a message naming the field at fault and, if it could be read, the seq. */
    static final class MalformedLineException extends Exception {
        private static final long serialVersionUID = 1L;
        private final Long seq;

        MalformedLineException(String message, Long seq) {
            super(message);
            this.seq = seq;
        }

        /** The record seq the line names, or null if it is not a record line or its seq is unreadable. */
        Long seq() {
            return seq;
        }
    }

    static ExportLine parse(String line) throws MalformedLineException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new MalformedLineException("not valid JSON (" + e.getOriginalMessage() + ")", null);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedLineException("not a JSON object", null);
        }
        Fields fields = new Fields(node, "");
        String type = fields.text("type");
        switch (type) {
            case "header":
                return new ExportLine.Header(fields.text("format"), fields.integer("version"),
                        ExportScope.fromWireName(fields.text("scope")));
            case "record":
                return record(node);
            case "tree_head":
                return treeHead(new Fields(node, "tree head: "));
            case "consistency": {
                Fields proof = new Fields(node, "consistency proof: ");
                return new ExportLine.ConsistencyLine(proof.size("fromSize"), proof.size("toSize"),
                        proof.hashes("proof"));
            }
            case "inclusion": {
                Fields proof = new Fields(node, "inclusion proof: ");
                return new ExportLine.InclusionLine(proof.size("seq"), proof.size("treeSize"), proof.hashes("proof"));
            }
            case "checkpoint": {
                Fields checkpoint = new Fields(node, "checkpoint: ");
                long size = checkpoint.size("treeSize");
                try {
                    return new ExportLine.CheckpointLine(size,
                            org.defaulterivr.tlog.SignedNote.parse(checkpoint.text("note")));
                } catch (IllegalArgumentException e) {
                    throw checkpoint.problem("note", "is not a signed note: " + e.getMessage());
                }
            }
            case "case_index": {
                Fields entry = new Fields(node, "case index: ");
                JsonNode seqs = node.get("seqs");
                if (seqs == null || !seqs.isArray() || seqs.isEmpty()) {
                    throw entry.problem("seqs", "must be a non-empty array of seqs");
                }
                List<Long> list = new ArrayList<>(seqs.size());
                for (JsonNode seq : seqs) {
                    if (!seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 0) {
                        throw entry.problem("seqs", "must hold seqs (integers, 0 or more)");
                    }
                    list.add(seq.longValue());
                }
                return new ExportLine.CaseIndexLine(entry.size("treeSize"), entry.integer("caseId"),
                        entry.size("count"), entry.size("latestSeq"), list, entry.size("index"),
                        entry.size("indexSize"), entry.hashes("proof"));
            }
            case "context": {
                Fields context = new Fields(node, "context: ");
                String kind = context.text("kind");
                JsonNode data = node.get("data");
                if (data == null || !data.isObject()) {
                    throw context.problem("data", "must be an object");
                }
                return new ExportLine.ContextLine(kind);
            }
            default:
                throw new MalformedLineException("unknown type \"" + type + "\"", null);
        }
    }

    private static ExportLine.RecordLine record(JsonNode node) throws MalformedLineException {
        long seq = new Fields(node, "record: ").size("seq");
        Fields f = new Fields(node, "record seq " + seq + ": ", seq);
        Instant occurredAt = f.instant("occurredAt", 1_000, "microsecond");
        String outcomeWord = f.text("outcome");
        NoticeOutcome outcome;
        try {
            outcome = NoticeOutcome.fromWireName(outcomeWord);
        } catch (IllegalArgumentException e) {
            throw f.problem("outcome", "is \"" + outcomeWord + "\", not one of played, partial, hung_up, failed, "
                    + "unknown");
        }
        if (!outcome.wireName().equals(outcomeWord)) {
            throw f.problem("outcome", "must be written in lower case");
        }
        // leaf version 1 lines have no leafVersion field; from version 2 on the line states it (LeafEncoding)
        long leafVersion = node.has("leafVersion") ? f.integer("leafVersion") : 1;
        if (leafVersion != 1 && leafVersion != 2) {
            throw f.problem("leafVersion", "is " + leafVersion + ", not a leaf version this verifier knows (1, 2)");
        }
        if (leafVersion == 1 && node.has("leafVersion")) {
            throw f.problem("leafVersion", "is only written from version 2 on");
        }
        if (leafVersion == 1 && outcome == NoticeOutcome.UNKNOWN) {
            throw f.problem("outcome", "is \"unknown\", which leaf version 1 does not have");
        }
        Provenance provenance = null;
        if (leafVersion == 2) {
            provenance = new Provenance(f.text("asteriskHost"), f.text("channel"), f.size("listingVersion"),
                    f.bool("probe"));
        }
        EvidenceRecord record;
        try {
            record = new EvidenceRecord(f.text("nodeId"), f.text("callId"), occurredAt, f.text("calledNumber"),
                    f.text("callerPseudonym"), f.text("courtCode"), f.integer("caseId"), f.text("caseNumber"),
                    f.integer("noticeId"), f.text("noticeSha256"), outcome, f.size("heardMs"), f.size("noticeMs"),
                    provenance);
        } catch (IllegalArgumentException e) {
            throw new MalformedLineException("record seq " + seq + ": " + e.getMessage(), seq);
        }
        byte[] storedLeafHash = node.has("leafHash") ? f.hash("leafHash") : null;
        // the fields the line's own leaf version covers (version 1 lines state none)
        JsonNode stated = node.get("leafVersion");
        List<String> covered;
        try {
            covered = LeafEncoding.coveredFields(stated != null && stated.canConvertToInt() ? stated.intValue() : 1);
        } catch (IllegalArgumentException e) {
            covered = LeafEncoding.coveredFields(1);
        }
        List<String> unsigned = new ArrayList<>();
        for (var names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!RECORD_LINE_FIELDS.contains(name) && !covered.contains(name)) {
                unsigned.add(name);
            }
        }
        return new ExportLine.RecordLine(seq, record, storedLeafHash, unsigned);
    }

    private static ExportLine.TreeHeadLine treeHead(Fields f) throws MalformedLineException {
        long size = f.size("treeSize");
        Fields head = new Fields(f.node, "tree head of size " + size + ": ");
        byte[] root = head.hash("rootHash");
        Instant timestamp = head.instant("timestamp", 1_000_000, "millisecond");
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(head.text("signature"));
        } catch (IllegalArgumentException e) {
            throw head.problem("signature", "is not base64");
        }
        return new ExportLine.TreeHeadLine(new SignedTreeHead(size, root, timestamp, signature));
    }

    /** Typed access to the fields of one line, each failure naming the field. */
    private static final class Fields {
        private final JsonNode node;
        private final String context;
        private final Long seq;

        Fields(JsonNode node, String context) {
            this(node, context, null);
        }

        Fields(JsonNode node, String context, Long seq) {
            this.node = node;
            this.context = context;
            this.seq = seq;
        }

        MalformedLineException problem(String field, String what) {
            return new MalformedLineException(context + "field `" + field + "` " + what, seq);
        }

        private JsonNode required(String field) throws MalformedLineException {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                throw problem(field, "is missing");
            }
            return value;
        }

        String text(String field) throws MalformedLineException {
            JsonNode value = required(field);
            if (!value.isTextual()) {
                throw problem(field, "must be a string");
            }
            return value.textValue();
        }

        long integer(String field) throws MalformedLineException {
            JsonNode value = required(field);
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw problem(field, "must be an integer (64-bit)");
            }
            return value.longValue();
        }

        boolean bool(String field) throws MalformedLineException {
            JsonNode value = required(field);
            if (!value.isBoolean()) {
                throw problem(field, "must be true or false");
            }
            return value.booleanValue();
        }

        /** A non-negative integer: a seq, a size or a duration. */
        long size(String field) throws MalformedLineException {
            long value = integer(field);
            if (value < 0) {
                throw problem(field, "must not be negative");
            }
            return value;
        }

        byte[] hash(String field) throws MalformedLineException {
            return hashValue(field, required(field));
        }

        private byte[] hashValue(String field, JsonNode value) throws MalformedLineException {
            if (!value.isTextual() || value.textValue().length() != 2 * TreeHasher.HASH_SIZE) {
                throw problem(field, "must be a SHA-256 hash as 64 hex digits");
            }
            try {
                return HEX.parseHex(value.textValue());
            } catch (IllegalArgumentException e) {
                throw problem(field, "must be a SHA-256 hash as 64 hex digits");
            }
        }

        List<byte[]> hashes(String field) throws MalformedLineException {
            JsonNode value = required(field);
            if (!value.isArray()) {
                throw problem(field, "must be an array of hashes");
            }
            List<byte[]> hashes = new ArrayList<>(value.size());
            for (JsonNode element : value) {
                hashes.add(hashValue(field, element));
            }
            return hashes;
        }

        Instant instant(String field, int nanosUnit, String unitName) throws MalformedLineException {
            String text = text(field);
            Instant instant;
            try {
                instant = Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw problem(field, "is not an ISO-8601 UTC time: \"" + text + "\"");
            }
            if (instant.getNano() % nanosUnit != 0) {
                throw problem(field, "is more precise than the " + unitName + " the log keeps: \"" + text + "\"");
            }
            return instant;
        }
    }
}
