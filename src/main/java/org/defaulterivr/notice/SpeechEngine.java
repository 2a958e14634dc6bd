package org.defaulterivr.notice;

/**
 * Speaks text in one language and returns a telephony WAV ({@link TelephonyAudio#FORMAT}), level-normalised. All
 * methods block: call them from a worker thread, never from an event loop.
 */
public interface SpeechEngine extends AutoCloseable {

    NoticeLanguage language();

    /**
     * @throws InvalidNoticeException     if the text is blank, too long or cannot be spoken by this voice
     * @throws SpeechUnavailableException if the engine cannot run on this node
     */
    byte[] renderWav(String text);

    @Override
    void close();
}
