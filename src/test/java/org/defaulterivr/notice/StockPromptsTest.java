package org.defaulterivr.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StockPromptsTest {

    /** Surefire runs in the project directory, where the shipped prompts live. */
    private static final Path SHIPPED = Path.of("audio", StockPrompts.GENERIC_NOTICE_FILE);

    @Test
    void shippedGenericNoticeIsAudibleTelephonyAudio() throws IOException {
        byte[] wav = Files.readAllBytes(SHIPPED);

        long ms = TelephonyAudio.durationMillis(wav);       // throws unless 8 kHz 16-bit mono PCM
        assertTrue(ms > 4_000 && ms < 20_000, ms + " ms");
        assertTrue(TestAudio.rms(TestAudio.samples(wav), 8000, 0, ms / 1000.0) > 0.03);
    }

    @Test
    void theShippedMandarinNoticeIsAudibleTelephonyAudioInTheJar() throws IOException {
        byte[] wav = Files.readAllBytes(Path.of("audio", StockPrompts.GENERIC_NOTICE_ZH_CN_FILE));
        long ms = TelephonyAudio.durationMillis(wav);
        long characters = StockPrompts.GENERIC_NOTICE_ZH_CN_TEXT.codePoints().filter(Character::isLetter).count();
        assertTrue(ms > characters * 120 && ms < characters * 400, ms + " ms for " + characters + " characters");
        assertTrue(TestAudio.rms(TestAudio.samples(wav), 8000, 0, ms / 1000.0) > 0.03);
        try (var shipped = StockPrompts.class.getResourceAsStream(StockPrompts.resourceFor(NoticeLanguage.ZH_CN))) {
            assertTrue(shipped != null && java.util.Arrays.equals(wav, shipped.readAllBytes()),
                    "a node without espeak-ng has it in the jar");
        }
    }

    @Test
    void regeneratingMatchesTheShippedPrompt(@TempDir Path temp) throws IOException {
        Path written = StockPrompts.writeGenericNotice(temp.resolve("audio"));

        assertEquals(temp.resolve("audio").resolve(StockPrompts.GENERIC_NOTICE_FILE), written);
        // Not byte equality: FreeTTS's floating point may differ in the last bit on another CPU or JVM.
        assertEquals(TelephonyAudio.durationMillis(Files.readAllBytes(SHIPPED)),
                TelephonyAudio.durationMillis(Files.readAllBytes(written)), 100);
    }
}
