package org.defaulterivr.notice;

/**
 * An uploaded audio file cannot be turned into a telephony notice. {@link #reason()} lets the API pick a problem
 * type; the message says in plain words what the clerk should upload instead.
 */
public final class UnsupportedAudioException extends InvalidNoticeException {

    /** Why the upload was refused. */
    public enum Reason {
        /** The file is zero bytes long or holds no samples. */
        EMPTY,
        /** The file is not a RIFF/WAVE file at all (or is damaged beyond reading). */
        NOT_WAV,
        /** A WAV file whose samples are compressed (ADPCM, GSM, MP3 and the like). */
        COMPRESSED,
        /** A PCM WAV whose layout we do not handle (e.g. a sample rate below 8000 Hz). */
        UNSUPPORTED_FORMAT,
        /** More bytes than the caller's {@link AudioLimits#maxBytes()}. */
        TOO_LARGE,
        /** Longer than the caller's {@link AudioLimits#maxDuration()}. */
        TOO_LONG,
        /** Nothing audible: every sample below {@code TelephonyAudio.SILENCE} (a blank notice plays as nothing). */
        SILENT,
        /** Floating-point samples that are not numbers (NaN, infinite): refused rather than turned into silence. */
        NOT_A_NUMBER
    }

    private final Reason reason;

    public UnsupportedAudioException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public UnsupportedAudioException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
