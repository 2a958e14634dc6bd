package org.defaulterivr.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.defaulterivr.database.Database;
import org.defaulterivr.testing.Await;
import org.defaulterivr.testing.FixtureAsterisk;
import org.defaulterivr.testing.Fixtures;
import org.defaulterivr.testing.TestDatabase;
import org.defaulterivr.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The line limit holds however the bytes arrive: a 30,000-byte environment line sent in one write together with
 * its newline and the rest of a listed call's environment closes the session before any command.
 */
class LongLineInOneWriteTest {
    @TempDir
    static Path dataDir;
    static Database database;
    static TestNode node;

    @BeforeAll
    static void start() {
        database = TestDatabase.create("long_line");
        node = TestNode.start(database, dataDir, Map.of("agi.max.line.bytes", "4096"));
        Instant now = Instant.now();
        node.list("L-1", "+8613800000000", now.minusSeconds(60), now.plusSeconds(3600));
        Await.until(Duration.ofSeconds(5), () -> node.service.index().numberCount() == 1);
    }

    @AfterAll
    static void stop() {
        node.close();
        database.close();
    }

    private static String environment(String extraLine) {
        StringBuilder env = new StringBuilder();
        for (String line : Fixtures.load("early-media-notice.txt").environment()) {
            env.append(line.startsWith("agi_arg_1: ") ? "agi_arg_1: 13800000000"
                    : line.startsWith("agi_network_script: ") ? "agi_network_script: screen" : line).append('\n');
            if (line.startsWith("agi_request: ")) {
                env.append(extraLine).append('\n');
            }
        }
        return env.append('\n').toString();
    }

    /** Everything the server sent until it closed the connection. */
    private static String sendInOneWrite(String bytes) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", node.agiPort()), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                in.transferTo(received);
            } catch (IOException reset) {
                // closed with unread input: a reset is a close too
            }
            return received.toString(StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aLineOverTheLimitInOneWriteClosesTheSessionBeforeAnyCommand() throws IOException {
        String longLine = "agi_callerid: " + "1".repeat(30_000);
        assertEquals("", sendInOneWrite(environment(longLine)), "no command for a session with an overlong line");
        String atLimit = "agi_callerid: " + "1".repeat(4_096 - "agi_callerid: ".length());
        String answered = sendInOneWrite(environment(atLimit));
        assertEquals("EXEC \"Progress\" \"\"", answered.lines().findFirst().orElse(""), "a line at the limit is fine");
        String overByOne = "agi_callerid: " + "1".repeat(4_097 - "agi_callerid: ".length());
        assertEquals("", sendInOneWrite(environment(overByOne)), "one byte over");
        var call = FixtureAsterisk.replay(Fixtures.load("early-media-notice.txt"), node.agiPort(), "13800000000", "L-2");
        assertEquals("played", call.variable("DEFAULTER_NOTICE"), "the server still answers real calls");
    }
}
