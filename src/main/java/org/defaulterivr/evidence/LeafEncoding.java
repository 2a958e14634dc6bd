package org.defaulterivr.evidence;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.defaulterivr.evidence.merkle.TreeHasher;

/**
 * The canonical bytes of one evidence record at its place in the log, and its leaf hash. Version 1 is, in this order
 * (integers big-endian, two's complement; {@code str} = 4-byte length in bytes, then the UTF-8 bytes):
 *
 * <pre>
 *   u8  version = 0x01
 *   i64 seq
 *   str nodeId, str callId
 *   i64 occurredAt (microseconds since 1970-01-01T00:00:00Z, sub-microsecond part dropped towards the past)
 *   str calledNumber, str callerPseudonym, str courtCode
 *   i64 caseId
 *   str caseNumber
 *   i64 noticeId
 *   str noticeSha256
 *   str outcome (its wire name: played, partial, hung_up, failed)
 *   i64 heardMs, i64 noticeMs
 * </pre>
 *
 * <p>Fixed order and length prefixes make the encoding unambiguous; strings are taken as they are (no trimming, no
 * Unicode normalisation). docs/evidence-log.md is the reference for auditors.
 */
public final class LeafEncoding {

    public static final byte VERSION = 1;

    private LeafEncoding() {
    }

    private static final java.util.List<String> FIELDS_V1 = java.util.List.of("seq", "nodeId", "callId", "occurredAt",
            "calledNumber", "callerPseudonym", "courtCode", "caseId", "caseNumber", "noticeId", "noticeSha256",
            "outcome", "heardMs", "noticeMs");

    /**
     * The fields of an export's record line (docs/evidence-log.md §4) whose values the leaf hash of {@code version}
     * covers, in encoding order. A record line's other fields are {@code type} and {@code leafHash} (the line's
     * envelope: the commitment itself); any field beyond those is covered by nothing.
     *
     * @throws IllegalArgumentException for a version this code does not know
     */
    public static java.util.List<String> coveredFields(int version) {
        if (version != 1) {
            throw new IllegalArgumentException("unknown leaf version " + version);
        }
        return FIELDS_V1;
    }

    /** RFC 9162 leaf hash of the record at {@code seq}: SHA-256(0x00 || encode(seq, record)). */
    public static byte[] leafHash(long seq, EvidenceRecord record) {
        return TreeHasher.leafHash(encode(seq, record));
    }

    /**
     * The canonical bytes of {@code record} at {@code seq}.
     *
     * @throws IllegalArgumentException if {@code seq} is negative or a string holds an unpaired surrogate (it has no
     *                                  UTF-8 form, and replacing it would let two records share one encoding)
     */
    public static byte[] encode(long seq, EvidenceRecord record) {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative: " + seq);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(seq);
            string(out, "nodeId", record.nodeId());
            string(out, "callId", record.callId());
            out.writeLong(epochMicros(record.occurredAt()));
            string(out, "calledNumber", record.calledNumber());
            string(out, "callerPseudonym", record.callerPseudonym());
            string(out, "courtCode", record.courtCode());
            out.writeLong(record.caseId());
            string(out, "caseNumber", record.caseNumber());
            out.writeLong(record.noticeId());
            string(out, "noticeSha256", record.noticeSha256());
            string(out, "outcome", record.outcome().wireName());
            out.writeLong(record.heardMs());
            out.writeLong(record.noticeMs());
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** Microseconds since the epoch, rounded towards the past: the precision PostgreSQL's timestamptz keeps. */
    public static long epochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /** {@code instant} without its sub-microsecond part, as {@link #epochMicros} sees it. */
    public static Instant truncateToMicros(Instant instant) {
        return Instant.ofEpochSecond(instant.getEpochSecond(), instant.getNano() / 1_000 * 1_000L);
    }

    private static void string(DataOutputStream out, String field, String value) throws IOException {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer utf8;
        try {
            utf8 = encoder.encode(CharBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("field " + field + " is not valid Unicode (unpaired surrogate)", e);
        }
        out.writeInt(utf8.remaining());
        out.write(utf8.array(), utf8.arrayOffset() + utf8.position(), utf8.remaining());
    }
}
