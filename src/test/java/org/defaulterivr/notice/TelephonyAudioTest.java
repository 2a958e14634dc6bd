package org.defaulterivr.notice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.defaulterivr.notice.UnsupportedAudioException.Reason;
import org.junit.jupiter.api.Test;

class TelephonyAudioTest {

    private static final AudioLimits LIMITS = new AudioLimits(20_000_000, Duration.ofSeconds(60));
    private static final double AMPLITUDE = 0.5;
    private static final double SINE_RMS = AMPLITUDE / Math.sqrt(2);

    private static AudioFormat pcm(float rate, int bits, int channels) {
        return new AudioFormat(rate, bits, channels, bits > 8, false);
    }

    @Test
    void cdQualityStereoToneBecomesTelephonyWavOfSameLengthAndLevel() throws Exception {
        byte[] upload = TestAudio.toneWav(pcm(44100, 16, 2), 440, 3.0, AMPLITUDE);

        byte[] out = TelephonyAudio.toTelephonyWav(upload, LIMITS);

        AudioFileFormat file = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(out));
        assertEquals(AudioFileFormat.Type.WAVE, file.getType());
        AudioFormat f = file.getFormat();
        assertEquals(AudioFormat.Encoding.PCM_SIGNED, f.getEncoding());
        assertEquals(8000f, f.getSampleRate());
        assertEquals(1, f.getChannels());
        assertEquals(16, f.getSampleSizeInBits());
        assertTrue(!f.isBigEndian());
        assertEquals(TelephonyAudio.HEADER_BYTES + file.getFrameLength() * 2L, out.length);
        assertEquals(3000, TelephonyAudio.durationMillis(out), 20);

        float[] samples = TestAudio.samples(out);
        assertEquals(SINE_RMS, TestAudio.rms(samples, 8000, 0.1, 2.9), SINE_RMS * 0.02);
        assertEquals(440, TestAudio.frequency(samples, 8000, 0.1, 2.9), 1.0);
    }

    @Test
    void toneAboveTelephoneBandIsFilteredOutNotAliased() {
        // Dropping 5 of every 6 samples would fold 6 kHz down to an audible 2 kHz at full level.
        byte[] upload = TestAudio.toneWav(pcm(48000, 16, 1), 6000, 1.0, AMPLITUDE);

        float[] out = TestAudio.samples(TelephonyAudio.toTelephonyWav(upload, LIMITS));

        double rms = TestAudio.rms(out, 8000, 0.05, 0.95);
        assertTrue(rms < 0.05 * SINE_RMS, "6 kHz leaked through at RMS " + rms);
        assertTrue(rms < 0.001 * SINE_RMS, "expected at least 60 dB attenuation, RMS " + rms);
    }

    @Test
    void toneJustAboveHalfTheTelephoneRateIsAlsoRemoved() {
        byte[] upload = TestAudio.toneWav(pcm(44100, 16, 1), 4200, 1.0, AMPLITUDE);

        float[] out = TestAudio.samples(TelephonyAudio.toTelephonyWav(upload, LIMITS));

        assertTrue(TestAudio.rms(out, 8000, 0.05, 0.95) < 0.001 * SINE_RMS);
    }

    @Test
    void speechBandToneNearTheTopOfTheBandKeepsItsLevel() {
        byte[] upload = TestAudio.toneWav(pcm(16000, 16, 1), 3300, 1.0, AMPLITUDE);

        float[] out = TestAudio.samples(TelephonyAudio.toTelephonyWav(upload, LIMITS));

        assertEquals(SINE_RMS, TestAudio.rms(out, 8000, 0.05, 0.95), SINE_RMS * 0.02);
    }

    @Test
    void telephonyFormatUploadPassesThroughSampleForSample() {
        short[] original = new short[4000];
        for (int i = 0; i < original.length; i++) {
            original[i] = (short) ((i * 7919) % 65536 - 32768);   // a spiky pattern, including both extremes
        }
        original[0] = Short.MIN_VALUE;
        original[1] = Short.MAX_VALUE;
        ByteBuffer frames = ByteBuffer.allocate(original.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : original) {
            frames.putShort(s);
        }
        byte[] upload = TestAudio.wav(TelephonyAudio.FORMAT, frames.array());

        byte[] out = TelephonyAudio.toTelephonyWav(upload, LIMITS);

        byte[] data = new byte[out.length - TelephonyAudio.HEADER_BYTES];
        System.arraycopy(out, TelephonyAudio.HEADER_BYTES, data, 0, data.length);
        assertArrayEquals(frames.array(), data);
        assertEquals(500, TelephonyAudio.durationMillis(out));
    }

    @Test
    void commonUploadFormatsAllConvert() {
        AudioFormat[] formats = {
            pcm(11025, 16, 1),
            pcm(22050, 8, 1),                                          // 8-bit WAV is unsigned
            new AudioFormat(48000, 24, 2, true, false),
            new AudioFormat(96000, 32, 1, true, false),
            new AudioFormat(48000, 16, 6, true, false),                // 5.1
            new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, 44100, 32, 2, 8, 44100, false),
            pcm(8000, 16, 2),
        };
        for (AudioFormat format : formats) {
            byte[] upload = TestAudio.toneWav(format, 1000, 1.0, AMPLITUDE);

            float[] out = TestAudio.samples(TelephonyAudio.toTelephonyWav(upload, LIMITS));

            assertEquals(8000, out.length, 1, format.toString());
            // 8-bit quantisation noise is about -50 dB, so 2 % holds for every format.
            assertEquals(SINE_RMS, TestAudio.rms(out, 8000, 0.05, 0.95), SINE_RMS * 0.02, format.toString());
            assertEquals(1000, TestAudio.frequency(out, 8000, 0.05, 0.95), 2, format.toString());
        }
    }

    @Test
    void oddSampleRateUsesRoundedPhasesWithoutAudibleError() {
        // gcd(44101, 8000) = 1, so positions fall on 8000 fractions and are rounded to MAX_PHASES of them.
        byte[] upload = TestAudio.toneWav(pcm(44101, 16, 1), 1000, 1.0, AMPLITUDE);

        float[] out = TestAudio.samples(TelephonyAudio.toTelephonyWav(upload, LIMITS));

        double error = 0;
        for (int i = 400; i < 7600; i++) {
            double expected = AMPLITUDE * Math.sin(2 * Math.PI * 1000 * i / 8000.0);
            error = Math.max(error, Math.abs(out[i] - expected));
        }
        assertTrue(error < 0.001, "worst sample error " + error);
    }

    @Test
    void extensibleWavAsWrittenByMultichannelEditorsIsRead() {
        // WAVE_FORMAT_EXTENSIBLE, 4 channels of 24-bit at 48 kHz: the header Audacity or Reaper writes for >2 channels.
        AudioFormat format = new AudioFormat(48000, 24, 4, true, false);
        byte[] plain = TestAudio.toneWav(format, 1000, 0.5, AMPLITUDE);
        byte[] frames = java.util.Arrays.copyOfRange(plain, 44, plain.length);
        ByteBuffer wav = ByteBuffer.allocate(68 + frames.length).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(60 + frames.length)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(40)
                .putShort((short) 0xFFFE).putShort((short) 4).putInt(48000).putInt(48000 * 12)
                .putShort((short) 12).putShort((short) 24)
                .putShort((short) 22).putShort((short) 24).putInt(0x33)      // cbSize, valid bits, channel mask
                .putInt(0x0001).putShort((short) 0x0000).putShort((short) 0x0010)   // KSDATAFORMAT_SUBTYPE_PCM
                .put(new byte[] {(byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71})
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(frames.length).put(frames);

        float[] out = TestAudio.samples(TelephonyAudio.toTelephonyWav(wav.array(), LIMITS));

        assertEquals(4000, out.length, 1);
        assertEquals(SINE_RMS, TestAudio.rms(out, 8000, 0.05, 0.45), SINE_RMS * 0.02);
    }

    @Test
    void muLawWavIsExpandedAndAccepted() throws Exception {
        byte[] linear = TestAudio.toneWav(pcm(8000, 16, 1), 1000, 1.0, AMPLITUDE);
        AudioFormat ulaw = new AudioFormat(AudioFormat.Encoding.ULAW, 8000, 8, 1, 1, 8000, false);
        ByteArrayOutputStream muLaw = new ByteArrayOutputStream();
        try (AudioInputStream in = AudioSystem.getAudioInputStream(ulaw,
                AudioSystem.getAudioInputStream(new ByteArrayInputStream(linear)))) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, muLaw);
        }
        assertEquals(WavHeader.MU_LAW, WavHeader.parse(muLaw.toByteArray()).orElseThrow().formatTag());

        float[] out = TestAudio.samples(TelephonyAudio.toTelephonyWav(muLaw.toByteArray(), LIMITS));

        assertEquals(SINE_RMS, TestAudio.rms(out, 8000, 0.05, 0.95), SINE_RMS * 0.03);
    }

    @Test
    void streamUploadConvertsLikeBytes() throws IOException {
        byte[] upload = TestAudio.toneWav(pcm(16000, 16, 1), 440, 0.5, AMPLITUDE);

        byte[] fromStream = TelephonyAudio.toTelephonyWav(new ByteArrayInputStream(upload), LIMITS);

        assertArrayEquals(TelephonyAudio.toTelephonyWav(upload, LIMITS), fromStream);
    }

    @Test
    void endlessStreamIsRefusedOnceItPassesTheByteLimit() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }
        };
        AudioLimits small = new AudioLimits(100_000, Duration.ofSeconds(60));

        UnsupportedAudioException e = assertThrows(UnsupportedAudioException.class,
                () -> TelephonyAudio.toTelephonyWav(endless, small));
        assertEquals(Reason.TOO_LARGE, e.reason());
    }

    @Test
    void refusalsNameTheProblemForTheClerk() {
        assertRefused(Reason.EMPTY, new byte[0], LIMITS, "empty");
        assertRefused(Reason.NOT_WAV, "%PDF-1.7 this is a court order, not audio".getBytes(StandardCharsets.UTF_8),
                LIMITS, "not a WAV");
        assertRefused(Reason.NOT_WAV, "RIFF\0\0\0\0WAVE".getBytes(StandardCharsets.US_ASCII), LIMITS, "not a WAV");

        byte[] threeSeconds = TestAudio.toneWav(pcm(8000, 16, 1), 440, 3.0, AMPLITUDE);
        assertRefused(Reason.TOO_LONG, threeSeconds, new AudioLimits(1_000_000, Duration.ofSeconds(2)),
                "at most 2 seconds");
        assertRefused(Reason.TOO_LARGE, threeSeconds, new AudioLimits(1000, Duration.ofSeconds(60)), "larger than");

        byte[] noSamples = TestAudio.wav(pcm(8000, 16, 1), new byte[0]);
        assertRefused(Reason.EMPTY, noSamples, LIMITS, "no sound");

        byte[] tooSlow = TestAudio.toneWav(pcm(6000, 16, 1), 440, 0.5, AMPLITUDE);
        assertRefused(Reason.UNSUPPORTED_FORMAT, tooSlow, LIMITS, "6000 Hz");
    }

    @Test
    void compressedWavIsRefusedNamingItsCodec() {
        byte[] imaAdpcm = TestAudio.toneWav(pcm(8000, 16, 1), 440, 0.5, AMPLITUDE);
        // Relabel the fmt chunk as IMA ADPCM (0x0011): the shape of a real ADPCM header is irrelevant here.
        ByteBuffer.wrap(imaAdpcm).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 0x0011);

        assertRefused(Reason.COMPRESSED, imaAdpcm, LIMITS, "IMA ADPCM");
    }

    @Test
    void durationOfSomethingOtherThanTelephonyWavIsAProgrammingError() {
        byte[] cdQuality = TestAudio.toneWav(pcm(44100, 16, 2), 440, 0.1, AMPLITUDE);

        assertThrows(IllegalArgumentException.class, () -> TelephonyAudio.durationMillis(cdQuality));
        assertThrows(IllegalArgumentException.class, () -> TelephonyAudio.durationMillis(new byte[10]));
    }

    private static void assertRefused(Reason reason, byte[] upload, AudioLimits limits, String messagePart) {
        UnsupportedAudioException e = assertThrows(UnsupportedAudioException.class,
                () -> TelephonyAudio.toTelephonyWav(upload, limits));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }
}
