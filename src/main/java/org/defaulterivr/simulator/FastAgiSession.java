package org.defaulterivr.simulator;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One FastAGI session on the wire, Asterisk's side: connect, send the environment block, read each command line
 * and write its reply, until the server closes. Each line Asterisk sends is its own write, like
 * {@code ast_agi_send()}, with Nagle's algorithm on, unless {@link WritePattern#LAB_BLOCK} is asked for.
 */
final class FastAgiSession {
    private static final int MAX_LINE_BYTES = 64 * 1024;

    private final String host;
    private final int port;
    private final Duration timeout;
    private final CallScript script;
    private final DialogueRecorder dialogue = new DialogueRecorder();
    private final Channel channel;
    private final WritePattern writePattern;
    private int commandCount;
    private Duration firstCommandAfter;

    FastAgiSession(String host, int port, Duration timeout, CallScript script, String soundsUrlBase,
            SoundFiles sounds, WritePattern writePattern) {
        this.writePattern = writePattern;
        this.host = host;
        this.port = port;
        this.timeout = timeout;
        this.script = script;
        this.channel = new Channel(script, soundsUrlBase, sounds, dialogue);
    }

    CallTranscript run() {
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(host, port), millis(timeout));
            } catch (IOException e) {
                return finish(SessionEnd.CONNECT_FAILED, connectProblem(e));
            }
            dialogue.connected();
            socket.setSoTimeout(millis(timeout));
            // res_agi never sets TCP_NODELAY: Nagle holds each line until the server has ACKed the one before
            socket.setTcpNoDelay(writePattern == WritePattern.LAB_BLOCK);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            List<String> environment = EnvironmentBlock.of(script, host, port);
            if (!(writePattern == WritePattern.LAB_BLOCK ? sendAtOnce(out, environment) : sendAll(out, environment))) {
                return finish(SessionEnd.SERVER_CLOSED, "");
            }
            return converse(in, out);
        } catch (IOException e) {
            return finish(SessionEnd.BROKEN, "socket error: " + e.getMessage());
        }
    }

    private CallTranscript converse(InputStream in, OutputStream out) {
        while (true) {
            String command;
            try {
                command = readLine(in);
            } catch (SocketTimeoutException e) {
                note("no command from the server within " + timeout.toMillis()
                        + " ms; Asterisk has no such timeout, the caller would still be waiting");
                return finish(SessionEnd.TIMEOUT, "no command from the server within " + timeout.toMillis()
                        + " ms (after " + commandCount + " commands); Asterisk would keep the caller waiting");
            } catch (SocketException e) {
                note("connection reset by the server (" + e.getMessage() + ")");
                return finish(SessionEnd.SERVER_CLOSED, "");
            } catch (IOException e) {
                note(e.getMessage());
                return finish(SessionEnd.BROKEN, e.getMessage());
            }
            if (command == null) {
                note("server closed the connection");
                return finish(SessionEnd.SERVER_CLOSED, "");
            }
            commandCount++;
            if (firstCommandAfter == null) {
                firstCommandAfter = elapsed();
            }
            record(Speaker.SERVER, command);
            if (command.endsWith("\r")) {
                note("line ends with CR: Asterisk keeps it as part of the last argument");
            }
            if (!sendAll(out, channel.reply(command))) {
                return finish(SessionEnd.SERVER_CLOSED, "");
            }
        }
    }

    /** Writes each line as its own write, like ast_agi_send(); false when the server is gone. */
    private boolean sendAll(OutputStream out, List<String> replyLines) {
        for (String line : replyLines) {
            try {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                note("write failed (" + e.getMessage() + "): the server had closed the connection");
                return false;
            }
            record(Speaker.ASTERISK, line);
        }
        return true;
    }

    /** Lab mode: the lines in one write. */
    private boolean sendAtOnce(OutputStream out, List<String> lines) {
        StringBuilder block = new StringBuilder();
        lines.forEach(line -> block.append(line).append('\n'));
        try {
            out.write(block.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            note("write failed (" + e.getMessage() + "): the server had closed the connection");
            return false;
        }
        lines.forEach(line -> record(Speaker.ASTERISK, line));
        return true;
    }

    /** One line without its '\n'; null at end of stream. */
    private String readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.size() > 0) {
                    note("last line had no newline; Asterisk would still run it");
                    return line.toString(StandardCharsets.UTF_8);
                }
                return null;
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE_BYTES) {
                throw new IOException("the server sent a line longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
    }

    private String connectProblem(IOException e) {
        String where = host + ":" + port;
        if (e instanceof ConnectException) {
            return "nothing listens on " + where + " - is the service running?";
        }
        if (e instanceof SocketTimeoutException) {
            return "no TCP answer from " + where + " within " + timeout.toMillis()
                    + " ms (Asterisk gives up after " + AsteriskSimulator.ASTERISK_CONNECT_TIMEOUT.toMillis() + " ms)";
        }
        if (e instanceof UnknownHostException) {
            return "cannot resolve " + host;
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to " + where;
        }
        return "cannot connect to " + where + ": " + e.getMessage();
    }

    private CallTranscript finish(SessionEnd end, String problem) {
        AgiStatus status = switch (end) {
            case CONNECT_FAILED, BROKEN -> AgiStatus.FAILURE;
            case TIMEOUT -> AgiStatus.STILL_WAITING;
            case SERVER_CLOSED -> channel.commandFailed ? AgiStatus.FAILURE
                    : channel.hungUp ? AgiStatus.HANGUP : AgiStatus.SUCCESS;
        };
        return new CallTranscript(dialogue.lines, channel.variables, channel.progressSent, channel.playbacks,
                commandCount,
                Optional.ofNullable(firstCommandAfter), elapsed(), end, status, problem);
    }

    private void record(Speaker speaker, String text) {
        dialogue.record(speaker, text);
    }

    private void note(String text) {
        dialogue.note(text);
    }

    private Duration elapsed() {
        return dialogue.elapsed();
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }
}
