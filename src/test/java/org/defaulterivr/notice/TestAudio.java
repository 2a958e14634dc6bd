package org.defaulterivr.notice;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Builds real WAV files for the tests with javax.sound, and measures what comes out. */
final class TestAudio {

    private TestAudio() {
    }

    /** A sine tone in every channel, written by javax.sound's own WAV writer. */
    static byte[] toneWav(AudioFormat format, double frequencyHz, double seconds, double amplitude) {
        int frames = (int) Math.round(format.getSampleRate() * seconds);
        int channels = format.getChannels();
        int bytesPerSample = format.getFrameSize() / channels;
        ByteBuffer buf = ByteBuffer.allocate(frames * format.getFrameSize())
                .order(format.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            double v = amplitude * Math.sin(2 * Math.PI * frequencyHz * i / format.getSampleRate());
            for (int c = 0; c < channels; c++) {
                putSample(buf, format, bytesPerSample, v);
            }
        }
        return wav(format, buf.array());
    }

    static byte[] wav(AudioFormat format, byte[] frames) {
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(frames), format,
                frames.length / format.getFrameSize())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putSample(ByteBuffer buf, AudioFormat format, int bytesPerSample, double v) {
        if (format.getEncoding().equals(AudioFormat.Encoding.PCM_FLOAT)) {
            buf.putFloat((float) v);
            return;
        }
        int bits = bytesPerSample * 8;
        long max = (1L << (bits - 1)) - 1;
        long q = Math.round(v * max);
        if (format.getEncoding().equals(AudioFormat.Encoding.PCM_UNSIGNED)) {
            q += 1L << (bits - 1);
        }
        for (int b = 0; b < bytesPerSample; b++) {
            int shift = format.isBigEndian() ? 8 * (bytesPerSample - 1 - b) : 8 * b;
            buf.put((byte) (q >> shift));
        }
    }

    /** The 16-bit mono samples of a telephony WAV, read back through javax.sound as scaled floats. */
    static float[] samples(byte[] telephonyWav) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(telephonyWav))) {
            byte[] pcm = in.readAllBytes();
            ByteBuffer buf = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[pcm.length / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = buf.getShort(2 * i) / 32768f;
            }
            return out;
        } catch (IOException | UnsupportedAudioFileException e) {
            throw new AssertionError("output is not a readable WAV", e);
        }
    }

    /** RMS of the samples between {@code from} and {@code to} seconds, skipping the filter's start and end. */
    static double rms(float[] samples, int sampleRate, double from, double to) {
        int a = (int) (from * sampleRate);
        int b = Math.min(samples.length, (int) (to * sampleRate));
        double sum = 0;
        for (int i = a; i < b; i++) {
            sum += samples[i] * (double) samples[i];
        }
        return Math.sqrt(sum / (b - a));
    }

    /** Frequency estimated from upward zero crossings between {@code from} and {@code to} seconds. */
    static double frequency(float[] samples, int sampleRate, double from, double to) {
        int a = (int) (from * sampleRate);
        int b = Math.min(samples.length, (int) (to * sampleRate));
        int first = -1;
        int last = -1;
        int crossings = 0;
        for (int i = a + 1; i < b; i++) {
            if (samples[i - 1] < 0 && samples[i] >= 0) {
                if (first < 0) {
                    first = i;
                } else {
                    crossings++;
                }
                last = i;
            }
        }
        return crossings * (double) sampleRate / (last - first);
    }
}
