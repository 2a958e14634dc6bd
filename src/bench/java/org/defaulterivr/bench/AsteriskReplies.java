package org.defaulterivr.bench;

/** Asterisk 20's replies to the commands a screening script sends, as recorded in src/test/resources/fixtures/agi. */
final class AsteriskReplies {
    static final String DEAD_CHANNEL = "511 Command Not Permitted on a dead channel or intercept routine";
    static final String UNKNOWN_COMMAND = "510 Invalid or unknown command";

    private AsteriskReplies() {
    }

    /**
     * The reply to one command (quotes removed, upper case); STREAM FILE is answered by the caller, after the
     * notice has played.
     */
    static String replyTo(String command, boolean hungUp) {
        if (command.startsWith("SET VARIABLE") || command.startsWith("VERBOSE")) {
            return "200 result=1";
        }
        if (command.startsWith("GET VARIABLE")) {
            return "200 result=0";
        }
        if (command.startsWith("EXEC") || command.startsWith("ANSWER") || command.startsWith("CHANNEL STATUS")) {
            return hungUp ? DEAD_CHANNEL : command.startsWith("CHANNEL STATUS") ? "200 result=4" : "200 result=0";
        }
        return UNKNOWN_COMMAND;
    }
}
