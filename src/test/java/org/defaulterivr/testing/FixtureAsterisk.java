package org.defaulterivr.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Plays Asterisk's side of a recorded FastAGI dialogue against our server over a real socket: sends the recorded
 * environment (with the called number swapped in), and answers each command with the lines the real Asterisk sent
 * for the same kind of command in the recording (the last answer of a kind is reused if we send more of it). Writes
 * as res_agi does: one {@code write()} per line with Nagle's algorithm on, so a server that delays its ACKs makes
 * the session wait as a real Asterisk would ({@code tcp-segments-listed-http.txt}).
 */
public final class FixtureAsterisk {

    /** What happened: the commands our server sent, and how the session ended. */
    public record Transcript(List<String> commands, boolean serverClosed, long millisToClose,
            long millisToFirstCommand) {

        public long count(String prefix) {
            return commands.stream().filter(c -> c.startsWith(prefix)).count();
        }

        public String variable(String name) {
            String value = null;
            for (String c : commands) {
                if (c.startsWith("SET VARIABLE \"" + name + "\" ")) {
                    value = c.substring(("SET VARIABLE \"" + name + "\" ").length()).replace("\"", "");
                }
            }
            return value;
        }
    }

    private FixtureAsterisk() {
    }

    /** Replays {@code dialogue}, putting {@code calledNumber} in agi_arg_1/extension/dnid, against 127.0.0.1:port. */
    public static Transcript replay(Fixtures.Dialogue dialogue, int port, String calledNumber, String uniqueId)
            throws IOException {
        return replay(dialogue, port, calling(calledNumber, uniqueId));
    }

    public static Transcript replay(Fixtures.Dialogue dialogue, int port, UnaryOperator<String> environmentRewrite)
            throws IOException {
        return replay(dialogue, port, environmentRewrite, Map.of());
    }

    /**
     * As {@link #replay(Fixtures.Dialogue, int, UnaryOperator)}, with the answers to some kinds of command taken from
     * other recorded exchanges (say, STREAM FILE of a missing file from {@code screen-replies.txt}).
     */
    public static Transcript replay(Fixtures.Dialogue dialogue, int port, UnaryOperator<String> environmentRewrite,
            Map<String, Fixtures.Exchange> answerOverrides) throws IOException {
        return replay(dialogue, port, environmentRewrite, answerOverrides, Map.of());
    }

    /**
     * As above, and answers some kinds of command only after a pause, as Asterisk does for STREAM FILE, which
     * replies when the file has played ({@code "STREAM FILE" -> 1500} plays a 1.5 s notice in real time).
     */
    public static Transcript replay(Fixtures.Dialogue dialogue, int port, UnaryOperator<String> environmentRewrite,
            Map<String, Fixtures.Exchange> answerOverrides, Map<String, Long> replyDelays) throws IOException {
        Map<String, List<List<String>>> answers = new HashMap<>();
        for (Fixtures.Exchange exchange : dialogue.exchanges()) {
            answers.computeIfAbsent(exchange.verb(), v -> new ArrayList<>()).add(exchange.replies());
        }
        answerOverrides.forEach((verb, exchange) -> answers.put(verb, List.of(exchange.replies())));
        Map<String, Integer> used = new HashMap<>();
        List<String> commands = new ArrayList<>();
        long start = System.nanoTime();
        long firstCommand = -1;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            // as res_agi: Nagle on (no TCP_NODELAY), one write() per line, so the server's ACKs pace the lines
            socket.setTcpNoDelay(false);
            OutputStream out = socket.getOutputStream();
            for (String line : dialogue.environment()) {
                writeLine(out, environmentRewrite.apply(line));
            }
            writeLine(out, "");
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String command;
            while (true) {
                try {
                    command = in.readLine();
                } catch (SocketTimeoutException e) {
                    return new Transcript(commands, false, millisSince(start), firstCommand);
                } catch (IOException e) {
                    command = null;
                }
                if (command == null) {
                    return new Transcript(commands, true, millisSince(start), firstCommand);
                }
                if (firstCommand < 0) {
                    firstCommand = millisSince(start);
                }
                commands.add(command);
                String verb = new Fixtures.Exchange(unquoteVerb(command), List.of()).verb();
                List<List<String>> options = answers.getOrDefault(verb, List.of(List.of("510 Invalid or unknown command")));
                int n = used.merge(verb, 1, Integer::sum) - 1;
                List<String> reply = options.get(Math.min(n, options.size() - 1));
                long delay = replyDelays.getOrDefault(verb, 0L);
                if (delay > 0) {
                    try {
                        Thread.sleep(delay);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return new Transcript(commands, false, millisSince(start), firstCommand);
                    }
                }
                try {
                    for (String line : reply) {
                        writeLine(out, line);
                    }
                } catch (IOException e) {
                    return new Transcript(commands, true, millisSince(start), firstCommand);
                }
            }
        }
    }

    /** One line, one write(), as res_agi's ast_agi_send() does. */
    private static void writeLine(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** asterisk-java quotes arguments ({@code EXEC "Progress" ""}); the recordings do not. */
    private static String unquoteVerb(String command) {
        return command.replace("\"", "");
    }

    public static UnaryOperator<String> calling(String number, String uniqueId) {
        return line -> rewrite(line, number, uniqueId, "screen");
    }

    /** As the {@code probe} command calls: {@code agi://host:port/screen?probe=1}. */
    public static UnaryOperator<String> probing(String number, String uniqueId) {
        return line -> rewrite(line, number, uniqueId, "screen?probe=1");
    }

    private static String rewrite(String line, String number, String uniqueId, String script) {
        if (line.startsWith("agi_arg_1: ") || line.startsWith("agi_extension: ") || line.startsWith("agi_dnid: ")) {
            return line.substring(0, line.indexOf(':') + 2) + number;
        }
        if (line.startsWith("agi_uniqueid: ")) {
            return "agi_uniqueid: " + uniqueId;
        }
        if (line.startsWith("agi_network_script: ")) {
            return "agi_network_script: " + script;
        }
        return line;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
