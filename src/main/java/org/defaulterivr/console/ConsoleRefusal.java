package org.defaulterivr.console;

/** A console request refused before it reached the API: not signed in, wrong role, no CSRF token. */
final class ConsoleRefusal extends RuntimeException {
    private final int status;
    private final String messageKey;

    ConsoleRefusal(int status, String messageKey) {
        super(messageKey, null, false, false);
        this.status = status;
        this.messageKey = messageKey;
    }

    int status() {
        return status;
    }

    String messageKey() {
        return messageKey;
    }
}
