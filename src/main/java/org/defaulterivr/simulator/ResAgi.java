package org.defaulterivr.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What res_agi.c knows of a command line before it runs it: how it splits the words ({@code parse_args}), which
 * commands it registers ({@code find_command}), and the fixed replies Asterisk 20 sends, as recorded in
 * {@code screen-replies.txt} and {@code hangup-after-answer.txt}.
 */
final class ResAgi {

    static final String DEAD_CHANNEL = "511 Command Not Permitted on a dead channel or intercept routine";
    static final String UNKNOWN_COMMAND = "510 Invalid or unknown command";
    static final String BAD_SYNTAX = "520 Invalid command syntax.  Proper usage not available.";

    /** Asterisk 20's multi-line usage reply to a malformed STREAM FILE, as recorded in screen-replies.txt. */
    static final List<String> STREAM_FILE_USAGE = List.of(
            "520-Invalid command syntax.  Proper usage follows:",
            "Send the given file, allowing playback to be interrupted by the given digits, if any. Returns"
                    + " <literal>0</literal> if playback completes without a digit being pressed, or the ASCII"
                    + " numerical value of the digit if one was pressed, or <literal>-1</literal> on error or if the"
                    + " channel was disconnected. If musiconhold is playing before calling stream file it will be"
                    + " automatically stopped and will not be restarted after completion.",
            "It sets the following channel variables upon completion:",
            "<variable>PLAYBACKSTATUS</variable>: The status of the playback attempt as a text string.",
            "    <value>SUCCESS</value>",
            "    <value>FAILED</value>",
            "520 End of proper usage.");

    private ResAgi() {
    }

    /**
     * Splits a command line the way res_agi.c's {@code parse_args} does: blanks separate words outside double
     * quotes, a quote opening right after a blank starts a (possibly empty) word, a backslash makes the next
     * character literal.
     */
    static List<String> splitArguments(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder current = null;
        boolean quoted = false;
        boolean escaped = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' && !escaped) {
                quoted = !quoted;
                if (quoted && current == null) {
                    current = new StringBuilder();
                }
            } else if ((c == ' ' || c == '\t') && !quoted && !escaped) {
                if (current != null) {
                    words.add(current.toString());
                    current = null;
                }
            } else if (c == '\\' && !escaped) {
                escaped = true;
                continue;
            } else {
                if (current == null) {
                    current = new StringBuilder();
                }
                current.append(c);
            }
            escaped = false;
        }
        if (current != null) {
            words.add(current.toString());
        }
        return words;
    }

    /** Commands res_agi.c registers, and whether it runs them on a hung-up ("dead") channel. */
    enum KnownCommand {
        ANSWER(false, "answer"), ASYNCAGI_BREAK(true, "asyncagi", "break"), CHANNEL_STATUS(false, "channel", "status"),
        DATABASE_DEL(true, "database", "del"), DATABASE_DELTREE(true, "database", "deltree"),
        DATABASE_GET(true, "database", "get"), DATABASE_PUT(true, "database", "put"), EXEC(true, "exec"),
        GET_DATA(false, "get", "data"), GET_FULL_VARIABLE(true, "get", "full", "variable"),
        GET_OPTION(false, "get", "option"), GET_VARIABLE(true, "get", "variable"), GOSUB(false, "gosub"),
        HANGUP(false, "hangup"), NOOP(true, "noop"), RECEIVE_CHAR(false, "receive", "char"),
        RECEIVE_TEXT(false, "receive", "text"), RECORD_FILE(false, "record", "file"), SAY_ALPHA(false, "say", "alpha"),
        SAY_DIGITS(false, "say", "digits"), SAY_NUMBER(false, "say", "number"),
        SAY_PHONETIC(false, "say", "phonetic"), SAY_DATE(false, "say", "date"), SAY_TIME(false, "say", "time"),
        SAY_DATETIME(false, "say", "datetime"), SEND_IMAGE(false, "send", "image"), SEND_TEXT(false, "send", "text"),
        SET_AUTOHANGUP(false, "set", "autohangup"), SET_CALLERID(false, "set", "callerid"),
        SET_CONTEXT(false, "set", "context"), SET_EXTENSION(false, "set", "extension"),
        SET_MUSIC(false, "set", "music"), SET_PRIORITY(false, "set", "priority"), SET_VARIABLE(true, "set", "variable"),
        STREAM_FILE(false, "stream", "file"), CONTROL_STREAM_FILE(false, "control", "stream", "file"),
        TDD_MODE(false, "tdd", "mode"), VERBOSE(true, "verbose"), WAIT_FOR_DIGIT(false, "wait", "for", "digit"),
        SPEECH_CREATE(false, "speech", "create"), SPEECH_SET(false, "speech", "set"),
        SPEECH_DESTROY(true, "speech", "destroy"), SPEECH_LOAD_GRAMMAR(false, "speech", "load", "grammar"),
        SPEECH_UNLOAD_GRAMMAR(true, "speech", "unload", "grammar"),
        SPEECH_ACTIVATE_GRAMMAR(false, "speech", "activate", "grammar"),
        SPEECH_DEACTIVATE_GRAMMAR(false, "speech", "deactivate", "grammar"),
        SPEECH_RECOGNIZE(false, "speech", "recognize");

        final boolean runsDead;
        final List<String> words;

        KnownCommand(boolean runsDead, String... words) {
            this.runsDead = runsDead;
            this.words = List.of(words);
        }

        /** Like find_command(): every word of the command must start the line, compared ignoring case. */
        static Optional<KnownCommand> match(List<String> args) {
            for (KnownCommand command : values()) {
                if (args.size() < command.words.size()) {
                    continue;
                }
                boolean same = true;
                for (int i = 0; i < command.words.size() && same; i++) {
                    same = command.words.get(i).equalsIgnoreCase(args.get(i));
                }
                if (same) {
                    return Optional.of(command);
                }
            }
            return Optional.empty();
        }
    }
}
