package org.defaulterivr.agi;

/** Asterisk's side said something that is not FastAGI; the session it came on is closed. */
public final class AgiProtocolException extends RuntimeException {
    public AgiProtocolException(String message) {
        super(message, null, false, false);
    }
}
