package org.defaulterivr.notice;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Objects;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * The audio Asterisk plays as a notice: 8000 Hz, 16-bit signed little-endian, mono PCM WAV, and the conversion of a
 * court's uploaded WAV into it.
 *
 * <p>Accepted uploads: RIFF/WAVE holding 8/16/24/32-bit integer PCM, 32/64-bit float, or G.711 µ-law/A-law
 * (expanded by javax.sound, since that is lossless and cheap), any channel count, 8000 to 192000 Hz. Channels are
 * averaged to mono and the result is resampled to 8000 Hz through a band-limited filter (flat to 3.4 kHz, at
 * least 80 dB down from 4 kHz), then rounded and clipped to 16 bits. No level normalisation is applied: the
 * court hears what it uploaded.
 *
 * <p>Everything here is plain blocking code that may take up to a second for a long upload: call it from a worker
 * thread ({@code WorkerExecutor}), never from a Vert.x event loop. Stateless and thread-safe.
 */
public final class TelephonyAudio {

    public static final int SAMPLE_RATE = 8000;
    public static final AudioFormat FORMAT = new AudioFormat(SAMPLE_RATE, 16, 1, true, false);
    /** Length of the canonical RIFF header this class writes before the samples. */
    public static final int HEADER_BYTES = 44;

    /** Top of the band kept intact; the classic telephone band ends here. */
    static final double PASSBAND_HZ = 3400;
    /** Half the output rate: everything from here up would alias, so it is removed. */
    static final double STOPBAND_HZ = 4000;

    private static final int MIN_INPUT_RATE = SAMPLE_RATE;
    private static final int MAX_INPUT_RATE = 192_000;

    private TelephonyAudio() {
    }

    /**
     * Converts an uploaded WAV file to a telephony WAV.
     *
     * @throws UnsupportedAudioException if the file is empty, too large, too long, not a WAV, or compressed
     */
    public static byte[] toTelephonyWav(byte[] wav, AudioLimits limits) {
        Objects.requireNonNull(wav, "wav");
        Objects.requireNonNull(limits, "limits");
        if (wav.length > limits.maxBytes()) {
            throw tooLarge(limits);
        }
        return convert(wav, limits);
    }

    /**
     * Reads at most {@code limits.maxBytes() + 1} bytes from {@code in} (without closing it) and converts them, so
     * an endless or oversized upload is refused without being held in memory.
     *
     * @throws UnsupportedAudioException as for {@link #toTelephonyWav(byte[], AudioLimits)}
     * @throws IOException               if reading {@code in} fails
     */
    public static byte[] toTelephonyWav(InputStream in, AudioLimits limits) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(limits, "limits");
        byte[] wav = in.readNBytes((int) limits.maxBytes() + 1);
        if (wav.length > limits.maxBytes()) {
            throw tooLarge(limits);
        }
        return convert(wav, limits);
    }

    /**
     * Length of a telephony WAV (as produced by this class) in milliseconds: its sample count divided by 8.
     *
     * @throws IllegalArgumentException if the bytes are not an 8 kHz 16-bit mono PCM WAV
     */
    public static long durationMillis(byte[] telephonyWav) {
        return requireTelephonyWav(telephonyWav).dataLength() / 2 * 1000 / SAMPLE_RATE;
    }

    /** Checks that the bytes are an 8 kHz 16-bit mono PCM WAV with a data chunk and returns its header. */
    static WavHeader requireTelephonyWav(byte[] telephonyWav) {
        Objects.requireNonNull(telephonyWav, "telephonyWav");
        WavHeader header = WavHeader.parse(telephonyWav)
                .orElseThrow(() -> new IllegalArgumentException("not a WAV file"));
        if (header.formatTag() != WavHeader.PCM || header.channels() != 1
                || header.sampleRate() != SAMPLE_RATE || header.bitsPerSample() != 16 || header.dataOffset() < 0) {
            throw new IllegalArgumentException("not an 8 kHz 16-bit mono PCM WAV: " + header);
        }
        return header;
    }

    /** Converts raw PCM samples (e.g. from the speech synthesiser) to a telephony WAV. */
    static byte[] fromPcm(byte[] samples, AudioFormat format) {
        float[] mono = downmix(samples, format);
        return encode(toTelephonyRate(mono, Math.round(format.getSampleRate())));
    }

    private static byte[] convert(byte[] wav, AudioLimits limits) {
        if (wav.length == 0) {
            throw new UnsupportedAudioException(UnsupportedAudioException.Reason.EMPTY, "The file is empty.");
        }
        WavHeader header = WavHeader.parse(wav).orElseThrow(() -> new UnsupportedAudioException(
                UnsupportedAudioException.Reason.NOT_WAV,
                "This is not a WAV file. Please upload the notice as a WAV (PCM) recording."));
        if (!header.isPcmLike()) {
            throw new UnsupportedAudioException(UnsupportedAudioException.Reason.COMPRESSED,
                    "This WAV file is compressed (" + header.formatName() + "), which is not supported. "
                            + "Please save it as uncompressed PCM WAV and upload it again.");
        }

        AudioFormat format;
        byte[] frames;
        try (AudioInputStream decoded = pcmStream(AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav)))) {
            format = decoded.getFormat();
            checkRate(format);
            frames = readFrames(decoded, format, wav.length);
        } catch (UnsupportedAudioFileException | IllegalArgumentException e) {
            throw new UnsupportedAudioException(UnsupportedAudioException.Reason.UNSUPPORTED_FORMAT,
                    "This WAV file's sample format (" + header.formatName() + ", " + header.bitsPerSample()
                            + "-bit, " + header.channels() + " channels) cannot be read. "
                            + "Please save it as 16-bit PCM WAV and upload it again.", e);
        } catch (IOException e) {
            throw new UnsupportedAudioException(UnsupportedAudioException.Reason.NOT_WAV,
                    "This WAV file is damaged or cut short and cannot be read.", e);
        }

        long frameCount = frames.length / format.getFrameSize();
        if (frameCount == 0) {
            throw new UnsupportedAudioException(UnsupportedAudioException.Reason.EMPTY,
                    "The WAV file contains no sound.");
        }
        // Checked on the samples actually present: some recorders leave the header's length at its maximum.
        long millis = frameCount * 1000 / (long) format.getSampleRate();
        if (millis > limits.maxDuration().toMillis()) {
            throw new UnsupportedAudioException(UnsupportedAudioException.Reason.TOO_LONG,
                    "The recording is " + spoken(Duration.ofMillis(millis)) + " long; a notice may be at most "
                            + spoken(limits.maxDuration()) + ".");
        }
        float[] mono = downmix(frames, format);
        if (peak(mono) < SILENCE) {
            throw new UnsupportedAudioException(UnsupportedAudioException.Reason.SILENT,
                    "The recording is silent: nothing in it is loud enough to be heard on a call.");
        }
        return encode(toTelephonyRate(mono, Math.round(format.getSampleRate())));
    }

    /** Below this peak (-60 dBFS: one step of 8-bit audio is -48 dBFS) a recording is taken for silence. */
    static final double SILENCE = 0.001;

    private static double peak(float[] samples) {
        double peak = 0;
        for (float s : samples) {
            peak = Math.max(peak, Math.abs(s));
        }
        return peak;
    }

    /** More channels than any recorder writes: a forged header, refused before a frame is read. */
    static final int MAX_CHANNELS = 8;

    /**
     * The stream's frames, read whole frames at a time. Not {@code readAllBytes}: an {@link AudioInputStream} answers
     * 0 to a read shorter than one frame, and {@code readAllBytes} then loops for ever (a forged header with a huge
     * frame size held a worker thread for good). Decoded PCM is never more than four times the upload (µ-law and
     * A-law double; nothing else grows), so that bounds what is read.
     */
    private static byte[] readFrames(AudioInputStream in, AudioFormat format, int uploadBytes) throws IOException {
        int frameSize = format.getFrameSize();
        if (format.getChannels() < 1 || format.getChannels() > MAX_CHANNELS || frameSize < 1) {
            throw new IllegalArgumentException("unsupported channel layout " + format);
        }
        long bound = 4L * uploadBytes + frameSize;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.min(uploadBytes * 2, 1 << 20));
        byte[] buffer = new byte[Math.max(1, 65536 / frameSize) * frameSize];
        int n;
        while ((n = in.read(buffer, 0, buffer.length)) > 0) {
            out.write(buffer, 0, n);
            if (out.size() > bound) {
                throw new IOException("more samples than the file holds");
            }
        }
        return out.toByteArray();
    }

    /** µ-law and A-law become 16-bit linear through javax.sound; everything else is decoded by {@link #downmix}. */
    private static AudioInputStream pcmStream(AudioInputStream in) {
        AudioFormat f = in.getFormat();
        AudioFormat.Encoding e = f.getEncoding();
        if (e.equals(AudioFormat.Encoding.ULAW) || e.equals(AudioFormat.Encoding.ALAW)) {
            AudioFormat linear = new AudioFormat(f.getSampleRate(), 16, f.getChannels(), true, false);
            return AudioSystem.getAudioInputStream(linear, in);
        }
        boolean integer = e.equals(AudioFormat.Encoding.PCM_SIGNED) || e.equals(AudioFormat.Encoding.PCM_UNSIGNED);
        boolean floating = e.equals(AudioFormat.Encoding.PCM_FLOAT);
        int bytesPerSample = f.getChannels() > 0 ? f.getFrameSize() / f.getChannels() : 0;
        boolean sizeOk = floating ? bytesPerSample == 4 || bytesPerSample == 8 : bytesPerSample >= 1 && bytesPerSample <= 4;
        if (!(integer || floating) || !sizeOk || f.getFrameSize() != bytesPerSample * f.getChannels()) {
            throw new IllegalArgumentException("unsupported sample layout " + f);
        }
        return in;
    }

    private static void checkRate(AudioFormat format) {
        float rate = format.getSampleRate();
        if (!(rate >= MIN_INPUT_RATE && rate <= MAX_INPUT_RATE)) {
            throw new UnsupportedAudioException(UnsupportedAudioException.Reason.UNSUPPORTED_FORMAT,
                    "The recording's sample rate is " + Math.round(rate) + " Hz; it must be between "
                            + MIN_INPUT_RATE + " and " + MAX_INPUT_RATE + " Hz.");
        }
    }

    /** Decodes interleaved frames to one channel, averaging the channels, as floats in [-1, 1). */
    private static float[] downmix(byte[] frames, AudioFormat format) {
        int channels = format.getChannels();
        int frameSize = format.getFrameSize();
        int bytesPerSample = frameSize / channels;
        int frameCount = frames.length / frameSize;
        boolean bigEndian = format.isBigEndian();
        AudioFormat.Encoding encoding = format.getEncoding();
        ByteBuffer buf = ByteBuffer.wrap(frames).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        float[] mono = new float[frameCount];
        if (encoding.equals(AudioFormat.Encoding.PCM_FLOAT)) {
            for (int i = 0; i < frameCount; i++) {
                double sum = 0;
                for (int c = 0; c < channels; c++) {
                    int at = i * frameSize + c * bytesPerSample;
                    double v = bytesPerSample == 4 ? buf.getFloat(at) : buf.getDouble(at);
                    if (!Double.isFinite(v)) {
                        throw new UnsupportedAudioException(UnsupportedAudioException.Reason.NOT_A_NUMBER,
                                "The recording holds samples that are not numbers (NaN or infinite); it is damaged. "
                                        + "Please export it again as 16-bit PCM WAV.");
                    }
                    sum += v;
                }
                mono[i] = (float) (sum / channels);
            }
            return mono;
        }
        boolean unsigned = encoding.equals(AudioFormat.Encoding.PCM_UNSIGNED);
        int bits = bytesPerSample * 8;
        // Scaling by the container size is right for WAV, which left-justifies e.g. 20-bit samples in 24 bits.
        double scale = 1.0 / (1L << (bits - 1));
        for (int i = 0; i < frameCount; i++) {
            long sum = 0;
            for (int c = 0; c < channels; c++) {
                int at = i * frameSize + c * bytesPerSample;
                long raw = 0;
                for (int b = 0; b < bytesPerSample; b++) {
                    int octet = frames[at + (bigEndian ? b : bytesPerSample - 1 - b)] & 0xFF;
                    raw = (raw << 8) | octet;
                }
                long value = unsigned ? raw - (1L << (bits - 1)) : (raw << (64 - bits)) >> (64 - bits);
                sum += value;
            }
            mono[i] = (float) (sum * scale / channels);
        }
        return mono;
    }

    private static float[] toTelephonyRate(float[] mono, int rate) {
        if (rate == SAMPLE_RATE) {
            return mono;
        }
        return new BandLimitedResampler(rate, SAMPLE_RATE, PASSBAND_HZ, STOPBAND_HZ).resample(mono);
    }

    /** Writes the canonical 44-byte header and the samples, rounded and clipped to 16 bits. */
    static byte[] encode(float[] samples) {
        int dataBytes = samples.length * 2;
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + dataBytes).put(new byte[] {'W', 'A', 'V', 'E'});
        out.put(new byte[] {'f', 'm', 't', ' '}).putInt(16)
                .putShort((short) WavHeader.PCM)
                .putShort((short) 1)                 // channels
                .putInt(SAMPLE_RATE)
                .putInt(SAMPLE_RATE * 2)             // bytes per second
                .putShort((short) 2)                 // bytes per frame
                .putShort((short) 16);               // bits per sample
        out.put(new byte[] {'d', 'a', 't', 'a'}).putInt(dataBytes);
        for (float s : samples) {
            long v = Math.round(s * 32768.0);
            out.putShort((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v)));
        }
        return out.array();
    }

    private static UnsupportedAudioException tooLarge(AudioLimits limits) {
        return new UnsupportedAudioException(UnsupportedAudioException.Reason.TOO_LARGE,
                "The file is larger than " + megabytes(limits.maxBytes()) + ". Please upload a shorter recording.");
    }

    private static String megabytes(long bytes) {
        if (bytes < 1024 * 1024) {
            return (bytes + 1023) / 1024 + " KB";
        }
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private static String spoken(Duration d) {
        long seconds = (d.toMillis() + 999) / 1000;
        if (seconds < 60) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = seconds / 60;
        long rest = seconds % 60;
        return minutes + (minutes == 1 ? " minute" : " minutes")
                + (rest == 0 ? "" : " " + rest + (rest == 1 ? " second" : " seconds"));
    }
}
