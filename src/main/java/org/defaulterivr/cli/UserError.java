package org.defaulterivr.cli;

/** A mistake the operator can fix; the message says what to do, and is all that is printed (no stack trace). */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
