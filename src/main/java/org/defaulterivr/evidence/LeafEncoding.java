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
import java.util.List;
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
 * <p>Version 2 (every record logged since it exists) is version 1 with the version byte {@code 0x02}, the outcome
 * {@code unknown} allowed, and then, after {@code noticeMs}, the record's {@link Provenance}:
 *
 * <pre>
 *   str asteriskHost, str channel
 *   i64 listingVersion
 *   u8  probe (0x00 or 0x01)
 * </pre>
 *
 * <p>Fixed order and length prefixes make the encoding unambiguous; strings are taken as they are (no trimming, no
 * Unicode normalisation). A record is encoded under the version it was logged with ({@link
 * EvidenceRecord#leafVersion()}), so leaves of version 1 keep verifying. docs/evidence-log.md is the reference for
 * auditors.
 */
public final class LeafEncoding {

    /** The version new records are logged under. */
    public static final byte VERSION = 2;

    private static final List<String> FIELDS_V1 = List.of("seq", "nodeId", "callId", "occurredAt", "calledNumber",
            "callerPseudonym", "courtCode", "caseId", "caseNumber", "noticeId", "noticeSha256", "outcome", "heardMs",
            "noticeMs");
    private static final List<String> FIELDS_V2;

    static {
        List<String> v2 = new java.util.ArrayList<>(FIELDS_V1);
        v2.addAll(List.of("leafVersion", "asteriskHost", "channel", "listingVersion", "probe"));
        FIELDS_V2 = List.copyOf(v2);
    }

    private LeafEncoding() {
    }

    /**
     * The fields of an export's record line (docs/evidence-log.md §4) whose values the leaf hash of {@code version}
     * covers, in encoding order. A record line's other fields are {@code type} and {@code leafHash} (the line's
     * envelope: the commitment itself); any field beyond those is covered by nothing. In version 1 the version is
     * implied by the absence of {@code leafVersion}; from version 2 the line states it.
     *
     * @throws IllegalArgumentException for a version this code does not know
     */
    public static List<String> coveredFields(int version) {
        return switch (version) {
            case 1 -> FIELDS_V1;
            case 2 -> FIELDS_V2;
            default -> throw new IllegalArgumentException("unknown leaf version " + version);
        };
    }

    /** Leaf versions this code can encode and verify. */
    public static boolean known(int version) {
        return version == 1 || version == 2;
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
            Provenance provenance = record.provenance();
            if (provenance == null && record.outcome() == NoticeOutcome.UNKNOWN) {
                throw new IllegalArgumentException("outcome unknown exists from leaf version 2 on only");
            }
            out.writeByte(provenance == null ? 1 : 2);
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
            if (provenance != null) {
                string(out, "asteriskHost", provenance.asteriskHost());
                string(out, "channel", provenance.channel());
                out.writeLong(provenance.listingVersion());
                out.writeByte(provenance.probe() ? 1 : 0);
            }
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
