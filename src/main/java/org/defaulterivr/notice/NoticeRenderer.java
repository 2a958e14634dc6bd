package org.defaulterivr.notice;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Speaks notice text with FreeTTS's "kevin16" voice (US English diphones, 16 kHz) and returns it as a telephony
 * WAV ({@link TelephonyAudio#FORMAT}).
 *
 * <p>The voice is loaded once, in the constructor (a fraction of a second). FreeTTS voices are not
 * thread-safe, so {@link #renderWav} is synchronized: renders run one at a time. The audio is captured in memory,
 * never sent to a sound device, so this works on a headless server. All methods block: call them from a worker
 * thread ({@code WorkerExecutor}), never from a Vert.x event loop. {@link #close()} frees the voice.
 */
public final class NoticeRenderer implements SpeechEngine {

    public static final String VOICE_NAME = "kevin16";
    public static final int DEFAULT_MAX_TEXT_CHARS = 1000;


    private final int maxTextChars;
    private final Voice voice;
    private final CapturingAudioPlayer player = new CapturingAudioPlayer();
    private boolean closed;

    public NoticeRenderer() {
        this(DEFAULT_MAX_TEXT_CHARS);
    }

    /** @param maxTextChars longest text accepted by {@link #renderWav}, in characters */
    public NoticeRenderer(int maxTextChars) {
        if (maxTextChars <= 0) {
            throw new IllegalArgumentException("maxTextChars must be positive");
        }
        this.maxTextChars = maxTextChars;
        // The voice directory is used directly rather than through VoiceManager, so no global
        // "freetts.voices" system property has to be set.
        this.voice = Arrays.stream(new KevinVoiceDirectory().getVoices())
                .filter(v -> v.getName().equals(VOICE_NAME))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("FreeTTS voice " + VOICE_NAME + " is not on the classpath"));
        voice.setAudioPlayer(player);
        voice.allocate();
    }

    @Override
    public NoticeLanguage language() {
        return NoticeLanguage.EN;
    }

    public int maxTextChars() {
        return maxTextChars;
    }

    /**
     * Speaks {@code text} and returns an 8 kHz 16-bit mono WAV of it, level-normalised to a fixed peak.
     *
     * @throws InvalidNoticeException if the text is blank, longer than {@link #maxTextChars()}, holds characters
     *                                other than English letters, digits and punctuation, or produces no speech
     */
    @Override
    public synchronized byte[] renderWav(String text) {
        Objects.requireNonNull(text, "text");
        if (closed) {
            throw new IllegalStateException("renderer is closed");
        }
        String speakable = speakableText(text);
        player.takeSamples();
        if (!voice.speak(speakable)) {
            player.takeSamples();
            throw new IllegalStateException("FreeTTS failed to speak the notice text");
        }
        byte[] pcm = player.takeSamples();
        byte[] wav = TelephonyAudio.fromPcm(pcm, player.getAudioFormat());
        return Loudness.normalisePeak(wav, "The notice text produced no speech. The voice reads English only.");
    }

    /**
     * Reduces text to what the English voice can read: whitespace collapsed, typographic quotes and dashes made
     * plain, accents dropped ("Zhāng" becomes "Zhang"). Other scripts are refused rather than skipped, because
     * FreeTTS silently leaves out words it cannot read and the notice would lose, say, the court's name.
     */
    String speakableText(String text) {
        String plain = plainText(text);
        if (plain.isEmpty()) {
            throw new InvalidNoticeException("The notice text is empty.");
        }
        if (plain.length() > maxTextChars) {
            throw new InvalidNoticeException("The notice text is " + plain.length()
                    + " characters long; it may be at most " + maxTextChars + ".");
        }
        String unreadable = plain.codePoints()
                .filter(c -> c < 0x20 || c > 0x7E)
                .distinct()
                .limit(10)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        if (!unreadable.isEmpty()) {
            throw new InvalidNoticeException("The notice text contains characters the English voice cannot read: "
                    + unreadable + ". Please write names in English letters (for example in pinyin).");
        }
        return plain;
    }

    /** Whether this voice can read every character of {@code text} (after the same clean-up as a render). */
    public static boolean readsAll(String text) {
        return plainText(text).codePoints().allMatch(c -> c >= 0x20 && c <= 0x7E);
    }

    private static String plainText(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "")
                .replaceAll("[\u2018\u2019\u02BC]", "'")
                .replaceAll("[\u201C\u201D]", "\"")
                .replaceAll("\\s*[\u2013\u2014]\\s*", ", ")
                .replaceAll("[\\p{Cntrl}\\s]+", " ")
                .strip();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            voice.deallocate();
        }
    }
}
