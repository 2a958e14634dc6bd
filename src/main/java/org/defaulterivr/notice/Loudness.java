package org.defaulterivr.notice;

/** One loudness for every synthesised notice, whichever engine spoke it. */
final class Loudness {
    /** Speech peaks about 3 dB below full scale: loud enough on a phone, with headroom for gain along the call. */
    private static final double TARGET_PEAK = 0.7;
    /** Below this peak (about -60 dBFS) the synthesiser produced nothing worth playing. */
    private static final double SILENCE_PEAK = 0.001;

    private Loudness() {
    }

    /**
     * Scales the samples of a telephony WAV so the loudest one sits at {@link #TARGET_PEAK}.
     *
     * @throws InvalidNoticeException with {@code whenSilent} if there is no sound to scale
     */
    static byte[] normalisePeak(byte[] wav, String whenSilent) {
        int peak = 0;
        for (int i = TelephonyAudio.HEADER_BYTES; i + 1 < wav.length; i += 2) {
            peak = Math.max(peak, Math.abs(sampleAt(wav, i)));
        }
        if (peak < SILENCE_PEAK * 32768) {
            throw new InvalidNoticeException(whenSilent);
        }
        double gain = TARGET_PEAK * 32768 / peak;
        for (int i = TelephonyAudio.HEADER_BYTES; i + 1 < wav.length; i += 2) {
            long v = Math.round(sampleAt(wav, i) * gain);
            short s = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
            wav[i] = (byte) s;
            wav[i + 1] = (byte) (s >> 8);
        }
        return wav;
    }

    private static int sampleAt(byte[] wav, int i) {
        return (short) ((wav[i] & 0xFF) | (wav[i + 1] << 8));
    }

}
