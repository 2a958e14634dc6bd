package org.defaulterivr.agi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment block Asterisk sends when a FastAGI session opens: {@code agi_*} variables, then the script's
 * arguments as {@code agi_arg_1}, {@code agi_arg_2}, ... (they are not in {@code agi_request}).
 */
public record AgiEnvironment(Map<String, String> variables) {

    public AgiEnvironment {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    public String get(String name) {
        return variables.get(name);
    }

    /** The script name: {@code agi_network_script}, the path of {@code agi://host:port/<script>}. */
    public String script() {
        String script = variables.getOrDefault("agi_network_script", "");
        int query = script.indexOf('?');
        return query >= 0 ? script.substring(0, query) : script;
    }

    /**
     * Whether the {@code probe} command made this call: it asks for {@code agi://host:port/screen?probe=1}, which
     * Asterisk passes on as {@code agi_network_script: screen?probe=1}.
     */
    public boolean probe() {
        String script = variables.getOrDefault("agi_network_script", "");
        int query = script.indexOf('?');
        if (query < 0) {
            return false;
        }
        for (String parameter : script.substring(query + 1).split("&")) {
            if (parameter.equals("probe=1") || parameter.equals("probe=true")) {
                return true;
            }
        }
        return false;
    }

    /** Asterisk's channel name ({@code agi_channel}, e.g. {@code PJSIP/carrier-00000a3f}), or "". */
    public String channel() {
        return variables.getOrDefault("agi_channel", "").trim();
    }

    /** Arguments in order: {@code agi_arg_1} .. {@code agi_arg_N}, stopping at the first gap. */
    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        for (int i = 1; variables.containsKey("agi_arg_" + i); i++) {
            args.add(variables.get("agi_arg_" + i));
        }
        return args;
    }

    /** The number to screen: the first argument if the dialplan passed one, else the extension, else the DNID. */
    public String calledNumber() {
        String first = variables.get("agi_arg_1");
        if (first != null && !first.isBlank()) {
            return first.trim();
        }
        String extension = variables.get("agi_extension");
        if (extension != null && !extension.isBlank() && !"s".equals(extension) && !"unknown".equals(extension)) {
            return extension.trim();
        }
        String dnid = variables.get("agi_dnid");
        return dnid == null || "unknown".equals(dnid) ? "" : dnid.trim();
    }

    /** The caller's number as presented, or "" when Asterisk says "unknown". */
    public String callerNumber() {
        String caller = variables.getOrDefault("agi_callerid", "");
        return "unknown".equalsIgnoreCase(caller) ? "" : caller.trim();
    }

    public String uniqueId() {
        return variables.getOrDefault("agi_uniqueid", "");
    }

    /**
     * Reads the block one line at a time. Pure: no I/O, so it is tested from literal lines.
     */
    public static final class Reader {
        private final int maxLines;
        private final Map<String, String> variables = new LinkedHashMap<>();
        private int lines;
        private boolean complete;

        public Reader(int maxLines) {
            this.maxLines = maxLines;
        }

        /**
         * Takes one line (without its newline). Returns true when the blank line that ends the block has come.
         *
         * @throws AgiProtocolException on a line that is not {@code name: value} or one line too many
         */
        public boolean accept(String line) {
            if (complete) {
                throw new IllegalStateException("environment already complete");
            }
            if (line.isEmpty()) {
                if (variables.isEmpty()) {
                    throw new AgiProtocolException("empty environment block");
                }
                complete = true;
                return true;
            }
            if (++lines > maxLines) {
                throw new AgiProtocolException("environment block longer than " + maxLines + " lines");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new AgiProtocolException("environment line without 'name: value'");
            }
            String name = line.substring(0, colon);
            if (!name.startsWith("agi_") || !isName(name)) {
                throw new AgiProtocolException("environment variable name is not agi_*");
            }
            String value = line.substring(colon + 1);
            // Asterisk writes "name: value"; a value keeps its own spaces and quotes, only the separator space goes
            variables.put(name, value.startsWith(" ") ? value.substring(1) : value);
            return false;
        }

        private static boolean isName(String name) {
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c != '_' && !Character.isLetterOrDigit(c)) {
                    return false;
                }
            }
            return true;
        }

        public AgiEnvironment environment() {
            if (!complete) {
                throw new IllegalStateException("environment not complete");
            }
            return new AgiEnvironment(variables);
        }
    }
}
