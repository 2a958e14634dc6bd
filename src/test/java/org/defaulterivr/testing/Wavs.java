package org.defaulterivr.testing;

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

/** Real WAV files for tests, written and read back by javax.sound. */
public final class Wavs {
    private Wavs() {
    }

    /** A 16-bit PCM sine tone, the same in every channel. */
    public static byte[] tone(float sampleRate, int channels, double seconds, double frequencyHz) {
        AudioFormat format = new AudioFormat(sampleRate, 16, channels, true, false);
        int frames = (int) Math.round(sampleRate * seconds);
        ByteBuffer buf = ByteBuffer.allocate(frames * format.getFrameSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            short v = (short) Math.round(0.5 * Short.MAX_VALUE * Math.sin(2 * Math.PI * frequencyHz * i / sampleRate));
            for (int c = 0; c < channels; c++) {
                buf.putShort(v);
            }
        }
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(buf.array()), format, frames)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The format of a WAV file as javax.sound reads it. */
    public static AudioFormat format(byte[] wav) {
        try {
            return AudioSystem.getAudioFileFormat(new ByteArrayInputStream(wav)).getFormat();
        } catch (IOException | UnsupportedAudioFileException e) {
            throw new AssertionError("not a readable WAV", e);
        }
    }

    /** The length of a WAV file in milliseconds, from its frames as javax.sound counts them. */
    public static long durationMs(byte[] wav) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            return Math.round(in.getFrameLength() * 1000.0 / in.getFormat().getFrameRate());
        } catch (IOException | UnsupportedAudioFileException e) {
            throw new AssertionError("not a readable WAV", e);
        }
    }
}
