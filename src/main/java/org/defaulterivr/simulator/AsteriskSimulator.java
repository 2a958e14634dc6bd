package org.defaulterivr.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Plays Asterisk 20's side of one FastAGI call against a screening server, the way the recordings in
 * {@code src/test/resources/fixtures/agi/} show a real Asterisk 20.20.1 doing it: connect, send the environment
 * block, answer each command line, send the unsolicited {@code HANGUP} line when the caller hangs up, and stop when
 * the server closes.
 *
 * <p>Plain blocking {@code java.net} code on purpose: it serves the {@code probe} command and tests, never the
 * server. It writes as res_agi does, one {@code write()} per line with Nagle's algorithm on
 * ({@link WritePattern#ASTERISK}), unless told otherwise. Behaviour that the recordings do not show follows res_agi.c ({@code run_agi}, {@code agi_handle_command},
 * {@code handle_streamfile}); see {@link #call(CallScript)}. The parts: {@link CallScript} (what the caller does),
 * {@link EnvironmentBlock}, {@link FastAgiSession} (the wire), {@link Channel} (the replies), {@link ResAgi}
 * (command table and fixed replies), {@link SoundFiles} (file lengths), {@link CallTranscript} (the result).
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

    private final String host;
    private final int port;
    private final Duration timeout;
    private final SoundFiles sounds;
    private String soundsUrlBase;
    private WritePattern writePattern = WritePattern.ASTERISK;

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
        this.sounds = new SoundFiles(timeout);
    }

    /**
     * Lets the simulator read notices named as sounds paths ({@code defaulter-ivr/<sha256>}) from the service,
     * which serves every notice at {@code <base><sha256>.wav}; otherwise their length is assumed.
     */
    public AsteriskSimulator readingSoundsFrom(String urlBase) {
        this.soundsUrlBase = urlBase;
        return this;
    }

    /** Writes as {@code pattern} says; {@link WritePattern#ASTERISK} unless changed. */
    public AsteriskSimulator writing(WritePattern pattern) {
        this.writePattern = Objects.requireNonNull(pattern, "pattern");
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
        return new FastAgiSession(host, port, timeout, Objects.requireNonNull(script, "script"), soundsUrlBase, sounds,
                writePattern).run();
    }
}
