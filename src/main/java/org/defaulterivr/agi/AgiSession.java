package org.defaulterivr.agi;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.time.Duration;
import org.asteriskjava.fastagi.command.AgiCommand;
import org.asteriskjava.fastagi.command.ExecCommand;
import org.asteriskjava.fastagi.command.SetVariableCommand;
import org.asteriskjava.fastagi.command.StreamFileCommand;
import org.defaulterivr.screening.CallChannel;
import org.defaulterivr.screening.CallFlow;
import org.defaulterivr.screening.CallRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FastAGI connection: reads the environment block within its deadline, hands the call to the {@link CallFlow},
 * carries its commands one at a time, and always closes the socket at the end, which is what lets the dialplan go on
 * to {@code Dial}. Anything that is not FastAGI closes this session only.
 *
 * <p>Runs on the event loop that accepted the connection; nothing here blocks.
 */
final class AgiSession implements CallChannel {
    private static final Logger log = LoggerFactory.getLogger(AgiSession.class);
    static final String SCREEN_SCRIPT = "screen";
    private static final int MAX_STRAY_LINES = 16;

    private enum State { ENVIRONMENT, RUNNING, CLOSED }

    private final Vertx vertx;
    private final NetSocket socket;
    private final AgiLimits limits;
    private final CallFlow flow;
    private final Runnable onClose;
    private final SourceLog sourceLog;
    private final String source;
    /**
     * Until the block is complete; then dropped: a call holds its session for as long as its notice plays, and the
     * block's 20-odd lines were more than a quarter of what a held call kept on the heap (10.4 KiB with them, 7.6
     * without; BENCHMARKS.md, fifth pass), and each young collection copied them again while calls were held.
     */
    private AgiEnvironment.Reader environment;
    private final AgiReply.Reader replies = new AgiReply.Reader(64);
    private State state = State.ENVIRONMENT;
    private Promise<AgiReply> pending;
    private long pendingTimer = -1;
    private long headerTimer;
    private boolean hangupSeen;
    /** Replies still owed to commands whose wait ran out: Asterisk answers in order, so the next ones are theirs. */
    private int lateReplies;
    private int strayLines;
    private boolean released;
    private String callId = "-";
    private final PostDialDelay postDial;
    private final long acceptedNanos = System.nanoTime();
    /** A command has gone out: the caller's post-dial delay, as far as we add to it, is over. */
    private boolean spoke;

    AgiSession(Vertx vertx, NetSocket socket, AgiLimits limits, CallFlow flow, SourceLog sourceLog,
            PostDialDelay postDial, Runnable onClose) {
        this.sourceLog = sourceLog;
        this.postDial = postDial;
        this.source = socket.remoteAddress() == null ? "?" : socket.remoteAddress().hostAddress();
        this.vertx = vertx;
        this.socket = socket;
        this.limits = limits;
        this.flow = flow;
        this.onClose = onClose;
        this.environment = new AgiEnvironment.Reader(limits.maxHeaders());
    }

    void start() {
        RecordParser parser = RecordParser.newDelimited("\n", socket).maxRecordSize(limits.maxLineBytes());
        parser.handler(buffer -> {
            // maxRecordSize bounds only a line still waiting for its newline; a whole line that came in one read
            // is handed over however long it is, so the limit is checked here as well
            int length = buffer.length();
            if (length > 0 && buffer.getByte(length - 1) == '\r') {
                length--;
            }
            if (length > limits.maxLineBytes()) {
                abort("line longer than " + limits.maxLineBytes() + " bytes");
                return;
            }
            onLine(buffer.getString(0, length, "UTF-8"));
        });
        parser.exceptionHandler(e -> abort("line longer than " + limits.maxLineBytes() + " bytes"));
        socket.exceptionHandler(e -> abort("socket error: " + e.getMessage()));
        socket.closeHandler(v -> closed());
        headerTimer = vertx.setTimer(limits.headerDeadline().toMillis(),
                t -> abort("no complete environment within " + limits.headerDeadline().toMillis() + " ms"));
    }

    private void onLine(String line) {
        try {
            switch (state) {
                case ENVIRONMENT -> {
                    if (environment.accept(line)) {
                        vertx.cancelTimer(headerTimer);
                        state = State.RUNNING;
                        AgiEnvironment complete = environment.environment();
                        environment = null;
                        run(complete);
                    }
                }
                case RUNNING -> onReplyLine(line);
                case CLOSED -> {
                    // Asterisk may send HANGUP after we finished; nothing to do
                }
            }
        } catch (AgiProtocolException e) {
            abort(e.getMessage());
        }
    }

    private void onReplyLine(String line) {
        AgiReply.Event event = replies.accept(line);
        if (!answersPendingCommand(event)) {
            // Asterisk writes again before we answer (HANGUP after a -1 reply, a reply after HANGUP, a reply of
            // several lines): with Nagle on, that write waits until this line is acknowledged, which our next command
            // would do only after a delayed ACK's 40 ms
            ListeningSocket.acknowledgeAtOnce(socket);
        }
        if (event instanceof AgiReply.Hangup) {
            hangupSeen = true;
        } else if (event instanceof AgiReply.Complete complete) {
            if (lateReplies > 0) {
                lateReplies--;
                return;
            }
            if (pending == null) {
                if (++strayLines > MAX_STRAY_LINES) {
                    throw new AgiProtocolException("replies without commands");
                }
                return;
            }
            Promise<AgiReply> promise = pending;
            pending = null;
            vertx.cancelTimer(pendingTimer);
            promise.complete(complete.reply());
        }
    }

    /** A successful reply to the command in flight, which our next command or our close acknowledges at once. */
    private boolean answersPendingCommand(AgiReply.Event event) {
        return event instanceof AgiReply.Complete complete && pending != null && lateReplies == 0
                && complete.reply().success() && complete.reply().result() >= 0;
    }

    private void run(AgiEnvironment env) {
        callId = sanitise(env.uniqueId());
        if (!SCREEN_SCRIPT.equals(env.script())) {
            sourceLog.warn(source, "unknown FastAGI script '" + sanitise(env.script()) + "'", callId);
            setVariable(CallFlow.REASON_VARIABLE, "unknown-script").onComplete(ar -> close());
            return;
        }
        var peer = socket.remoteAddress();
        CallRequest request = new CallRequest(env.uniqueId(), env.calledNumber(), env.callerNumber(),
                peer == null ? "" : peer.hostAddress(), env.channel(), env.probe());
        Future<CallFlow.Result> result;
        try {
            result = flow.run(request, this);
        } catch (RuntimeException e) {
            log.error("call {}: call flow failed: {}", callId, e.toString());
            result = Future.failedFuture(e);
        }
        result.onComplete(ar -> {
            if (ar.succeeded()) {
                CallFlow.Result r = ar.result();
                log.debug("call {}: {} {}", callId, r.decision().label(), r.outcome() == null ? "" : r.outcome());
            } else {
                log.error("call {}: call flow failed: {}", callId, ar.cause().toString());
            }
            close();
        });
    }

    // CallChannel: one command at a time, each with its own timeout

    @Override
    public Future<Void> startEarlyMedia(Duration timeout) {
        return send(new ExecCommand("Progress"), timeout).compose(reply -> reply.success() && reply.result() >= 0
                ? Future.succeededFuture()
                : Future.failedFuture("Progress refused: " + reply.status()));
    }

    @Override
    public Future<StreamReply> streamFile(String media, Duration length) {
        // Asterisk answers when the file has played, after its media cache has fetched it (notice.source=http)
        return send(new StreamFileCommand(media, ""), length.plus(limits.streamFileGrace()))
                .compose(reply -> reply.success()
                        ? Future.succeededFuture(new StreamReply(reply.result(), reply.longAttribute("endpos", 0)))
                        : Future.failedFuture("STREAM FILE refused: " + reply.status()));
    }

    @Override
    public Future<Void> setVariable(String name, String value) {
        if (lateReplies > 0 && state == State.RUNNING) {
            // Asterisk is still in an earlier command (a STREAM FILE whose fetch hangs): it reads this line when that
            // command returns, so the dialplan still gets the variable; its reply, if it comes, is dropped
            write(new SetVariableCommand(name, value));
            lateReplies++;
            return Future.succeededFuture();
        }
        return send(new SetVariableCommand(name, value), limits.commandTimeout()).mapEmpty();
    }

    @Override
    public boolean hangupSeen() {
        return hangupSeen;
    }

    private Future<AgiReply> send(AgiCommand command, Duration timeout) {
        if (state != State.RUNNING) {
            return Future.failedFuture("session is closed");
        }
        if (lateReplies > 0) {
            return Future.failedFuture("an earlier command's reply is late");
        }
        if (pending != null) {
            return Future.failedFuture(new IllegalStateException("a command is already in flight"));
        }
        Promise<AgiReply> promise = Promise.promise();
        pending = promise;
        pendingTimer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
            if (pending == promise) {
                pending = null;
                // its reply may still come: it must not be taken for the next command's
                lateReplies++;
                promise.fail("no reply within " + timeout.toMillis() + " ms");
            }
        });
        if (!spoke) {
            spoke = true;
            postDial.firstCommand(acceptedNanos);
        }
        write(command).onFailure(e -> {
            if (pending == promise) {
                pending = null;
                vertx.cancelTimer(pendingTimer);
                promise.fail(e);
            }
        });
        return promise.future();
    }

    /** Every command goes out here, as one line, sent at once ({@link ListeningSocket#sendNow}). */
    private Future<Void> write(AgiCommand command) {
        Future<Void> written = socket.write(command.buildCommand() + "\n");
        ListeningSocket.sendNow(socket);
        return written;
    }

    private void abort(String why) {
        if (state != State.CLOSED) {
            sourceLog.info(source, why, callId);
        }
        close();
    }

    private void close() {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.RUNNING && !spoke) {
            postDial.closedWithoutCommand(acceptedNanos);
        }
        state = State.CLOSED;
        socket.close();
        closed();
    }

    private void closed() {
        state = State.CLOSED;
        vertx.cancelTimer(headerTimer);
        if (pending != null) {
            Promise<AgiReply> promise = pending;
            pending = null;
            vertx.cancelTimer(pendingTimer);
            promise.fail("connection closed");
        }
        if (!released) {
            released = true;
            onClose.run();
        }
    }

    /** Unique ids are digits and dots; anything else is not echoed into our logs. */
    private static String sanitise(String text) {
        if (text == null) {
            return "-";
        }
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                chars[i] = '?';
            }
        }
        return new String(chars);
    }
}
