package org.defaulterivr.notice;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The few facts we need from a RIFF/WAVE header, read by walking its chunks.
 *
 * <p>javax.sound parses the samples; this exists because javax.sound only says "unsupported" for compressed WAVs,
 * while the clerk deserves to hear which compression it was, and because {@link TelephonyAudio#durationMillis}
 * must check a stored file's format without decoding it.
 *
 * @param formatTag     WAVE format code (1 PCM, 3 float, 6 A-law, 7 µ-law, ...); for WAVE_FORMAT_EXTENSIBLE the
 *                      sub-format's code
 * @param channels      channel count
 * @param sampleRate    frames per second
 * @param bitsPerSample container bits per sample
 * @param dataOffset    where the sample bytes begin, or -1 if there is no data chunk
 * @param dataLength    sample bytes actually present (the declared length, cut to the file's end)
 */
public record WavHeader(int formatTag, int channels, int sampleRate, int bitsPerSample, int dataOffset, long dataLength) {

    static final int PCM = 0x0001;
    static final int IEEE_FLOAT = 0x0003;
    static final int A_LAW = 0x0006;
    static final int MU_LAW = 0x0007;
    private static final int EXTENSIBLE = 0xFFFE;

    static boolean looksLikeWav(byte[] file) {
        return file.length >= 12 && ascii(file, 0).equals("RIFF") && ascii(file, 8).equals("WAVE");
    }

    /** Empty if the file is not RIFF/WAVE or has no readable fmt chunk. */
    public static Optional<WavHeader> parse(byte[] file) {
        if (!looksLikeWav(file)) {
            return Optional.empty();
        }
        ByteBuffer buf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int formatTag = -1;
        int channels = 0;
        int sampleRate = 0;
        int bits = 0;
        int dataOffset = -1;
        long dataLength = 0;
        int pos = 12;
        while (pos + 8 <= file.length) {
            String id = ascii(file, pos);
            long size = Integer.toUnsignedLong(buf.getInt(pos + 4));
            int body = pos + 8;
            if (id.equals("fmt ") && size >= 16 && body + 16 <= file.length) {
                formatTag = Short.toUnsignedInt(buf.getShort(body));
                channels = Short.toUnsignedInt(buf.getShort(body + 2));
                sampleRate = buf.getInt(body + 4);
                bits = Short.toUnsignedInt(buf.getShort(body + 14));
                if (formatTag == EXTENSIBLE && size >= 40 && body + 26 <= file.length) {
                    formatTag = Short.toUnsignedInt(buf.getShort(body + 24));
                }
            } else if (id.equals("data")) {
                dataOffset = body;
                dataLength = Math.min(size, file.length - (long) body);
                break;
            }
            // Chunks are padded to an even length.
            pos = (int) Math.min(file.length, body + size + (size & 1));
        }
        if (formatTag < 0) {
            return Optional.empty();
        }
        return Optional.of(new WavHeader(formatTag, channels, sampleRate, bits, dataOffset, dataLength));
    }

    /** The format Asterisk's {@code wav} reader plays: 16-bit PCM, mono, 8000 Hz, with sample data. */
    public boolean isTelephonyPcm() {
        return formatTag == PCM && channels == 1 && sampleRate == 8000 && bitsPerSample == 16 && dataOffset >= 0;
    }

    /** Sample frames present in the data chunk (samples per channel). */
    public long frames() {
        int frameBytes = Math.max(1, channels * bitsPerSample / 8);
        return dataOffset < 0 ? 0 : dataLength / frameBytes;
    }

    boolean isPcmLike() {
        return formatTag == PCM || formatTag == IEEE_FLOAT || formatTag == A_LAW || formatTag == MU_LAW;
    }

    /** A name a clerk may recognise from their recording software's export dialog. */
    String formatName() {
        return switch (formatTag) {
            case PCM -> "PCM";
            case 0x0002 -> "Microsoft ADPCM";
            case IEEE_FLOAT -> "32-bit float";
            case A_LAW -> "A-law";
            case MU_LAW -> "µ-law";
            case 0x0011 -> "IMA ADPCM";
            case 0x0022 -> "TrueSpeech";
            case 0x0031 -> "GSM 6.10";
            case 0x0040, 0x0064 -> "G.721/G.726 ADPCM";
            case 0x0050 -> "MPEG";
            case 0x0055 -> "MP3";
            case 0x0160, 0x0161, 0x0162, 0x0163 -> "Windows Media Audio";
            case 0x00FF, 0x1610 -> "AAC";
            default -> String.format("format code 0x%04X", formatTag);
        };
    }

    private static String ascii(byte[] b, int at) {
        return new String(b, at, 4, StandardCharsets.US_ASCII);
    }
}
