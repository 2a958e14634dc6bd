package org.defaulterivr.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.defaulterivr.config.Config;
import org.defaulterivr.simulator.AsteriskSimulator;
import org.defaulterivr.simulator.CallScript;
import org.defaulterivr.simulator.CallTranscript;
import org.defaulterivr.simulator.WritePattern;
import org.defaulterivr.simulator.NoticePlayback;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code probe}: places one simulated call against a running service, the way Asterisk would, and prints the
 * FastAGI dialogue and what the caller got.
 */
@Command(name = "probe", sortOptions = false,
        description = {
                "Plays Asterisk's side of one call against a running screening service over FastAGI and prints"
                        + " the dialogue (as in the recorded fixtures) and a one-line summary.",
                "Exit code 0 when the service ended the session itself, 1 on timeout or when nothing answers."})
public final class ProbeCommand implements Callable<Integer> {

    /** Appended to the script name, so the request reads {@code agi://HOST:PORT/screen?probe=1}. */
    public static final String PROBE_QUERY = "?probe=1";

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--config", paramLabel = "FILE",
            description = "the node's config file; with the environment (DIVR_AGI_PORT ...) it gives the defaults below")
    Path configFile;

    @Option(names = "--host", description = "service host (default: agi.host, 127.0.0.1 when it binds every address)")
    String host;

    @Option(names = "--port", description = "FastAGI port (default: agi.port, DIVR_AGI_PORT, 4573)")
    Integer port;

    @Option(names = "--called", required = true, description = "number dialled (agi_dnid, agi_arg_1)")
    String called;

    @Option(names = "--caller", defaultValue = "unknown",
            description = "caller's number, agi_callerid (default: ${DEFAULT-VALUE})")
    String caller;

    @Option(names = "--caller-name", defaultValue = "unknown",
            description = "caller's name, agi_calleridname (default: ${DEFAULT-VALUE})")
    String callerName;

    @Option(names = "--http-port",
            description = "the service's HTTP port, to read a notice's real length (default: http.port, 8080)")
    Integer httpPort;

    @Option(names = "--script", defaultValue = "screen", description = "script name in the agi:// URL"
            + " (default: ${DEFAULT-VALUE})")
    String script;

    @Option(names = "--hangup-after-ms", paramLabel = "MS",
            description = "the caller hangs up this many ms into the notice")
    Long hangupAfterMs;

    @Option(names = "--missing-file", description = "Asterisk cannot open the notice file")
    boolean missingFile;

    @Option(names = "--notice-ms", defaultValue = "15000", paramLabel = "MS",
            description = "assumed length of a notice given as a sounds path (default: ${DEFAULT-VALUE})")
    long noticeMs;

    @Option(names = "--realtime", description = "wait the notice's length before replying, as Asterisk does")
    boolean realtime;

    @Option(names = "--via-gosub",
            description = "report the dialplan position of the defaulter-ivr-screen subroutine (agi_extension: s)")
    boolean viaGosub;

    @Option(names = "--lab-write",
            description = "lab mode, not Asterisk: the environment in one write with TCP_NODELAY (by default each line"
                    + " is its own write with Nagle on, as res_agi does)")
    boolean labWrite;

    @Option(names = "--timeout-ms", defaultValue = "5000", paramLabel = "MS",
            description = "give up after this long without a line from the service (default: ${DEFAULT-VALUE})")
    long timeoutMs;

    @Override
    public Integer call() {
        nodeFromConfig();
        validate();
        CallScript callScript = CallScript.to(called)
                .from(caller, callerName)
                // agi://HOST:PORT/screen?probe=1: the service can tell a probe from a carrier's call
                .withScript(script + PROBE_QUERY)
                .withPlayback(playback())
                .assumingNoticeLength(Duration.ofMillis(noticeMs))
                .inRealTime(realtime);
        if (viaGosub) {
            callScript = callScript.viaScreeningSubroutine();
        }

        CallTranscript transcript = new AsteriskSimulator(host, port, Duration.ofMillis(timeoutMs))
                .readingSoundsFrom("http://" + host + ":" + httpPort + "/notices/")
                .writing(labWrite ? WritePattern.LAB_BLOCK : WritePattern.ASTERISK)
                .call(callScript);

        PrintWriter out = spec.commandLine().getOut();
        if (!transcript.lines().isEmpty()) {
            out.println(transcript.dialogue());
        }
        if (transcript.completedNormally()) {
            out.println(transcript.summary());
            out.flush();
            return 0;
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.println(transcript.summary());
        err.flush();
        return 1;
    }

    private NoticePlayback playback() {
        if (missingFile) {
            return NoticePlayback.fileMissing();
        }
        if (hangupAfterMs != null) {
            return NoticePlayback.callerHangsUpAfter(Duration.ofMillis(hangupAfterMs));
        }
        return NoticePlayback.toTheEnd();
    }

    /** The node to call, as serve would read it (defaults, --config, environment), where no option names it. */
    private void nodeFromConfig() {
        Config config = Config.load(configFile, System.getenv());
        if (host == null) {
            String bound = config.agiHost();
            host = bound.equals("0.0.0.0") || bound.equals("::") || bound.isEmpty() ? "127.0.0.1" : bound;
        }
        if (port == null) {
            port = config.agiPort();
        }
        if (httpPort == null) {
            httpPort = config.httpPort();
        }
    }

    private void validate() {
        if (missingFile && hangupAfterMs != null) {
            throw new ParameterException(spec.commandLine(), "--missing-file and --hangup-after-ms exclude each other");
        }
        if (hangupAfterMs != null && hangupAfterMs < 0) {
            throw new ParameterException(spec.commandLine(), "--hangup-after-ms must not be negative");
        }
        if (port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 1-65535");
        }
        if (timeoutMs < 1 || noticeMs < 0) {
            throw new ParameterException(spec.commandLine(), "--timeout-ms must be positive, --notice-ms not negative");
        }
    }
}
