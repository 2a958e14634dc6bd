package org.defaulterivr.agi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asterisk's reply to one command: {@code 200 result=N [(data)] [key=value ...]}, {@code 510} (unknown command),
 * {@code 511} (dead channel) or a {@code 520} usage message, which may span several lines.
 *
 * @param status     the three-digit code
 * @param result     the {@code result=} value (200 only; 0 otherwise)
 * @param data       the text in parentheses after the result, or null
 * @param attributes further {@code key=value} pairs, such as {@code endpos}
 * @param text       for non-200 replies, the message (all lines of a 520 usage reply)
 */
public record AgiReply(int status, int result, String data, Map<String, String> attributes, String text) {
    public static final int SUCCESS = 200;
    public static final int INVALID_COMMAND = 510;
    public static final int DEAD_CHANNEL = 511;
    public static final int USAGE = 520;

    public AgiReply {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public boolean success() {
        return status == SUCCESS;
    }

    /** An attribute as a number, such as {@code endpos}; {@code fallback} when absent or not a number. */
    public long longAttribute(String name, long fallback) {
        try {
            String value = attributes.get(name);
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** What a line from Asterisk, once a session runs, amounts to. */
    public sealed interface Event {
    }

    /** A complete reply to the command in flight. */
    public record Complete(AgiReply reply) implements Event {
    }

    /** The caller hung up: Asterisk sends this line on its own, before or between replies. */
    public record Hangup() implements Event {
    }

    /** Part of a multi-line reply; more lines follow. */
    public record Partial() implements Event {
    }

    private static final Pattern SUCCESS_LINE =
            Pattern.compile("200 result=(-?\\d+)(?: \\((.*?)\\))?((?: [A-Za-z_]+=\\S*)*)\\s*");
    private static final Pattern ATTRIBUTE = Pattern.compile(" ([A-Za-z_]+)=(\\S*)");

    /** Reads replies line by line; keeps the state of a multi-line 520 reply. Pure, tested from literal lines. */
    public static final class Reader {
        private final int maxUsageLines;
        private List<String> usage;

        public Reader(int maxUsageLines) {
            this.maxUsageLines = maxUsageLines;
        }

        public Event accept(String line) {
            if (usage != null) {
                usage.add(line);
                if (line.startsWith("520 ")) {
                    String text = String.join("\n", usage);
                    usage = null;
                    return new Complete(new AgiReply(USAGE, 0, null, Map.of(), text));
                }
                if (usage.size() > maxUsageLines) {
                    throw new AgiProtocolException("520 usage reply longer than " + maxUsageLines + " lines");
                }
                return new Partial();
            }
            if (line.equals("HANGUP")) {
                return new Hangup();
            }
            if (line.startsWith("520-")) {
                usage = new ArrayList<>();
                usage.add(line.substring(4));
                return new Partial();
            }
            Matcher success = SUCCESS_LINE.matcher(line);
            if (success.matches()) {
                Map<String, String> attributes = new LinkedHashMap<>();
                Matcher attribute = ATTRIBUTE.matcher(success.group(3));
                while (attribute.find()) {
                    attributes.put(attribute.group(1), attribute.group(2));
                }
                int result;
                try {
                    result = Integer.parseInt(success.group(1));
                } catch (NumberFormatException e) {
                    throw new AgiProtocolException("result out of range");
                }
                return new Complete(new AgiReply(SUCCESS, result, success.group(2), attributes, null));
            }
            if (line.length() >= 4 && line.charAt(3) == ' ' && Character.isDigit(line.charAt(0))
                    && Character.isDigit(line.charAt(1)) && Character.isDigit(line.charAt(2))) {
                int status = Integer.parseInt(line.substring(0, 3));
                if (status != SUCCESS) {
                    return new Complete(new AgiReply(status, 0, null, Map.of(), line.substring(4)));
                }
            }
            throw new AgiProtocolException("not a FastAGI reply");
        }
    }
}
