package org.defaulterivr.notice;

/**
 * A court's notice input (audio, text or template) cannot be used as given.
 *
 * <p>The message is written for the court clerk who supplied the input and may be shown to them as is; the API
 * edge maps this exception (and its subclasses) to HTTP 422.
 */
public class InvalidNoticeException extends RuntimeException {

    public InvalidNoticeException(String message) {
        super(message);
    }

    public InvalidNoticeException(String message, Throwable cause) {
        super(message, cause);
    }
}
