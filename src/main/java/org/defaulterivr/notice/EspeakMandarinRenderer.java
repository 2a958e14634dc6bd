package org.defaulterivr.notice;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Speaks Mandarin with espeak-ng (the Debian package {@code espeak-ng}), run as a separate process: no Java speech
 * engine for Mandarin works offline, and espeak-ng is small, free, packaged everywhere and deterministic.
 *
 * <p>The voice is {@code cmn-latn-pinyin}: it reads Chinese characters, and Latin letters as pinyin, so a character
 * missing from its dictionary (it spells those in pinyin) is still read in Mandarin, never in English. The text goes
 * to the process on standard input, never through a shell; phoneme brackets ({@code [[ ]]}) and markup are taken
 * out first, so a court's text can only be read, not interpreted. Each run has a timeout. espeak-ng writes 22 kHz
 * WAV; it is converted to 8 kHz 16-bit mono with the same band-limited resampler as uploads, and peak-normalised.
 *
 * <p>Blocking: call from a worker thread. Safe to share: each render is its own process.
 */
public final class EspeakMandarinRenderer implements SpeechEngine {
    public static final String DEFAULT_EXECUTABLE = "espeak-ng";
    static final String VOICE = "cmn-latn-pinyin";
    public static final String INSTALL_HINT = "install espeak-ng on this node (Debian/Ubuntu: apt-get install espeak-ng),"
            + " or upload a recording of the notice instead";
    /** Far more than any notice needs (espeak-ng speaks a 1,000-character text in well under a second). */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final AudioLimits OUTPUT_LIMITS = new AudioLimits(64L * 1024 * 1024, Duration.ofMinutes(10));

    private final String executable;
    private final int maxTextChars;

    public EspeakMandarinRenderer(String executable, int maxTextChars) {
        this.executable = Objects.requireNonNull(executable, "executable");
        if (maxTextChars <= 0) {
            throw new IllegalArgumentException("maxTextChars must be positive");
        }
        this.maxTextChars = maxTextChars;
    }

    public EspeakMandarinRenderer() {
        this(DEFAULT_EXECUTABLE, 1000);
    }

    /** Whether espeak-ng runs here and has its Mandarin voice (a quick check, at most a few seconds). */
    public boolean available() {
        try {
            Process process = new ProcessBuilder(executable, "--voices=cmn").redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readNBytes(64 * 1024);
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0 && new String(out, StandardCharsets.UTF_8).contains(VOICE);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public NoticeLanguage language() {
        return NoticeLanguage.ZH_CN;
    }

    @Override
    public byte[] renderWav(String text) {
        String speakable = speakableText(text);
        Path out = null;
        Path messages = null;
        try {
            out = Files.createTempFile("divr-speech-", ".wav");
            messages = Files.createTempFile("divr-speech-", ".txt");
            Process process = new ProcessBuilder(List.of(executable, "-v", VOICE, "-w", out.toString(), "--stdin"))
                    .redirectErrorStream(true)
                    .redirectOutput(messages.toFile())
                    .start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(speakable.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new SpeechUnavailableException("espeak-ng did not finish within " + TIMEOUT.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                String said = Files.readString(messages, StandardCharsets.UTF_8).lines().findFirst().orElse("");
                throw new SpeechUnavailableException("espeak-ng failed (exit " + process.exitValue() + "): " + said);
            }
            byte[] wav = TelephonyAudio.toTelephonyWav(Files.readAllBytes(out), OUTPUT_LIMITS);
            return Loudness.normalisePeak(wav, "The notice text produced no speech.");
        } catch (IOException e) {
            throw new SpeechUnavailableException("Mandarin notices cannot be spoken on this node (" + e.getMessage()
                    + "): " + INSTALL_HINT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechUnavailableException("interrupted while speaking a notice", e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(messages);
        }
    }

    /** Whitespace and control characters collapsed; espeak-ng's phoneme and markup brackets made plain. */
    String speakableText(String text) {
        Objects.requireNonNull(text, "text");
        String plain = Normalizer.normalize(text, Normalizer.Form.NFKC)
                .replace("[", "(").replace("]", ")").replace("<", "(").replace(">", ")")
                .replaceAll("[\\p{Cntrl}\\s]+", " ")
                .strip();
        if (plain.isEmpty()) {
            throw new InvalidNoticeException("The notice text is empty.");
        }
        if (plain.codePointCount(0, plain.length()) > maxTextChars) {
            throw new InvalidNoticeException("The notice text is " + plain.codePointCount(0, plain.length())
                    + " characters long; it may be at most " + maxTextChars + ".");
        }
        return plain;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file: the OS cleans its temp directory
            }
        }
    }

    @Override
    public void close() {
        // nothing held between renders
    }
}
