package org.defaulterivr.notice;

import com.sun.speech.freetts.audio.AudioPlayer;
import java.io.ByteArrayOutputStream;
import javax.sound.sampled.AudioFormat;

/**
 * A FreeTTS audio player that keeps the synthesised samples in memory instead of opening a sound card, so
 * rendering works on a headless server. Confined to the {@link NoticeRenderer} that owns it.
 */
final class CapturingAudioPlayer implements AudioPlayer {

    private final ByteArrayOutputStream samples = new ByteArrayOutputStream();
    private AudioFormat format = new AudioFormat(16000, 16, 1, true, true);
    private float volume = 1.0f;

    /** Returns what was captured since the last call, in {@link #getAudioFormat()}, and starts afresh. */
    synchronized byte[] takeSamples() {
        byte[] taken = samples.toByteArray();
        samples.reset();
        return taken;
    }

    @Override
    public synchronized void setAudioFormat(AudioFormat format) {
        this.format = format;
    }

    @Override
    public synchronized AudioFormat getAudioFormat() {
        return format;
    }

    @Override
    public synchronized boolean write(byte[] audioData) {
        return write(audioData, 0, audioData.length);
    }

    @Override
    public synchronized boolean write(byte[] bytes, int offset, int size) {
        samples.write(bytes, offset, size);
        return true;
    }

    @Override
    public void begin(int size) {
    }

    @Override
    public boolean end() {
        return true;
    }

    @Override
    public boolean drain() {
        return true;
    }

    @Override
    public void pause() {
    }

    @Override
    public void resume() {
    }

    @Override
    public synchronized void reset() {
        // FreeTTS calls reset() when an utterance starts; only cancel() should discard audio.
    }

    @Override
    public synchronized void cancel() {
        samples.reset();
    }

    @Override
    public void close() {
    }

    @Override
    public synchronized float getVolume() {
        return volume;
    }

    @Override
    public synchronized void setVolume(float volume) {
        this.volume = volume;
    }

    @Override
    public long getTime() {
        return 0;
    }

    @Override
    public void resetTime() {
    }

    @Override
    public void startFirstSampleTimer() {
    }

    @Override
    public void showMetrics() {
    }
}
