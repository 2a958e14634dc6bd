package org.defaulterivr.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class LeafEncodingTest {

    private static final HexFormat HEX = HexFormat.of();

    // Produced by an independent Python implementation written from docs/evidence-log.md.
    private static final String EXAMPLE_ENCODING = "01" + "0000000000000007"
            + "00000006" + "6e6f64652d31"
            + "0000000d" + "313730303030303030302e3432"
            + "0006304a09fd9121"
            + "0000000d" + "2b323534373030303030303031"
            + "0000000d" + "683a3366396131633a30303432"
            + "00000006" + "4d53412d4843"
            + "0000000000001267"
            + "0000001e" + "453132332f3230323420284d6f6d6261736120e28093204c696b6f6e6929"
            + "0000000000000003"
            + "00000040" + "3933363861376432316530313866363461653333323764326632356364346437"
            + "3639336232643835333238653462623638306263666362643463323662393065"
            + "00000007" + "7061727469616c"
            + "0000000000001068"
            + "0000000000007918";
    private static final String EXAMPLE_LEAF_HASH = "527a64095b83f1388e28fdd58d62c1a5dd5cde4172d9d885fbc1a7ccc7382bb9";

    // The same Python implementation, extended from the version 2 section of docs/evidence-log.md.
    private static final String EXAMPLE_V2_ENCODING = "02" + EXAMPLE_ENCODING.substring(2)
            + "00000009" + "31302e32302e302e35"
            + "00000018" + "504a5349502f736166617269636f6d2d3030303030303261"
            + "0000000000000004"
            + "00";
    private static final String EXAMPLE_V2_LEAF_HASH =
            "2a611cb02cce094aa98fbdaaf4219f298ed2940a2d41b1a3622a04f50a2dfd4a";

    @Test
    void encodesTheDocumentedVersion2ExampleByteForByteAndKeepsVersion1LeavesAsTheyWere() {
        EvidenceRecord v2 = EvidenceSamples.documentedExampleV2();
        assertEquals(2, v2.leafVersion());
        assertEquals(EXAMPLE_V2_ENCODING, HEX.formatHex(LeafEncoding.encode(7, v2)));
        assertEquals(EXAMPLE_V2_LEAF_HASH, HEX.formatHex(LeafEncoding.leafHash(7, v2)));
        assertEquals(1, EvidenceSamples.documentedExample().leafVersion());
        assertEquals(EXAMPLE_LEAF_HASH, HEX.formatHex(LeafEncoding.leafHash(7, EvidenceSamples.documentedExample())));
    }

    @Test
    void everyProvenanceFieldChangesTheVersion2Leaf() {
        EvidenceRecord r = EvidenceSamples.documentedExampleV2();
        Provenance p = r.provenance();
        Provenance[] variants = {
            new Provenance("10.20.0.6", p.channel(), p.listingVersion(), p.probe()),
            new Provenance(p.asteriskHost(), "PJSIP/safaricom-0000002b", p.listingVersion(), p.probe()),
            new Provenance(p.asteriskHost(), p.channel(), 5, p.probe()),
            new Provenance(p.asteriskHost(), p.channel(), p.listingVersion(), true),
        };
        byte[] original = LeafEncoding.leafHash(7, r);
        for (Provenance variant : variants) {
            EvidenceRecord changed = new EvidenceRecord(r.nodeId(), r.callId(), r.occurredAt(), r.calledNumber(),
                    r.callerPseudonym(), r.courtCode(), r.caseId(), r.caseNumber(), r.noticeId(), r.noticeSha256(),
                    r.outcome(), r.heardMs(), r.noticeMs(), variant);
            assertFalse(Arrays.equals(original, LeafEncoding.leafHash(7, changed)), variant.toString());
        }
        assertArrayEquals(LeafEncoding.leafHash(7, r.withOutcome(NoticeOutcome.UNKNOWN, 0)),
                LeafEncoding.leafHash(7, r.withOutcome(NoticeOutcome.UNKNOWN, 0)));
        assertThrows(IllegalArgumentException.class, () -> LeafEncoding.encode(7,
                EvidenceSamples.documentedExample().withOutcome(NoticeOutcome.UNKNOWN, 0)),
                "outcome unknown has no version 1 form");
    }

    @Test
    void theFieldsEachVersionCoversAreNamedForTheVerifier() {
        assertEquals(java.util.List.of("seq", "nodeId", "callId", "occurredAt", "calledNumber", "callerPseudonym",
                "courtCode", "caseId", "caseNumber", "noticeId", "noticeSha256", "outcome", "heardMs", "noticeMs"),
                LeafEncoding.coveredFields(1));
        assertEquals(java.util.List.of("seq", "nodeId", "callId", "occurredAt", "calledNumber", "callerPseudonym",
                "courtCode", "caseId", "caseNumber", "noticeId", "noticeSha256", "outcome", "heardMs", "noticeMs",
                "leafVersion", "asteriskHost", "channel", "listingVersion", "probe"), LeafEncoding.coveredFields(2));
        assertThrows(IllegalArgumentException.class, () -> LeafEncoding.coveredFields(3));
    }

    @Test
    void encodesTheDocumentedExampleByteForByte() {
        EvidenceRecord record = EvidenceSamples.documentedExample();
        assertEquals(EXAMPLE_ENCODING, HEX.formatHex(LeafEncoding.encode(7, record)));
        assertEquals(EXAMPLE_LEAF_HASH, HEX.formatHex(LeafEncoding.leafHash(7, record)));
    }

    @Test
    void keepsOnlyMicrosecondsOfTheTimestamp() {
        Instant instant = Instant.parse("2025-03-14T09:26:53.589793999Z");
        assertEquals(1_741_944_413_589_793L, LeafEncoding.epochMicros(instant));
        assertEquals(Instant.parse("2025-03-14T09:26:53.589793Z"), LeafEncoding.truncateToMicros(instant));
        // Before the epoch the sub-microsecond part is still dropped towards the past.
        assertEquals(-1L, LeafEncoding.epochMicros(Instant.parse("1969-12-31T23:59:59.999999500Z")));

        EvidenceRecord record = EvidenceSamples.documentedExample();
        EvidenceRecord sameMicrosecond = withOccurredAt(record, Instant.parse("2025-03-14T09:26:53.589793001Z"));
        EvidenceRecord nextMicrosecond = withOccurredAt(record, Instant.parse("2025-03-14T09:26:53.589794Z"));
        assertArrayEquals(LeafEncoding.leafHash(7, record), LeafEncoding.leafHash(7, sameMicrosecond));
        assertFalse(Arrays.equals(LeafEncoding.leafHash(7, record), LeafEncoding.leafHash(7, nextMicrosecond)));
    }

    @Test
    void theSeqIsPartOfTheLeaf() {
        EvidenceRecord record = EvidenceSamples.documentedExample();
        assertFalse(Arrays.equals(LeafEncoding.leafHash(7, record), LeafEncoding.leafHash(8, record)));
        assertThrows(IllegalArgumentException.class, () -> LeafEncoding.encode(-1, record));
    }

    @Test
    void everyFieldChangesTheLeafHash() {
        EvidenceRecord r = EvidenceSamples.documentedExample();
        EvidenceRecord[] variants = {
            new EvidenceRecord("node-2", r.callId(), r.occurredAt(), r.calledNumber(), r.callerPseudonym(),
                    r.courtCode(), r.caseId(), r.caseNumber(), r.noticeId(), r.noticeSha256(), r.outcome(),
                    r.heardMs(), r.noticeMs()),
            new EvidenceRecord(r.nodeId(), "x", r.occurredAt(), r.calledNumber(), r.callerPseudonym(),
                    r.courtCode(), r.caseId(), r.caseNumber(), r.noticeId(), r.noticeSha256(), r.outcome(),
                    r.heardMs(), r.noticeMs()),
            withOccurredAt(r, r.occurredAt().plusSeconds(1)),
            new EvidenceRecord(r.nodeId(), r.callId(), r.occurredAt(), "+254700000002", r.callerPseudonym(),
                    r.courtCode(), r.caseId(), r.caseNumber(), r.noticeId(), r.noticeSha256(), r.outcome(),
                    r.heardMs(), r.noticeMs()),
            new EvidenceRecord(r.nodeId(), r.callId(), r.occurredAt(), r.calledNumber(), "h:0:0",
                    r.courtCode(), r.caseId(), r.caseNumber(), r.noticeId(), r.noticeSha256(), r.outcome(),
                    r.heardMs(), r.noticeMs()),
            new EvidenceRecord(r.nodeId(), r.callId(), r.occurredAt(), r.calledNumber(), r.callerPseudonym(),
                    "NRB-HC", r.caseId(), r.caseNumber(), r.noticeId(), r.noticeSha256(), r.outcome(),
                    r.heardMs(), r.noticeMs()),
            new EvidenceRecord(r.nodeId(), r.callId(), r.occurredAt(), r.calledNumber(), r.callerPseudonym(),
                    r.courtCode(), r.caseId() + 1, r.caseNumber(), r.noticeId(), r.noticeSha256(), r.outcome(),
                    r.heardMs(), r.noticeMs()),
            new EvidenceRecord(r.nodeId(), r.callId(), r.occurredAt(), r.calledNumber(), r.callerPseudonym(),
                    r.courtCode(), r.caseId(), "E124/2024", r.noticeId(), r.noticeSha256(), r.outcome(),
                    r.heardMs(), r.noticeMs()),
            new EvidenceRecord(r.nodeId(), r.callId(), r.occurredAt(), r.calledNumber(), r.callerPseudonym(),
                    r.courtCode(), r.caseId(), r.caseNumber(), r.noticeId() + 1, r.noticeSha256(), r.outcome(),
                    r.heardMs(), r.noticeMs()),
            new EvidenceRecord(r.nodeId(), r.callId(), r.occurredAt(), r.calledNumber(), r.callerPseudonym(),
                    r.courtCode(), r.caseId(), r.caseNumber(), r.noticeId(), "00".repeat(32), r.outcome(),
                    r.heardMs(), r.noticeMs()),
            new EvidenceRecord(r.nodeId(), r.callId(), r.occurredAt(), r.calledNumber(), r.callerPseudonym(),
                    r.courtCode(), r.caseId(), r.caseNumber(), r.noticeId(), r.noticeSha256(), NoticeOutcome.PLAYED,
                    r.heardMs(), r.noticeMs()),
            new EvidenceRecord(r.nodeId(), r.callId(), r.occurredAt(), r.calledNumber(), r.callerPseudonym(),
                    r.courtCode(), r.caseId(), r.caseNumber(), r.noticeId(), r.noticeSha256(), r.outcome(),
                    r.heardMs() + 1, r.noticeMs()),
            new EvidenceRecord(r.nodeId(), r.callId(), r.occurredAt(), r.calledNumber(), r.callerPseudonym(),
                    r.courtCode(), r.caseId(), r.caseNumber(), r.noticeId(), r.noticeSha256(), r.outcome(),
                    r.heardMs(), r.noticeMs() + 1),
        };
        byte[] original = LeafEncoding.leafHash(7, r);
        for (int i = 0; i < variants.length; i++) {
            assertFalse(Arrays.equals(original, LeafEncoding.leafHash(7, variants[i])), "variant " + i);
        }
    }

    @Test
    void movingCharactersBetweenAdjacentFieldsChangesTheEncoding() {
        EvidenceRecord r = EvidenceSamples.documentedExample();
        EvidenceRecord a = new EvidenceRecord("ab", "c", r.occurredAt(), r.calledNumber(), r.callerPseudonym(),
                r.courtCode(), r.caseId(), r.caseNumber(), r.noticeId(), r.noticeSha256(), r.outcome(), 0, 0);
        EvidenceRecord b = new EvidenceRecord("a", "bc", r.occurredAt(), r.calledNumber(), r.callerPseudonym(),
                r.courtCode(), r.caseId(), r.caseNumber(), r.noticeId(), r.noticeSha256(), r.outcome(), 0, 0);
        assertFalse(Arrays.equals(LeafEncoding.encode(0, a), LeafEncoding.encode(0, b)));
    }

    @Test
    void refusesStringsWithoutAUtf8Form() {
        EvidenceRecord r = EvidenceSamples.documentedExample();
        EvidenceRecord lone = new EvidenceRecord(r.nodeId(), r.callId(), r.occurredAt(), r.calledNumber(),
                "h:\ud800", r.courtCode(), r.caseId(), r.caseNumber(), r.noticeId(), r.noticeSha256(), r.outcome(),
                0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LeafEncoding.encode(0, lone));
        assertEquals("field callerPseudonym is not valid Unicode (unpaired surrogate)", e.getMessage());
    }

    private static EvidenceRecord withOccurredAt(EvidenceRecord r, Instant occurredAt) {
        return new EvidenceRecord(r.nodeId(), r.callId(), occurredAt, r.calledNumber(), r.callerPseudonym(),
                r.courtCode(), r.caseId(), r.caseNumber(), r.noticeId(), r.noticeSha256(), r.outcome(),
                r.heardMs(), r.noticeMs());
    }
}
