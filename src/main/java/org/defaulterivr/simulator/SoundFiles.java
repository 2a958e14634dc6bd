package org.defaulterivr.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.defaulterivr.notice.WavHeader;

/**
 * How long a file named in {@code STREAM FILE} is, as Asterisk would find it: a URL through res_http_media_cache,
 * a notice's sounds path read from the service when it serves notices, else an assumed length.
 */
final class SoundFiles {
    static final long SAMPLES_PER_MS = 8;

    private final Duration timeout;
    private HttpClient http;

    SoundFiles(Duration timeout) {
        this.timeout = timeout;
    }

    /** Length of a file in 8 kHz samples, or -1 when Asterisk could not open it. */
    long samplesOf(String file, CallScript script, String soundsUrlBase, DialogueRecorder dialogue) {
        if (!file.contains("://")) {
            String name = file.substring(file.lastIndexOf('/') + 1);
            if (soundsUrlBase != null && name.matches("[0-9a-f]{64}")) {
                long samples = fetchedSamples(soundsUrlBase + name + ".wav", dialogue);
                if (samples >= 0) {
                    dialogue.note("read '" + file + "' from the service: the same file Asterisk would play from its"
                            + " sounds directory");
                    return samples;
                }
            }
            long ms = script.assumedNoticeLength().toMillis();
            dialogue.note("'" + file + "' is a sounds file the simulator cannot read: assuming " + ms + " ms");
            return ms * SAMPLES_PER_MS;
        }
        String lower = file.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            dialogue.note("no media cache backend for " + file + ": Asterisk cannot open it");
            return -1;
        }
        return fetchedSamples(file, dialogue);
    }

    private long fetchedSamples(String url, DialogueRecorder dialogue) {
        HttpResponse<byte[]> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
            response = http().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IllegalArgumentException | IOException e) {
            dialogue.note("GET " + url + " failed (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "): replying as Asterisk does for a file it cannot open");
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dialogue.note("interrupted while fetching " + url);
            return -1;
        }
        if (response.statusCode() / 100 != 2) {
            dialogue.note("GET " + url + " -> " + response.statusCode()
                    + ": res_http_media_cache fails, Asterisk cannot open the file");
            return -1;
        }
        Optional<WavHeader> wav = WavHeader.parse(response.body()).filter(h -> h.dataOffset() >= 0);
        if (wav.isEmpty()) {
            dialogue.note("GET " + url + " -> " + response.statusCode() + ", " + response.body().length
                    + " bytes, but no RIFF/WAVE fmt and data chunks: Asterisk cannot play it");
            return -1;
        }
        WavHeader header = wav.get();
        if (!header.isTelephonyPcm()) {
            dialogue.note(String.format(Locale.ROOT, "GET %s -> WAV format %d, %d channel(s), %d Hz, %d bit: Asterisk's"
                            + " wav format plays only 16-bit mono PCM at 8000 Hz", url, header.formatTag(),
                    header.channels(), header.sampleRate(), header.bitsPerSample()));
            return -1;
        }
        dialogue.note("GET " + url + " -> " + response.statusCode() + ", " + header.frames() + " samples = "
                + header.frames() / SAMPLES_PER_MS + " ms");
        return header.frames();
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        }
        return http;
    }
}
