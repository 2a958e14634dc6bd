package org.defaulterivr.notice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoticeStoreTest {

    @TempDir
    Path temp;

    private static byte[] notice(double seconds) {
        return TestAudio.toneWav(TelephonyAudio.FORMAT, 440, seconds, 0.5);
    }

    @Test
    void sameAudioStoredTwiceIsOneFileNamedByItsHash() throws Exception {
        Path dir = temp.resolve("notices/nested");            // missing directories are created
        NoticeStore store = new NoticeStore(dir);
        byte[] wav = notice(1.5);

        StoredNotice first = store.store(wav);
        StoredNotice second = store.store(wav.clone());

        assertEquals(first, second);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wav));
        assertEquals(expected, first.sha256());
        assertEquals(dir.resolve(expected + ".wav").toAbsolutePath(), first.path());
        assertEquals(1500, first.durationMs());
        assertEquals(wav.length, first.sizeBytes());
        assertArrayEquals(wav, Files.readAllBytes(first.path()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(first.path()), files.toList());  // no temporary files left behind
        }
    }

    @Test
    void storedFileIsReadableByAsteriskRunningAsAnotherUser() throws IOException {
        StoredNotice stored = new NoticeStore(temp).store(notice(0.2));

        assertTrue(Files.getPosixFilePermissions(stored.path()).contains(PosixFilePermission.OTHERS_READ));
    }

    @Test
    void findReturnsStoredFileAndNothingForUnknownHash() throws IOException {
        NoticeStore store = new NoticeStore(temp);
        StoredNotice stored = store.store(notice(0.2));

        assertEquals(Optional.of(stored.path()), store.find(stored.sha256()));
        assertEquals(Optional.empty(), store.find("0".repeat(64)));
    }

    @Test
    void findRefusesAnythingButLowerCaseSha256() throws IOException {
        NoticeStore store = new NoticeStore(temp);
        String sha = store.store(notice(0.2)).sha256();

        for (String bad : new String[] {"../etc/passwd", sha.toUpperCase(), sha.substring(1), sha + "0",
                "../" + sha.substring(3), sha.substring(0, 63) + "g", "", null}) {
            assertThrows(IllegalArgumentException.class, () -> store.find(bad), String.valueOf(bad));
        }
    }

    @Test
    void onlyTelephonyWavsAreStored() {
        NoticeStore store = new NoticeStore(temp);
        byte[] cdQuality = TestAudio.toneWav(new AudioFormat(44100, 16, 2, true, false), 440, 0.2, 0.5);

        assertThrows(IllegalArgumentException.class, () -> store.store(cdQuality));
        assertThrows(IllegalArgumentException.class, () -> store.store("not audio".getBytes()));
    }
}
