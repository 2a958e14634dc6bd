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

    /** Played when a number is listed but its court has no notice of its own (yet). */
    public static final String GENERIC_NOTICE_TEXT = "You are calling a person listed by a court as a judgment "
            + "defaulter. Please urge them to comply with the court's judgment. Your call will now be connected.";

    private StockPrompts() {
    }

    public static void main(String[] args) throws IOException {
        Path audioDir = Path.of(args.length > 0 ? args[0] : "audio");
        Path written = writeGenericNotice(audioDir);
        System.out.println("wrote " + written + " (" + TelephonyAudio.durationMillis(Files.readAllBytes(written))
                + " ms, sha256 " + NoticeStore.sha256Hex(Files.readAllBytes(written)) + ")");
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
