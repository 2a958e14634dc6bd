package org.defaulterivr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.defaulterivr.simulator.ScriptedFastAgiServer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProbeCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void unlistedNumberPrintsTheDialogueAndExitsZero() throws Exception {
        try (ScriptedFastAgiServer server = ScriptedFastAgiServer.start(asterisk -> {
            asterisk.readEnvironment();
            asterisk.close();
        })) {
            int code = probe("--port", String.valueOf(server.port()), "--called", "13800000000",
                    "--caller", "13900000001");
            server.awaitEnd();

            assertEquals(0, code, err.toString());
            assertTrue(out.toString().contains("] A: agi_arg_1: 13800000000\n"), out.toString());
            // a probe says it is one, so the service can keep it apart from carriers' calls
            assertTrue(out.toString().contains("] A: agi_network_script: screen?probe=1\n"), out.toString());
            assertTrue(out.toString().contains("] A: agi_request: agi://127.0.0.1:" + server.port()
                    + "/screen?probe=1\n"), out.toString());
            assertTrue(out.toString().contains("no notice: number not listed (0 commands, closed after "),
                    out.toString());
        }
    }

    @Test
    void listedNumberPrintsWhatTheCallerHeard() throws Exception {
        try (ScriptedFastAgiServer server = ScriptedFastAgiServer.start(asterisk -> {
            asterisk.readEnvironment();
            asterisk.exchange("EXEC \"Progress\" \"\"");
            asterisk.exchange("STREAM FILE \"defaulter-ivr/abc\" \"\"");
            asterisk.exchange("SET VARIABLE \"DEFAULTER_NOTICE\" \"partial\"", 2);
            asterisk.exchange("SET VARIABLE \"DEFAULTER_CASE\" \"42\"");
            asterisk.close();
        })) {
            int code = probe("--port", String.valueOf(server.port()), "--called", "13800000000",
                    "--hangup-after-ms", "3000", "--notice-ms", "15000");
            server.awaitEnd();

            assertEquals(0, code, err.toString());
            assertTrue(out.toString().contains("] A: 200 result=-1 endpos=24000\n"), out.toString());
            assertTrue(out.toString().endsWith(
                    "notice: partial (case 42), 3000 ms heard of 15000 ms, AGISTATUS=HANGUP\n"), out.toString());
        }
    }

    @Test
    void nothingListeningExitsOneWithAClearMessage() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        int code = probe("--port", String.valueOf(port), "--called", "13800000000");

        assertEquals(1, code);
        assertEquals("nothing listens on 127.0.0.1:" + port + " - is the service running?\n", err.toString());
    }

    @Test
    void contradictoryOptionsAreRejected() {
        int code = probe("--called", "13800000000", "--missing-file", "--hangup-after-ms", "10");

        assertEquals(2, code);
        assertTrue(err.toString().contains("exclude each other"), err.toString());
    }

    private int probe(String... args) {
        CommandLine command = new CommandLine(new ProbeCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }
}
