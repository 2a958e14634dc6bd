package org.defaulterivr.agi;

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
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.defaulterivr.notice.WavHeader;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Plays Asterisk 20's side of one FastAGI call against a screening server, the way the recordings in
 * {@code src/test/resources/fixtures/agi/} show a real Asterisk 20.20.1 doing it: connect, send the environment block, answer
 * each command line, send the unsolicited {@code HANGUP} line when the caller hangs up, and stop when the server
 * closes.
 *
 * <p>Plain blocking {@code java.net} code on purpose: it serves the {@code probe} command and tests, never the
 * server. Behaviour that the recordings do not show follows res_agi.c ({@code run_agi}, {@code agi_handle_command},
 * {@code handle_streamfile}); see {@link #call(CallScript)}.
 */
public final class AsteriskSimulator {

    /** The Asterisk the fixtures were recorded from; sent as {@code agi_version}. */
    public static final String ASTERISK_VERSION = "20.20.1";

    /** res_agi.c gives up connecting to a FastAGI server after this long ({@code MAX_AGI_CONNECT}). */
    public static final Duration ASTERISK_CONNECT_TIMEOUT = Duration.ofMillis(2000);

    /** Context of the subroutine in {@code dialplans/extensions_defaulter_ivr.conf}. */
    public static final String SCREENING_SUBROUTINE = "defaulter-ivr-screen";

    /** Priority of the {@code AGI()} line inside {@link #SCREENING_SUBROUTINE}. */
    public static final int SCREENING_SUBROUTINE_AGI_PRIORITY = 7;

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

    private static final long SAMPLES_PER_MS = 8;
    private static final int MAX_LINE_BYTES = 64 * 1024;
    private static final long THREAD_ID_BASE = 139_655_391_565_504L;
    private static final AtomicInteger CHANNEL_COUNTER = new AtomicInteger();

    private final String host;
    private final int port;
    private final Duration timeout;
    private String soundsUrlBase;
    private HttpClient http;

    /**
     * @param host    where the screening server listens
     * @param port    its FastAGI port
     * @param timeout how long to wait for the TCP connection, for each line from the server, and for a notice's
     *                HTTP download
     */
    public AsteriskSimulator(String host, int port, Duration timeout) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /**
     * Lets the simulator read notices named as sounds paths ({@code defaulter-ivr/<sha256>}) from the service,
     * which serves every notice at {@code <base><sha256>.wav}; otherwise their length is assumed.
     */
    public AsteriskSimulator readingSoundsFrom(String urlBase) {
        this.soundsUrlBase = urlBase;
        return this;
    }

    /**
     * Runs one call. Never throws for network trouble: a refused connection, a timeout or a broken connection are
     * reported in the transcript's {@link CallTranscript#end()}.
     *
     * <p>Replies: {@code EXEC <app> ...} {@code 200 result=0}; {@code VERBOSE} {@code 200 result=1};
     * {@code GET VARIABLE} {@code 200 result=1 (value)} for variables set in this call and {@code CALLERID(num|name)},
     * else {@code 200 result=0}; {@code SET VARIABLE} {@code 200 result=1}; {@code ANSWER} {@code 200 result=0};
     * {@code CHANNEL STATUS} 4 (ringing) or 6 (up); {@code STREAM FILE} as {@link CallScript#playback()} says;
     * an unknown command {@code 510}; a malformed one {@code 520} (multi-line for {@code STREAM FILE}, as
     * recorded; one line otherwise). After the caller hung up, commands that res_agi.c does not allow on a dead
     * channel get {@code 511}; {@code EXEC}, {@code GET/SET VARIABLE}, {@code VERBOSE} and {@code NOOP} still run.
     */
    public CallTranscript call(CallScript script) {
        return new Call(Objects.requireNonNull(script, "script")).run();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Values

    /** Who speaks a transcript line. */
    public enum Speaker {
        ASTERISK("A:"), SERVER("S:"), NOTE("#");

        private final String tag;

        Speaker(String tag) {
            this.tag = tag;
        }
    }

    /** One line of the dialogue, milliseconds after Asterisk connected; prints like the fixture files. */
    public record Line(long atMs, Speaker speaker, String text) {
        public Line {
            Objects.requireNonNull(speaker, "speaker");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String toString() {
            return "[" + atMs + "] " + speaker.tag + (text.isEmpty() ? "" : " " + text);
        }
    }

    /** What the simulated caller does when the server streams a file. */
    public sealed interface NoticePlayback {
        /** The caller listens to the whole file. */
        record ToTheEnd() implements NoticePlayback {
        }

        /** The caller hangs up this long into the first file streamed; a shorter file plays to the end. */
        record CallerHangsUpAfter(Duration heard) implements NoticePlayback {
            public CallerHangsUpAfter {
                if (heard.isNegative()) {
                    throw new IllegalArgumentException("heard must not be negative");
                }
            }
        }

        /** Asterisk cannot open any file streamed (missing sounds file, failed download). */
        record FileMissing() implements NoticePlayback {
        }

        static NoticePlayback toTheEnd() {
            return new ToTheEnd();
        }

        static NoticePlayback callerHangsUpAfter(Duration heard) {
            return new CallerHangsUpAfter(heard);
        }

        static NoticePlayback fileMissing() {
            return new FileMissing();
        }
    }

    /**
     * Where the {@code AGI()} application runs, as Asterisk reports it in {@code agi_context}, {@code agi_extension}
     * and {@code agi_priority}.
     */
    public record DialplanPosition(String context, String extension, int priority) {
        public DialplanPosition {
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(extension, "extension");
        }
    }

    /**
     * One call to simulate. Start from {@link #to(String)} and change what the test or probe needs.
     *
     * @param calledNumber        the number dialled; sent as {@code agi_dnid} and {@code agi_arg_1}
     * @param callerNumber        sent as {@code agi_callerid} ({@code unknown} when withheld)
     * @param callerName          sent as {@code agi_calleridname}
     * @param scriptName          the path of the {@code agi://host:port/<script>} URL
     * @param uniqueId            Asterisk's {@code agi_uniqueid}, like {@code 1795387451.0}
     * @param channelName         like {@code PJSIP/caller-00000000}
     * @param position            where the dialplan runs {@code AGI()}
     * @param playback            what the caller does during {@code STREAM FILE}
     * @param assumedNoticeLength length of a notice given as a sounds path, which the simulator cannot read
     * @param realtime            wait the played time before replying to {@code STREAM FILE}, as Asterisk does
     */
    public record CallScript(
            String calledNumber,
            String callerNumber,
            String callerName,
            String scriptName,
            String uniqueId,
            String channelName,
            DialplanPosition position,
            NoticePlayback playback,
            Duration assumedNoticeLength,
            boolean realtime) {

        public CallScript {
            Objects.requireNonNull(calledNumber, "calledNumber");
            Objects.requireNonNull(callerNumber, "callerNumber");
            Objects.requireNonNull(callerName, "callerName");
            Objects.requireNonNull(scriptName, "scriptName");
            Objects.requireNonNull(uniqueId, "uniqueId");
            Objects.requireNonNull(channelName, "channelName");
            Objects.requireNonNull(position, "position");
            Objects.requireNonNull(playback, "playback");
            Objects.requireNonNull(assumedNoticeLength, "assumedNoticeLength");
            if (assumedNoticeLength.isNegative()) {
                throw new IllegalArgumentException("assumedNoticeLength must not be negative");
            }
            for (String value : List.of(calledNumber, callerNumber, callerName, scriptName, uniqueId, channelName)) {
                if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                    throw new IllegalArgumentException("a line break would corrupt the environment block: " + value);
                }
            }
        }

        /**
         * A call to {@code calledNumber} from a withheld number, script {@code screen}, with the AGI run straight
         * from the inbound context (as in the fixtures), the notice heard to the end, replies without waiting.
         */
        public static CallScript to(String calledNumber) {
            int n = CHANNEL_COUNTER.getAndIncrement();
            return new CallScript(calledNumber, "unknown", "unknown", "screen",
                    Instant.now().getEpochSecond() + "." + n,
                    String.format(Locale.ROOT, "PJSIP/caller-%08x", n),
                    new DialplanPosition("from-carrier", calledNumber, 1),
                    NoticePlayback.toTheEnd(), Duration.ofMillis(15_000), false);
        }

        public CallScript from(String number, String name) {
            return new CallScript(calledNumber, number, name, scriptName, uniqueId, channelName, position,
                    playback, assumedNoticeLength, realtime);
        }

        public CallScript withScript(String name) {
            return new CallScript(calledNumber, callerNumber, callerName, name, uniqueId, channelName, position,
                    playback, assumedNoticeLength, realtime);
        }

        public CallScript withIds(String newUniqueId, String newChannelName) {
            return new CallScript(calledNumber, callerNumber, callerName, scriptName, newUniqueId, newChannelName,
                    position, playback, assumedNoticeLength, realtime);
        }

        public CallScript at(DialplanPosition newPosition) {
            return new CallScript(calledNumber, callerNumber, callerName, scriptName, uniqueId, channelName,
                    newPosition, playback, assumedNoticeLength, realtime);
        }

        /**
         * As reached through {@code Gosub(defaulter-ivr-screen,s,1(${EXTEN}))}: Asterisk then reports the
         * subroutine's context and extension {@code s}, so the number is only in {@code agi_arg_1} and
         * {@code agi_dnid}.
         */
        public CallScript viaScreeningSubroutine() {
            return at(new DialplanPosition(SCREENING_SUBROUTINE, "s", SCREENING_SUBROUTINE_AGI_PRIORITY));
        }

        public CallScript withPlayback(NoticePlayback newPlayback) {
            return new CallScript(calledNumber, callerNumber, callerName, scriptName, uniqueId, channelName,
                    position, newPlayback, assumedNoticeLength, realtime);
        }

        public CallScript assumingNoticeLength(Duration length) {
            return new CallScript(calledNumber, callerNumber, callerName, scriptName, uniqueId, channelName,
                    position, playback, length, realtime);
        }

        public CallScript inRealTime(boolean wait) {
            return new CallScript(calledNumber, callerNumber, callerName, scriptName, uniqueId, channelName,
                    position, playback, assumedNoticeLength, wait);
        }
    }

    /** How a session ended. */
    public enum SessionEnd {
        /** The server closed the connection (or reset it): the end Asterisk expects from every script. */
        SERVER_CLOSED,
        /** The server sent nothing for the whole timeout. Asterisk has no such timeout: the caller would wait. */
        TIMEOUT,
        /** No TCP connection: Asterisk would log "FastAGI failed", set AGISTATUS=FAILURE and go on. */
        CONNECT_FAILED,
        /** The server sent something the simulator cannot read (a line over 64 KiB). */
        BROKEN
    }

    /** What Asterisk would set {@code AGISTATUS} to, by run_agi()'s rules. */
    public enum AgiStatus {
        SUCCESS, FAILURE, HANGUP,
        /** The simulator gave up waiting; a real Asterisk would still be waiting for the server. */
        STILL_WAITING
    }

    /**
     * One {@code STREAM FILE}.
     *
     * @param file     the file argument as the server sent it
     * @param lengthMs the file's length, or -1 when Asterisk could not open it
     * @param heardMs  how much of it the caller heard
     * @param reply    the reply line Asterisk sent
     */
    public record Playback(String file, long lengthMs, long heardMs, String reply) {
        public boolean opened() {
            return lengthMs >= 0;
        }
    }

    /**
     * The result of one simulated call.
     *
     * @param lines              the dialogue, in the fixtures' format
     * @param variables          what the server set with {@code SET VARIABLE}, in order
     * @param progressSent       whether {@code EXEC Progress} reached a live, unanswered channel (183 to the caller)
     * @param playbacks          every {@code STREAM FILE}, in order
     * @param commandCount       lines the server sent
     * @param firstCommandAfter  from connect to the first command; empty when the server sent none
     * @param closedAfter        from connect to the end of the session
     * @param end                how the session ended
     * @param agiStatus          what Asterisk would set {@code AGISTATUS} to
     * @param problem            why the session did not end normally; empty when it did
     */
    public record CallTranscript(
            List<Line> lines,
            Map<String, String> variables,
            boolean progressSent,
            List<Playback> playbacks,
            int commandCount,
            Optional<Duration> firstCommandAfter,
            Duration closedAfter,
            SessionEnd end,
            AgiStatus agiStatus,
            String problem) {

        public CallTranscript {
            lines = List.copyOf(lines);
            variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
            playbacks = List.copyOf(playbacks);
            Objects.requireNonNull(firstCommandAfter, "firstCommandAfter");
            Objects.requireNonNull(closedAfter, "closedAfter");
            Objects.requireNonNull(end, "end");
            Objects.requireNonNull(agiStatus, "agiStatus");
            Objects.requireNonNull(problem, "problem");
        }

        /** True when the server ended the session itself, as a FastAGI script must. */
        public boolean completedNormally() {
            return end == SessionEnd.SERVER_CLOSED;
        }

        /** The first file streamed, if any. */
        public Optional<String> streamedFile() {
            return playbacks.stream().map(Playback::file).findFirst();
        }

        /** Milliseconds of notice the caller heard, over all files streamed. */
        public long heardMs() {
            return playbacks.stream().mapToLong(Playback::heardMs).sum();
        }

        /** The dialogue as the fixture files print it, one line each. */
        public String dialogue() {
            return lines.stream().map(Line::toString).collect(Collectors.joining("\n"));
        }

        /** The lines Asterisk sent, in order, without timestamps. */
        public List<String> asteriskLines() {
            return lines.stream().filter(l -> l.speaker() == Speaker.ASTERISK).map(Line::text).toList();
        }

        /** The lines the server sent, in order, without timestamps. */
        public List<String> serverLines() {
            return lines.stream().filter(l -> l.speaker() == Speaker.SERVER).map(Line::text).toList();
        }

        /** One line for a human: what the caller got, or why the session failed. */
        public String summary() {
            return switch (end) {
                case CONNECT_FAILED -> problem;
                case TIMEOUT -> "timeout: " + problem;
                case BROKEN -> "broken session: " + problem;
                case SERVER_CLOSED -> closedSummary();
            };
        }

        private String closedSummary() {
            long closedMs = closedAfter.toMillis();
            if (commandCount == 0) {
                return "no notice: number not listed (0 commands, closed after " + closedMs + " ms)";
            }
            String notice = variables.get("DEFAULTER_NOTICE");
            if (notice == null) {
                return "no DEFAULTER_NOTICE set (" + commandCount + " commands, closed after " + closedMs
                        + " ms), AGISTATUS=" + agiStatus;
            }
            var text = new StringBuilder("notice: ").append(notice);
            String caseRef = variables.get("DEFAULTER_CASE");
            if (caseRef != null) {
                text.append(" (case ").append(caseRef).append(')');
            }
            if (!playbacks.isEmpty()) {
                long length = playbacks.stream().mapToLong(p -> Math.max(p.lengthMs(), 0)).sum();
                text.append(", ").append(heardMs()).append(" ms heard");
                if (heardMs() < length) {
                    text.append(" of ").append(length).append(" ms");
                }
            }
            return text.append(", AGISTATUS=").append(agiStatus).toString();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Pure helpers (package-private for tests)

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
    private enum KnownCommand {
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

        private final boolean runsDead;
        private final List<String> words;

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

    // ---------------------------------------------------------------------------------------------------------------
    // One call

    private final class Call {
        private final CallScript script;
        private final List<Line> lines = new ArrayList<>();
        private final Map<String, String> variables = new LinkedHashMap<>();
        private final List<Playback> playbacks = new ArrayList<>();
        private long startNanos = System.nanoTime();
        private boolean progressSent;
        private boolean answered;
        private boolean dead;
        private boolean hungUp;
        private boolean commandFailed;
        private boolean hangupDone;
        private int commandCount;
        private Duration firstCommandAfter;

        Call(CallScript script) {
            this.script = script;
        }

        CallTranscript run() {
            try (Socket socket = new Socket()) {
                try {
                    socket.connect(new InetSocketAddress(host, port), millis(timeout));
                } catch (IOException e) {
                    return finish(SessionEnd.CONNECT_FAILED, connectProblem(e));
                }
                startNanos = System.nanoTime();
                socket.setSoTimeout(millis(timeout));
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                if (!sendAll(out, environment())) {
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
                if (!sendAll(out, reply(command))) {
                    return finish(SessionEnd.SERVER_CLOSED, "");
                }
            }
        }

        private List<String> environment() {
            var s = script;
            List<String> env = new ArrayList<>();
            env.add("agi_network: yes");
            if (!s.scriptName().isEmpty()) {
                env.add("agi_network_script: " + s.scriptName());
            }
            String hostPart = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            env.add("agi_request: agi://" + hostPart + ":" + port
                    + (s.scriptName().isEmpty() ? "" : "/" + s.scriptName()));
            env.add("agi_channel: " + s.channelName());
            env.add("agi_language: en");
            env.add("agi_type: PJSIP");
            env.add("agi_uniqueid: " + s.uniqueId());
            env.add("agi_version: " + ASTERISK_VERSION);
            env.add("agi_callerid: " + s.callerNumber());
            env.add("agi_calleridname: " + s.callerName());
            env.add("agi_callingpres: 0");
            env.add("agi_callingani2: 0");
            env.add("agi_callington: 0");
            env.add("agi_callingtns: 0");
            env.add("agi_dnid: " + s.calledNumber());
            env.add("agi_rdnis: unknown");
            env.add("agi_context: " + s.position().context());
            env.add("agi_extension: " + s.position().extension());
            env.add("agi_priority: " + s.position().priority());
            env.add("agi_enhanced: 0.0");
            env.add("agi_accountcode: ");
            env.add("agi_threadid: " + (THREAD_ID_BASE + 4096L * Math.abs(s.uniqueId().hashCode() % 1024)));
            env.add("agi_arg_1: " + s.calledNumber());
            env.add("");
            return env;
        }

        // ----- replies, following res_agi.c's handlers

        private List<String> reply(String line) {
            List<String> args = splitArguments(line);
            Optional<KnownCommand> known = KnownCommand.match(args);
            if (known.isEmpty()) {
                return List.of(UNKNOWN_COMMAND);
            }
            KnownCommand command = known.get();
            if (dead && !command.runsDead) {
                return List.of(DEAD_CHANNEL);
            }
            return switch (command) {
                case ANSWER -> {
                    answered = true;
                    yield List.of("200 result=0");
                }
                case EXEC -> exec(args);
                case VERBOSE -> List.of("200 result=1");
                case NOOP -> List.of("200 result=0");
                case GET_VARIABLE -> args.size() != 3 ? List.of(BAD_SYNTAX) : getVariable(args.get(2));
                case GET_FULL_VARIABLE -> args.size() < 4 ? List.of(BAD_SYNTAX) : getFullVariable(args.get(3));
                case SET_VARIABLE -> {
                    if (args.size() != 4) {
                        yield List.of(BAD_SYNTAX);
                    }
                    variables.put(args.get(2), args.get(3));
                    yield List.of("200 result=1");
                }
                case CHANNEL_STATUS -> List.of("200 result=" + (answered ? 6 : 4));
                case STREAM_FILE -> streamFile(args);
                case HANGUP -> {
                    hangUp("the server hung up the channel");
                    yield List.of("200 result=1", "HANGUP");
                }
                default -> {
                    note("the simulator does not model " + String.join(" ", command.words).toUpperCase(Locale.ROOT)
                            + "; replied 200 result=0");
                    yield List.of("200 result=0");
                }
            };
        }

        private List<String> exec(List<String> args) {
            if (args.size() < 2) {
                return List.of(BAD_SYNTAX);
            }
            String application = args.get(1);
            if (!dead && application.equalsIgnoreCase("Progress")) {
                if (answered) {
                    note("channel already answered: Progress sends nothing");
                } else {
                    progressSent = true;
                    note("caller gets 183 Session Progress: early media, call not answered, not billed");
                }
            } else if (!dead && application.equalsIgnoreCase("Answer")) {
                answered = true;
            }
            return List.of("200 result=0");
        }

        private List<String> getVariable(String name) {
            String value = variables.get(name);
            if (value == null) {
                value = switch (name) {
                    case "CALLERID(num)" -> "unknown".equals(script.callerNumber()) ? null : script.callerNumber();
                    case "CALLERID(name)" -> "unknown".equals(script.callerName()) ? null : script.callerName();
                    case "UNIQUEID" -> script.uniqueId();
                    case "CHANNEL" -> script.channelName();
                    default -> null;
                };
            }
            return List.of(value == null ? "200 result=0" : "200 result=1 (" + value + ")");
        }

        private List<String> getFullVariable(String expression) {
            if (expression.startsWith("${") && expression.endsWith("}")) {
                return getVariable(expression.substring(2, expression.length() - 1));
            }
            return List.of("200 result=0");
        }

        private List<String> streamFile(List<String> args) {
            if (args.size() < 4 || args.size() > 5) {
                return STREAM_FILE_USAGE;
            }
            String file = args.get(2);
            long offset = 0;
            if (args.size() == 5) {
                try {
                    offset = Long.parseLong(args.get(4));
                } catch (NumberFormatException e) {
                    return STREAM_FILE_USAGE;
                }
            }
            long totalSamples = script.playback() instanceof NoticePlayback.FileMissing
                    ? -1 : samplesOf(file);
            if (totalSamples < 0) {
                // handle_streamfile: ast_openstream failed; the command fails, so AGISTATUS ends as FAILURE
                commandFailed = true;
                String reply = "200 result=-1 endpos=" + offset;
                playbacks.add(new Playback(file, -1, 0, reply));
                return List.of(reply);
            }
            long startSample = Math.min(Math.max(offset, 0), totalSamples);
            if (script.playback() instanceof NoticePlayback.CallerHangsUpAfter hangup && !hangupDone) {
                hangupDone = true;
                long heardSamples = hangup.heard().toMillis() * SAMPLES_PER_MS;
                if (startSample + heardSamples < totalSamples) {
                    waitIfRealtime(hangup.heard().toMillis());
                    String reply = "200 result=-1 endpos=" + (startSample + heardSamples);
                    playbacks.add(new Playback(file, totalSamples / SAMPLES_PER_MS, hangup.heard().toMillis(),
                            reply));
                    // the -1 came from a hangup, so run_agi() does not count it as a failure; it sends HANGUP at once
                    hangUp("caller hung up " + hangup.heard().toMillis() + " ms into the file");
                    return List.of(reply, "HANGUP");
                }
            }
            long heardMs = (totalSamples - startSample) / SAMPLES_PER_MS;
            waitIfRealtime(heardMs);
            String reply = "200 result=0 endpos=" + totalSamples;
            playbacks.add(new Playback(file, totalSamples / SAMPLES_PER_MS, heardMs, reply));
            return List.of(reply);
        }

        /** Length of a file in 8 kHz samples, or -1 when Asterisk could not open it. */
        private long samplesOf(String file) {
            if (!file.contains("://")) {
                String name = file.substring(file.lastIndexOf('/') + 1);
                if (soundsUrlBase != null && name.matches("[0-9a-f]{64}")) {
                    long samples = fetchedSamples(soundsUrlBase + name + ".wav");
                    if (samples >= 0) {
                        note("read '" + file + "' from the service: the same file Asterisk would play from its"
                                + " sounds directory");
                        return samples;
                    }
                }
                long ms = script.assumedNoticeLength().toMillis();
                note("'" + file + "' is a sounds file the simulator cannot read: assuming " + ms + " ms");
                return ms * SAMPLES_PER_MS;
            }
            String lower = file.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
                note("no media cache backend for " + file + ": Asterisk cannot open it");
                return -1;
            }
            return fetchedSamples(file);
        }

        private long fetchedSamples(String url) {
            HttpResponse<byte[]> response;
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
                response = http().send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IllegalArgumentException | IOException e) {
                note("GET " + url + " failed (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + "): replying as Asterisk does for a file it cannot open");
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                note("interrupted while fetching " + url);
                return -1;
            }
            if (response.statusCode() / 100 != 2) {
                note("GET " + url + " -> " + response.statusCode()
                        + ": res_http_media_cache fails, Asterisk cannot open the file");
                return -1;
            }
            Optional<WavHeader> wav = WavHeader.parse(response.body()).filter(h -> h.dataOffset() >= 0);
            if (wav.isEmpty()) {
                note("GET " + url + " -> " + response.statusCode() + ", " + response.body().length
                        + " bytes, but no RIFF/WAVE fmt and data chunks: Asterisk cannot play it");
                return -1;
            }
            WavHeader header = wav.get();
            if (!header.isTelephonyPcm()) {
                note(String.format(Locale.ROOT, "GET %s -> WAV format %d, %d channel(s), %d Hz, %d bit: Asterisk's"
                                + " wav format plays only 16-bit mono PCM at 8000 Hz", url, header.formatTag(),
                        header.channels(), header.sampleRate(), header.bitsPerSample()));
                return -1;
            }
            note("GET " + url + " -> " + response.statusCode() + ", " + header.frames() + " samples = "
                    + header.frames() / SAMPLES_PER_MS + " ms");
            return header.frames();
        }

        private void hangUp(String why) {
            note(why);
            dead = true;
            hungUp = true;
        }

        private void waitIfRealtime(long ms) {
            if (!script.realtime() || ms <= 0) {
                return;
            }
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        // ----- wire

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
                        + " ms (Asterisk gives up after " + ASTERISK_CONNECT_TIMEOUT.toMillis() + " ms)";
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
                case SERVER_CLOSED -> commandFailed ? AgiStatus.FAILURE
                        : hungUp ? AgiStatus.HANGUP : AgiStatus.SUCCESS;
            };
            return new CallTranscript(lines, variables, progressSent, playbacks, commandCount,
                    Optional.ofNullable(firstCommandAfter), elapsed(), end, status, problem);
        }

        private void record(Speaker speaker, String text) {
            lines.add(new Line(elapsed().toMillis(), speaker, text));
        }

        private void note(String text) {
            record(Speaker.NOTE, text);
        }

        private Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        }
        return http;
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }
}
