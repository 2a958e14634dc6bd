package org.defaulterivr.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The FastAGI dialogues recorded from a real Asterisk 20, in {@code src/test/resources/fixtures/agi/}. */
public final class Fixtures {
    private static final Pattern LINE = Pattern.compile("\\[(\\d+)] (A:|S:|#)(?: ?(.*))?");

    private Fixtures() {
    }

    /** One line of a recording: who sent it ({@code A} Asterisk, {@code S} server, {@code #} note) and the text. */
    public record Line(long ms, char from, String text) {
    }

    /** A recording: its lines in order. */
    public record Dialogue(String name, List<Line> lines) {

        /** Asterisk's environment block, without the blank line that ends it. */
        public List<String> environment() {
            List<String> env = new ArrayList<>();
            for (Line line : lines) {
                if (line.from() == 'A' && line.text().isEmpty()) {
                    return env;
                }
                if (line.from() == 'A') {
                    env.add(line.text());
                }
            }
            throw new IllegalStateException(name + " has no end of environment");
        }

        /** Everything Asterisk sent after the environment block, in order. */
        public List<String> asteriskLinesAfterEnvironment() {
            List<String> after = new ArrayList<>();
            boolean inEnvironment = true;
            for (Line line : lines) {
                if (line.from() != 'A') {
                    continue;
                }
                if (inEnvironment) {
                    inEnvironment = !line.text().isEmpty();
                    continue;
                }
                after.add(line.text());
            }
            return after;
        }

        /** The server's commands, each with the Asterisk lines that answered it (up to the next command). */
        public List<Exchange> exchanges() {
            List<Exchange> exchanges = new ArrayList<>();
            Exchange current = null;
            boolean inEnvironment = true;
            for (Line line : lines) {
                if (line.from() == 'A' && inEnvironment) {
                    inEnvironment = !line.text().isEmpty();
                } else if (line.from() == 'S') {
                    current = new Exchange(line.text(), new ArrayList<>());
                    exchanges.add(current);
                } else if (line.from() == 'A' && current != null) {
                    current.replies().add(line.text());
                }
            }
            return exchanges;
        }
    }

    /** A command a server sent and the lines Asterisk answered with. */
    public record Exchange(String command, List<String> replies) {
        public String verb() {
            String[] words = command.split(" ");
            return words.length > 1 && (words[0].equals("STREAM") || words[0].equals("SET")
                    || words[0].equals("GET") || words[0].equals("CHANNEL")) ? words[0] + " " + words[1] : words[0];
        }
    }

    /** The recordings' folder on the test classpath ({@code src/test/resources/fixtures/agi/}). */
    public static Path directory() {
        URL url = Fixtures.class.getResource("/fixtures/agi/README.md");
        if (url == null) {
            throw new IllegalStateException("FastAGI fixtures not on the test classpath: expected fixtures/agi/");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Dialogue load(String name) {
        try {
            List<Line> lines = new ArrayList<>();
            for (String raw : Files.readAllLines(directory().resolve(name), StandardCharsets.UTF_8)) {
                if (raw.startsWith("#") || raw.isEmpty()) {
                    continue;
                }
                Matcher m = LINE.matcher(raw);
                if (!m.matches()) {
                    throw new IllegalStateException(name + ": unreadable line " + raw);
                }
                String text = m.group(3) == null ? "" : m.group(3);
                lines.add(new Line(Long.parseLong(m.group(1)), m.group(2).charAt(0), text));
            }
            return new Dialogue(name, lines);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read fixture " + name, e);
        }
    }

    /** The dialogues' file names; TCP captures ({@code tcp-segments-*.txt}) have a format of their own. */
    public static List<String> names() {
        try (var files = Files.list(directory())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".txt") && !n.startsWith("tcp-segments-")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
