package org.defaulterivr.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.defaulterivr.notice.WavHeader;
import org.junit.jupiter.api.Test;

/** The simulator's pure parsers, from literal lines and bytes. */
class AsteriskSimulatorParsingTest {

    @Test
    void asteriskJavaQuotingIsSplitIntoArgumentsWithEmptyQuotesKept() {
        assertEquals(List.of("EXEC", "Progress", ""), ResAgi.splitArguments("EXEC \"Progress\" \"\""));
        assertEquals(List.of("STREAM", "FILE", "defaulter-ivr/abc", ""),
                ResAgi.splitArguments("STREAM FILE \"defaulter-ivr/abc\" \"\""));
    }

    @Test
    void unquotedArgumentsAndRunsOfBlanksSplitLikeParseArgs() {
        assertEquals(List.of("VERBOSE", "longplay start", "1"),
                ResAgi.splitArguments("VERBOSE  \"longplay start\"\t1"));
        assertEquals(List.of("SET", "VARIABLE", "X", "1"), ResAgi.splitArguments("SET VARIABLE X 1"));
    }

    @Test
    void backslashMakesTheNextCharacterLiteral() {
        assertEquals(List.of("SET", "VARIABLE", "DEFAULTER_NOTICE", "pl\"ay\\ed"),
                ResAgi.splitArguments("SET VARIABLE \"DEFAULTER_NOTICE\" \"pl\\\"ay\\\\ed\""));
        assertEquals(List.of("a b"), ResAgi.splitArguments("a\\ b"));
    }

    @Test
    void aQuoteInsideAWordDoesNotStartANewOne() {
        assertEquals(List.of("abc d"), ResAgi.splitArguments("ab\"c d\""));
        assertEquals(List.of(), ResAgi.splitArguments(""));
    }

    @Test
    void wavHeaderIsFoundPastOtherChunksAndCountsSamples() {
        WavHeader header = WavHeader.parse(AsteriskSimulatorTest.wav(8000, 8000, true)).orElseThrow();

        assertTrue(header.isTelephonyPcm());
        assertEquals(8000, header.frames());
    }

    @Test
    void truncatedDataChunkCountsOnlyTheBytesPresent() {
        byte[] full = AsteriskSimulatorTest.wav(8000, 8000, false);
        byte[] cut = Arrays.copyOf(full, 44 + 1000);

        assertEquals(500, WavHeader.parse(cut).orElseThrow().frames());
    }

    @Test
    void notAWaveFileOrAWrongFormatIsRecognised() {
        assertTrue(WavHeader.parse("<html>not found</html>".getBytes(StandardCharsets.US_ASCII)).isEmpty());
        assertFalse(WavHeader.parse(AsteriskSimulatorTest.wav(16000, 16, false)).orElseThrow().isTelephonyPcm());
    }
}
