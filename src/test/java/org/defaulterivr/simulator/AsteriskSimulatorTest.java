package org.defaulterivr.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.asteriskjava.fastagi.command.ExecCommand;
import org.asteriskjava.fastagi.command.SetVariableCommand;
import org.asteriskjava.fastagi.command.StreamFileCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator against a scripted FastAGI server over real sockets. Commands are rendered by asterisk-java. */
class AsteriskSimulatorTest {

    private static final Path FIXTURES = org.defaulterivr.testing.Fixtures.directory();
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    @Test
    void unlistedNumberClosedRightAfterTheEnvironmentIsANormalEndWithZeroCommands() throws Exception {
        ScriptedFastAgiServer server = serve(asterisk -> {
            asterisk.readEnvironment();
            asterisk.close();
        });

        CallTranscript call = simulator(server).call(CallScript.to("13800000000"));
        server.awaitEnd();

        assertEquals(SessionEnd.SERVER_CLOSED, call.end());
        assertTrue(call.completedNormally());
        assertEquals(0, call.commandCount());
        assertTrue(call.firstCommandAfter().isEmpty());
        assertEquals(AgiStatus.SUCCESS, call.agiStatus());
        assertTrue(call.variables().isEmpty());
        assertTrue(call.summary().startsWith("no notice: number not listed (0 commands, closed after "),
                call.summary());
    }

    @Test
    void listedNumberHearsAnHttpNoticeToTheEndAndTheServersVariablesAreReported() throws Exception {
        String url = serveNotice("/notices/abc.wav", wav(8000, 8000, true));
        List<String> seenByServer = new ArrayList<>();
        ScriptedFastAgiServer server = serve(asterisk -> {
            asterisk.readEnvironment();
            seenByServer.add(asterisk.exchange(new ExecCommand("Progress", "").buildCommand()));
            seenByServer.add(asterisk.exchange(new StreamFileCommand(url, "").buildCommand()));
            seenByServer.add(asterisk.exchange(new SetVariableCommand("DEFAULTER_NOTICE", "played").buildCommand()));
            seenByServer.add(asterisk.exchange(new SetVariableCommand("DEFAULTER_CASE", "42").buildCommand()));
            asterisk.close();
        });

        CallTranscript call = simulator(server).call(CallScript.to("13800000000").from("13900000001", "Alice"));
        server.awaitEnd();

        assertEquals(List.of("200 result=0", "200 result=0 endpos=8000", "200 result=1", "200 result=1"),
                seenByServer);
        assertEquals(Map.of("DEFAULTER_NOTICE", "played", "DEFAULTER_CASE", "42"), call.variables());
        assertTrue(call.progressSent());
        assertEquals(url, call.streamedFile().orElseThrow());
        assertEquals(1000, call.heardMs());
        assertEquals(4, call.commandCount());
        assertTrue(call.firstCommandAfter().isPresent());
        assertEquals(AgiStatus.SUCCESS, call.agiStatus());
        assertEquals("notice: played (case 42), 1000 ms heard, AGISTATUS=SUCCESS", call.summary());
        assertTrue(call.dialogue().contains("] S: STREAM FILE \"" + url + "\" \"\"\n"), call.dialogue());
        assertTrue(call.dialogue().contains("] A: 200 result=0 endpos=8000"), call.dialogue());
    }

    @Test
    void callerHangingUpAfter300msGetsPartialEndposThenHangupBeforeTheNextReply() throws Exception {
        List<String> seenByServer = new ArrayList<>();
        ScriptedFastAgiServer server = serve(asterisk -> {
            asterisk.readEnvironment();
            seenByServer.add(asterisk.exchange("EXEC \"Progress\" \"\""));
            seenByServer.add(asterisk.exchange("STREAM FILE \"defaulter-ivr/abc\" \"\""));
            seenByServer.addAll(asterisk.exchange("SET VARIABLE \"DEFAULTER_NOTICE\" \"partial\"", 2));
            seenByServer.add(asterisk.exchange("STREAM FILE \"defaulter-ivr/abc\" \"\""));
            seenByServer.add(asterisk.exchange("VERBOSE \"after hangup\" 1"));
            asterisk.close();
        });

        CallTranscript call = simulator(server).call(CallScript.to("13800000000")
                .withPlayback(NoticePlayback.callerHangsUpAfter(Duration.ofMillis(300))));
        server.awaitEnd();

        assertEquals(List.of(
                "200 result=0",
                "200 result=-1 endpos=2400",
                "HANGUP",
                "200 result=1",
                ResAgi.DEAD_CHANNEL,
                "200 result=1"), seenByServer);
        assertEquals(seenByServer, call.asteriskLines().subList(call.asteriskLines().size() - 6,
                call.asteriskLines().size()));
        assertEquals(300, call.heardMs());
        assertEquals("partial", call.variables().get("DEFAULTER_NOTICE"));
        assertEquals(AgiStatus.HANGUP, call.agiStatus());
        assertTrue(call.completedNormally());
    }

    @Test
    void missingNoticeFileGetsAsterisksReplyAndMakesAgiStatusFailure() throws Exception {
        List<String> seenByServer = new ArrayList<>();
        ScriptedFastAgiServer server = serve(asterisk -> {
            asterisk.readEnvironment();
            seenByServer.add(asterisk.exchange("STREAM FILE \"defaulter-ivr/abc\" \"\""));
            seenByServer.add(asterisk.exchange("SET VARIABLE \"DEFAULTER_NOTICE\" \"failed\""));
            asterisk.close();
        });

        CallTranscript call = simulator(server).call(CallScript.to("13800000000")
                .withPlayback(NoticePlayback.fileMissing()));
        server.awaitEnd();

        assertEquals(List.of("200 result=-1 endpos=0", "200 result=1"), seenByServer);
        assertEquals(0, call.heardMs());
        assertFalse(call.playbacks().get(0).opened());
        assertEquals(AgiStatus.FAILURE, call.agiStatus());
        assertTrue(call.completedNormally());
    }

    @Test
    void noticeUrlThatCannotBeFetchedIsRepliedToLikeAMissingFile() throws Exception {
        String url = serveNotice("/notices/present.wav", wav(8000, 800, false)).replace("present", "absent");
        List<String> seenByServer = new ArrayList<>();
        ScriptedFastAgiServer server = serve(asterisk -> {
            asterisk.readEnvironment();
            seenByServer.add(asterisk.exchange(new StreamFileCommand(url, "").buildCommand()));
            asterisk.close();
        });

        CallTranscript call = simulator(server).call(CallScript.to("13800000000"));
        server.awaitEnd();

        assertEquals(List.of("200 result=-1 endpos=0"), seenByServer);
        assertTrue(call.dialogue().contains("-> 404"), call.dialogue());
    }

    @Test
    void noticeAtTheWrongSampleRateIsRefusedAsAsterisksWavFormatWould() throws Exception {
        String url = serveNotice("/notices/wide.wav", wav(16000, 16000, false));
        List<String> seenByServer = new ArrayList<>();
        ScriptedFastAgiServer server = serve(asterisk -> {
            asterisk.readEnvironment();
            seenByServer.add(asterisk.exchange(new StreamFileCommand(url, "").buildCommand()));
            asterisk.close();
        });

        CallTranscript call = simulator(server).call(CallScript.to("13800000000"));
        server.awaitEnd();

        assertEquals(List.of("200 result=-1 endpos=0"), seenByServer);
        assertTrue(call.dialogue().contains("16000 Hz"), call.dialogue());
    }

    @Test
    void soundsPathNoticeUsesTheAssumedLengthAndUnknownCommandsGet510() throws Exception {
        List<String> seenByServer = new ArrayList<>();
        ScriptedFastAgiServer server = serve(asterisk -> {
            asterisk.readEnvironment();
            seenByServer.add(asterisk.exchange("STREAM FILE defaulter-ivr/abc \"\""));
            seenByServer.add(asterisk.exchange("FOOBAR baz"));
            seenByServer.add(asterisk.exchange("GET VARIABLE CALLERID(num)"));
            asterisk.close();
        });

        CallTranscript call = simulator(server).call(CallScript.to("13800000000").from("13900000001", "Alice")
                .assumingNoticeLength(Duration.ofMillis(15_000)));
        server.awaitEnd();

        assertEquals(List.of("200 result=0 endpos=120000", ResAgi.UNKNOWN_COMMAND,
                "200 result=1 (13900000001)"), seenByServer);
        assertEquals(15_000, call.heardMs());
    }

    @Test
    void realtimeModeWaitsForTheNoticeBeforeReplying() throws Exception {
        List<Long> replyAfterMs = new ArrayList<>();
        ScriptedFastAgiServer server = serve(asterisk -> {
            asterisk.readEnvironment();
            long sent = System.nanoTime();
            asterisk.exchange("STREAM FILE defaulter-ivr/short \"\"");
            replyAfterMs.add((System.nanoTime() - sent) / 1_000_000);
            asterisk.close();
        });

        simulator(server).call(CallScript.to("13800000000")
                .assumingNoticeLength(Duration.ofMillis(250)).inRealTime(true));
        server.awaitEnd();

        assertTrue(replyAfterMs.get(0) >= 240, "replied after " + replyAfterMs.get(0) + " ms");
    }

    @Test
    void serverThatNeverAnswersIsReportedAsATimeoutNotANormalEnd() throws Exception {
        ScriptedFastAgiServer server = serve(asterisk -> {
            asterisk.readEnvironment();
            asterisk.stayQuiet(600);
            asterisk.close();
        });

        CallTranscript call = new AsteriskSimulator("127.0.0.1", server.port(), Duration.ofMillis(200))
                .call(CallScript.to("13800000000"));
        server.awaitEnd();

        assertEquals(SessionEnd.TIMEOUT, call.end());
        assertFalse(call.completedNormally());
        assertEquals(AgiStatus.STILL_WAITING, call.agiStatus());
        assertTrue(call.summary().startsWith("timeout: "), call.summary());
    }

    @Test
    void nothingListeningIsAConnectFailure() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        CallTranscript call = new AsteriskSimulator("127.0.0.1", port, TIMEOUT).call(CallScript.to("13800000000"));

        assertEquals(SessionEnd.CONNECT_FAILED, call.end());
        assertEquals(AgiStatus.FAILURE, call.agiStatus());
        assertEquals("nothing listens on 127.0.0.1:" + port + " - is the service running?", call.summary());
    }

    @Test
    void environmentBlockIsByteForByteWhatAsterisk20Sent() throws Exception {
        List<String> recorded = recordedEnvironment("early-media-notice.txt");
        List<byte[]> received = new ArrayList<>();
        ScriptedFastAgiServer server = serve(asterisk -> {
            received.add(asterisk.readEnvironmentBytes());
            asterisk.close();
        });
        // the recorded call's own values, so that only the host, port and thread id may differ
        CallScript likeTheRecording = CallScript.to("4413800000000")
                .from("sipp", "sipp")
                .withScript("early")
                .withIds("1795387451.0", "PJSIP/caller-00000000")
                .at(new DialplanPosition("from-caller", "4413800000000", 1));

        simulator(server).call(likeTheRecording);
        server.awaitEnd();

        String sent = new String(received.get(0), StandardCharsets.UTF_8);
        String threadId = sent.lines().filter(l -> l.startsWith("agi_threadid: ")).findFirst().orElseThrow();
        assertTrue(threadId.matches("agi_threadid: \\d+"), threadId);
        String expected = recorded.stream()
                .map(line -> line.startsWith("agi_request: ")
                        ? "agi_request: agi://127.0.0.1:" + server.port() + "/early" : line)
                .map(line -> line.startsWith("agi_threadid: ") ? threadId : line)
                .map(line -> line + "\n")
                .reduce("", String::concat) + "\n";
        assertEquals(expected, sent);
        assertTrue(sent.contains("\nagi_accountcode: \n"), "trailing space of agi_accountcode");
        assertFalse(sent.contains("\r"));
    }

    @Test
    void defaultCallSendsTheRecordedKeysInTheRecordedOrderWithTheNumberInArg1() throws Exception {
        List<String> recordedKeys = keys(recordedEnvironment("early-media-notice.txt"));
        List<List<String>> received = new ArrayList<>();
        ScriptedFastAgiServer server = serve(asterisk -> {
            received.add(asterisk.readEnvironment());
            asterisk.close();
        });

        simulator(server).call(CallScript.to("13800000000").viaScreeningSubroutine());
        server.awaitEnd();

        List<String> sent = received.get(0);
        assertEquals(recordedKeys, keys(sent));
        assertTrue(sent.contains("agi_arg_1: 13800000000"));
        assertTrue(sent.contains("agi_dnid: 13800000000"));
        assertTrue(sent.contains("agi_extension: s"));
        assertTrue(sent.contains("agi_network_script: screen"));
        assertTrue(sent.contains("agi_request: agi://127.0.0.1:" + server.port() + "/screen"));
        assertTrue(sent.contains("agi_callerid: unknown"));
    }

    // ---------------------------------------------------------------------------------------------------------------

    private ScriptedFastAgiServer serve(ScriptedFastAgiServer.Conversation conversation) throws IOException {
        ScriptedFastAgiServer server = ScriptedFastAgiServer.start(conversation);
        resources.add(server);
        return server;
    }

    private static AsteriskSimulator simulator(ScriptedFastAgiServer server) {
        return new AsteriskSimulator("127.0.0.1", server.port(), TIMEOUT);
    }

    /** Serves {@code body} at {@code path} (404 elsewhere) and returns its URL. */
    private String serveNotice(String path, byte[] body) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            boolean found = exchange.getRequestURI().getPath().equals(path);
            exchange.getResponseHeaders().add("Content-Type", "audio/wav");
            exchange.sendResponseHeaders(found ? 200 : 404, found ? body.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                if (found) {
                    out.write(body);
                }
            }
        });
        http.start();
        resources.add(() -> http.stop(0));
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    /** A 16-bit mono PCM WAV of silence, optionally with a LIST chunk of odd size before the data. */
    static byte[] wav(int sampleRate, int samples, boolean withListChunk) {
        byte[] list = "LIST\u0005\u0000\u0000\u0000INFOx\u0000".getBytes(StandardCharsets.ISO_8859_1);
        int dataBytes = samples * 2;
        int listBytes = withListChunk ? list.length : 0;
        ByteBuffer b = ByteBuffer.allocate(44 + listBytes + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + listBytes + dataBytes);
        b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2)
                .putShort((short) 2).putShort((short) 16);
        if (withListChunk) {
            b.put(list);
        }
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        return b.array();
    }

    /** The environment lines (without the ending blank line) of a recorded dialogue. */
    private static List<String> recordedEnvironment(String fixture) throws IOException {
        List<String> env = new ArrayList<>();
        for (String line : Files.readAllLines(FIXTURES.resolve(fixture), StandardCharsets.UTF_8)) {
            int tag = line.indexOf("] A:");
            if (!line.startsWith("[") || tag < 0) {
                continue;
            }
            String text = line.substring(tag + 4);
            if (text.isEmpty()) {
                return env;
            }
            env.add(text.substring(1));
        }
        throw new AssertionError("no end of environment in " + fixture);
    }

    private static List<String> keys(List<String> environment) {
        return environment.stream().map(line -> line.substring(0, line.indexOf(':'))).toList();
    }
}
