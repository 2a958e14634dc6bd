package org.defaulterivr.notice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NoticeRendererTest {

    private static NoticeRenderer renderer;

    @BeforeAll
    static void loadVoice() {
        renderer = new NoticeRenderer(400);
    }

    @AfterAll
    static void freeVoice() {
        renderer.close();
    }

    @Test
    void defaultNoticeIsSpokenAsAudibleTelephonyWav() throws Exception {
        String text = NoticeTemplate.defaultEnglish()
                .render(NoticeFacts.of("the Chaoyang District People's Court", "(2024) Jing 0105 Zhi 1234"));

        byte[] wav = renderer.renderWav(text);

        AudioFormat f = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(wav)).getFormat();
        assertEquals(TelephonyAudio.FORMAT.toString(), f.toString());
        long ms = TelephonyAudio.durationMillis(wav);
        assertTrue(ms > 5_000 && ms < 30_000, "a 40-word notice lasting " + ms + " ms");
        float[] samples = TestAudio.samples(wav);
        double rms = TestAudio.rms(samples, 8000, 0, ms / 1000.0);
        assertTrue(rms > 0.03, "speech RMS " + rms);
    }

    @Test
    void shortSentenceHasPlausibleLength() {
        byte[] wav = renderer.renderWav("Please urge them to comply with the court's judgment.");

        long ms = TelephonyAudio.durationMillis(wav);
        assertTrue(ms > 1_000 && ms < 8_000, ms + " ms");
    }

    @Test
    void sameTextRendersToSameAudio() {
        // Content-addressed storage relies on this: re-rendering a notice must not create a new file.
        assertArrayEquals(renderer.renderWav("Your call will now be connected."),
                renderer.renderWav("Your call will now be connected."));
    }

    @Test
    void concurrentRendersDoNotMixTheirAudio() throws Exception {
        byte[] alone = renderer.renderWav("One two three.");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> renderer.renderWav("One two three.")));
            }
            for (Future<byte[]> result : results) {
                assertArrayEquals(alone, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void blankOrOverlongTextIsRefused() {
        assertThrows(InvalidNoticeException.class, () -> renderer.renderWav(" \n\t "));
        InvalidNoticeException tooLong = assertThrows(InvalidNoticeException.class,
                () -> renderer.renderWav("word ".repeat(100)));
        assertTrue(tooLong.getMessage().contains("at most 400"), tooLong.getMessage());
    }

    @Test
    void chineseCharactersAreRefusedRatherThanSilentlySkipped() {
        InvalidNoticeException e = assertThrows(InvalidNoticeException.class,
                () -> renderer.renderWav("You are calling a person listed by 北京市朝阳区人民法院."));
        assertTrue(e.getMessage().contains("北"), e.getMessage());
    }

    @Test
    void accentsFullWidthDigitsAndCurlyQuotesBecomePlainText() {
        assertEquals("Zhang San owes the court's (2024) order, now.",
                renderer.speakableText("Zhāng Sān  owes the court\u2019s （２０２４） order \u2014 now."));
    }

    @Test
    void textWithoutWordsIsRefusedAsSilent() {
        assertThrows(InvalidNoticeException.class, () -> renderer.renderWav("... - ..."));
    }
}
