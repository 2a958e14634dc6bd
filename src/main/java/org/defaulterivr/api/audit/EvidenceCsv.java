package org.defaulterivr.api.audit;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import org.defaulterivr.api.CsvCells;
import org.defaulterivr.evidence.EvidenceRecord;
import org.defaulterivr.evidence.LeafEncoding;
import org.defaulterivr.evidence.query.LoggedEvidence;

/**
 * Evidence as CSV (RFC 4180: comma separated, CRLF line ends, every text field quoted with inner quotes doubled).
 * Text cells are neutralised against formula injection ({@link CsvCells}): one that starts with {@code = + - @},
 * tab or CR gets a leading single quote, so {@code +8613800000000} is written {@code '+8613800000000}; the JSON-lines
 * export carries every value exactly as stored.
 */
final class EvidenceCsv {
    static final String HEADER = "seq,leaf_hash,node_id,call_id,occurred_at,called_number,caller_pseudonym,"
            + "court_code,case_id,case_number,notice_id,notice_sha256,outcome,heard_ms,notice_ms,leaf_version,"
            + "asterisk_host,channel,listing_version,probe\r\n";

    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private EvidenceCsv() {
    }

    static String line(LoggedEvidence logged) {
        EvidenceRecord r = logged.record();
        StringBuilder line = new StringBuilder(320);
        line.append(logged.seq() == null ? "" : logged.seq()).append(',')
                .append(logged.leafHash() == null ? "" : HexFormat.of().formatHex(logged.leafHash())).append(',');
        text(line, r.nodeId()).append(',');
        text(line, r.callId()).append(',');
        line.append(MICROS.format(LeafEncoding.truncateToMicros(r.occurredAt()))).append(',');
        text(line, r.calledNumber()).append(',');
        text(line, r.callerPseudonym()).append(',');
        text(line, r.courtCode()).append(',');
        line.append(r.caseId()).append(',');
        text(line, r.caseNumber()).append(',');
        line.append(r.noticeId()).append(',');
        text(line, r.noticeSha256()).append(',');
        line.append(r.outcome().wireName()).append(',')
                .append(r.heardMs()).append(',')
                .append(r.noticeMs()).append(',')
                .append(r.leafVersion()).append(',');
        // records of leaf version 1 have no provenance: empty fields
        if (r.provenance() != null) {
            text(line, r.provenance().asteriskHost()).append(',');
            text(line, r.provenance().channel()).append(',');
            line.append(r.provenance().listingVersion()).append(',')
                    .append(r.provenance().probe());
        } else {
            line.append(",,,");
        }
        return line.append("\r\n").toString();
    }

    private static StringBuilder text(StringBuilder line, String value) {
        return CsvCells.text(line, value);
    }
}
