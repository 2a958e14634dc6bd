package org.defaulterivr.notice;

/**
 * This node cannot speak a language right now (its speech engine is not installed or failed); the message says what
 * to install or do instead. Nothing about the request was wrong.
 */
public final class SpeechUnavailableException extends RuntimeException {
    public SpeechUnavailableException(String message) {
        super(message);
    }

    public SpeechUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
