package org.defaulterivr.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.defaulterivr.testing.Wavs;

/**
 * 10,000 damaged, truncated and forged WAV files through the upload converter: each becomes a valid telephony WAV or
 * is refused with a reason for the clerk ({@link InvalidNoticeException}); never any other exception, and never a
 * memory blow-up from a forged length.
 */
class WavReaderFuzzTest {
    private static final AudioLimits LIMITS = new AudioLimits(1024 * 1024, Duration.ofSeconds(30));
    private static final List<byte[]> SEEDS = List.of(
            Wavs.tone(8000, 1, 0.05, 440),
            Wavs.tone(16000, 2, 0.05, 300),
            Wavs.tone(44100, 1, 0.02, 1000),
            TestAudio.wav(new javax.sound.sampled.AudioFormat(javax.sound.sampled.AudioFormat.Encoding.PCM_FLOAT,
                    8000, 32, 1, 4, 8000, false), new byte[400]));

    @Property(tries = 10_000, edgeCases = EdgeCasesMode.NONE)
    void everyUploadIsConvertedOrRefusedWithAReason(@ForAll("uploads") byte[] upload) {
        try {
            byte[] wav = TelephonyAudio.toTelephonyWav(upload, LIMITS);
            assertEquals(TelephonyAudio.SAMPLE_RATE, Wavs.format(wav).getSampleRate());
            assertTrue(TelephonyAudio.durationMillis(wav) <= LIMITS.maxDuration().toMillis());
        } catch (InvalidNoticeException refused) {
            assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank());
        }
    }

    @Provide
    Arbitrary<byte[]> uploads() {
        Arbitrary<byte[]> seeds = Arbitraries.of(SEEDS);
        // the header (first 64 bytes) is where a parser is fooled: flip bytes there most often
        Arbitrary<int[]> edits = Combinators.combine(Arbitraries.integers().between(0, 63),
                Arbitraries.integers().between(0, 4000), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 5)).as((header, anywhere, value, how) ->
                new int[] {header, anywhere, value, how});
        return Combinators.combine(seeds, edits.list().ofMinSize(1).ofMaxSize(6)).as((seed, list) -> {
            byte[] bytes = seed.clone();
            for (int[] e : list) {
                bytes = edit(bytes, e[0], e[1], e[2], e[3]);
            }
            return bytes;
        });
    }

    private static byte[] edit(byte[] bytes, int header, int anywhere, int value, int how) {
        if (bytes.length == 0) {
            return bytes;
        }
        return switch (how) {
            case 0, 1 -> { // a byte of the header
                byte[] copy = bytes.clone();
                copy[header % copy.length] = (byte) value;
                yield copy;
            }
            case 2 -> { // a byte anywhere
                byte[] copy = bytes.clone();
                copy[anywhere % copy.length] = (byte) value;
                yield copy;
            }
            case 3 -> java.util.Arrays.copyOf(bytes, anywhere % bytes.length); // cut short
            case 4 -> { // a 32-bit length field forged to a huge or negative value
                byte[] copy = bytes.clone();
                int at = (header / 4) * 4 % Math.max(4, copy.length - 4);
                int forged = value % 2 == 0 ? Integer.MAX_VALUE : -value;
                for (int b = 0; b < 4 && at + b < copy.length; b++) {
                    copy[at + b] = (byte) (forged >>> (8 * b));
                }
                yield copy;
            }
            default -> { // junk appended
                byte[] copy = java.util.Arrays.copyOf(bytes, bytes.length + 1 + anywhere % 64);
                java.util.Arrays.fill(copy, bytes.length, copy.length, (byte) value);
                yield copy;
            }
        };
    }
}
