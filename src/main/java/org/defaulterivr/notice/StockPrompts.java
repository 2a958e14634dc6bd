package org.defaulterivr.notice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The prompts shipped in the repository's {@code audio/} directory, and the program that regenerates them.
 *
 * <p>Run from the repository root (see {@code audio/README.md} for the exact command):
 * {@code StockPrompts [audio-dir]} writes {@value #GENERIC_NOTICE_FILE} into {@code audio-dir} (default
 * {@code audio}). Blocking; a build-time tool, not used on the call path.
 */
public final class StockPrompts {

    public static final String GENERIC_NOTICE_FILE = "generic-notice-en.wav";
    public static final String GENERIC_NOTICE_ZH_CN_FILE = "generic-notice-zh-CN.wav";

    /** The Mandarin stock notice: what {@link #GENERIC_NOTICE_TEXT} says, in Mandarin (rendered with espeak-ng). */
    public static final String GENERIC_NOTICE_ZH_CN_TEXT = "您呼叫的用户已被人民法院列为失信被执行人。"
            + "请督促其履行法院判决确定的义务。现在为您接通电话。";

    /** Played when a number is listed but its court has no notice of its own (yet). */
    public static final String GENERIC_NOTICE_TEXT = "You are calling a person listed by a court as a judgment "
            + "defaulter. Please urge them to comply with the court's judgment. Your call will now be connected.";

    private StockPrompts() {
    }

    public static void main(String[] args) throws IOException {
        Path audioDir = Path.of(args.length > 0 ? args[0] : "audio");
        for (Path written : new Path[] {writeGenericNotice(audioDir), writeGenericMandarinNotice(audioDir)}) {
            System.out.println("wrote " + written + " (" + TelephonyAudio.durationMillis(Files.readAllBytes(written))
                    + " ms, sha256 " + NoticeStore.sha256Hex(Files.readAllBytes(written)) + ")");
        }
    }

    /** Where the jar carries the stock notice of a language. */
    public static String resourceFor(NoticeLanguage language) {
        return "/audio/" + (language == NoticeLanguage.ZH_CN ? GENERIC_NOTICE_ZH_CN_FILE : GENERIC_NOTICE_FILE);
    }

    /** Renders {@link #GENERIC_NOTICE_ZH_CN_TEXT} with espeak-ng to {@code audioDir/}{@value #GENERIC_NOTICE_ZH_CN_FILE}. */
    public static Path writeGenericMandarinNotice(Path audioDir) throws IOException {
        byte[] wav;
        try (SpeechEngine engine = new EspeakMandarinRenderer()) {
            wav = engine.renderWav(GENERIC_NOTICE_ZH_CN_TEXT);
        }
        Files.createDirectories(audioDir);
        Path target = audioDir.resolve(GENERIC_NOTICE_ZH_CN_FILE);
        Files.write(target, wav);
        return target;
    }

    /** Renders {@link #GENERIC_NOTICE_TEXT} to {@code audioDir/}{@value #GENERIC_NOTICE_FILE} and returns its path. */
    public static Path writeGenericNotice(Path audioDir) throws IOException {
        byte[] wav;
        try (NoticeRenderer renderer = new NoticeRenderer()) {
            wav = renderer.renderWav(GENERIC_NOTICE_TEXT);
        }
        Files.createDirectories(audioDir);
        Path target = audioDir.resolve(GENERIC_NOTICE_FILE);
        // A plain write (umask permissions) is enough: this is a build-time tool, not the live notice directory.
        Files.write(target, wav);
        return target;
    }
}
