package org.defaulterivr.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;
import javax.sound.sampled.AudioFormat;
import org.defaulterivr.testing.Wavs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Mandarin notices from a Chinese court's case, spoken by espeak-ng (installed by .ci/run). */
class EspeakMandarinRendererTest {
    static final EspeakMandarinRenderer ENGINE = new EspeakMandarinRenderer();

    @BeforeAll
    static void engineInstalled() {
        // .ci/run installs espeak-ng; a developer machine without it skips these (and says why)
        Assumptions.assumeTrue(ENGINE.available(), "espeak-ng with its Mandarin voice is not installed");
    }

    static double rms(byte[] wav) {
        double sum = 0;
        int n = 0;
        for (int i = TelephonyAudio.HEADER_BYTES; i + 1 < wav.length; i += 2, n++) {
            double sample = (short) ((wav[i] & 0xFF) | (wav[i + 1] << 8)) / 32768.0;
            sum += sample * sample;
        }
        return Math.sqrt(sum / n);
    }

    @Test
    void aChineseCaseIsSpokenInMandarinAtTelephonyRateAndAPlausibleLength() {
        NoticeTemplate template = new NoticeTemplate(NoticeTemplate.DEFAULT_TEXT_ZH_CN + "欠款{amount}。", false, true,
                NoticeLanguage.ZH_CN);
        String text = template.render(new NoticeFacts("成都市武侯区人民法院", "(2024)川0105执123号", Optional.of("张三"),
                Optional.of(new JudgmentAmount(new BigDecimal("123456.70"), Currency.getInstance("CNY")))));
        assertTrue(text.contains("人民币十二万三千四百五十六元七角"), text);
        assertTrue(text.contains("(2 0 2 4)川0 1 0 5执1 2 3号"), "a case number is read digit by digit: " + text);

        byte[] wav = ENGINE.renderWav(text);
        AudioFormat format = Wavs.format(wav);
        assertEquals(8000f, format.getSampleRate());
        assertEquals(1, format.getChannels());
        assertEquals(16, format.getSampleSizeInBits());
        long characters = text.codePoints().filter(Character::isLetterOrDigit).count();
        double msPerCharacter = (double) Wavs.durationMs(wav) / characters;
        // Mandarin is read at about 3-6 syllables a second; one character is one syllable
        assertTrue(msPerCharacter > 120 && msPerCharacter < 400,
                "about 3-8 characters a second, not " + msPerCharacter + " ms each (" + characters + " characters)");
        assertTrue(rms(wav) > 0.03, "speech, not silence: RMS " + rms(wav));
    }

    @Test
    void textCannotReachEspeakAsPhonemesOrMarkup() {
        String speakable = ENGINE.speakableText("张三 [[h@l'oU]] <speak>\u0000");
        assertFalse(speakable.contains("[") || speakable.contains("<") || speakable.contains("\u0000"), speakable);
        assertThrows(InvalidNoticeException.class, () -> ENGINE.speakableText(" \n "));
    }

    @Test
    void aMissingProgramIsReportedAsUnavailableNotAsABadText() {
        EspeakMandarinRenderer missing = new EspeakMandarinRenderer("/nonexistent/espeak-ng", 1000);
        assertFalse(missing.available());
        SpeechUnavailableException e = assertThrows(SpeechUnavailableException.class, () -> missing.renderWav("你好"));
        assertTrue(e.getMessage().contains("apt-get install espeak-ng"), e.getMessage());
    }
}
