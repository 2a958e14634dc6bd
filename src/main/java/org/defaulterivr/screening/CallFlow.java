package org.defaulterivr.screening;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.defaulterivr.evidence.EvidenceLog;
import org.defaulterivr.evidence.EvidenceRecord;
import org.defaulterivr.evidence.NoticeOutcome;
import org.defaulterivr.evidence.NoticeRecording;
import org.defaulterivr.evidence.Provenance;
import org.defaulterivr.evidence.Pseudonymiser;
import org.defaulterivr.index.Listing;
import org.defaulterivr.logging.RepeatedLines;
import org.defaulterivr.notice.NoticeMedia;
import org.defaulterivr.numbers.PhoneNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * What happens on one call: decide from memory; for a listed number start early media, play the case's notice, tell
 * the dialplan what happened and keep the evidence; for anything else, send nothing and let the call connect.
 *
 * <p>Every failure ends in the same place: the returned future completes (never fails) and the session closes, so the
 * dialplan goes on to {@code Dial}. Faults are logged without personal data and counted.
 */
public final class CallFlow {
    private static final Logger log = LoggerFactory.getLogger(CallFlow.class);
    public static final String NOTICE_VARIABLE = "DEFAULTER_NOTICE";
    public static final String CASE_VARIABLE = "DEFAULTER_CASE";
    public static final String REASON_VARIABLE = "DEFAULTER_REASON";

    private final Screener screener;
    private final NoticeMedia media;
    private final EvidenceLog evidence;
    private final Pseudonymiser pseudonymiser;
    private final PhoneNumbers numbers;
    private final String nodeId;
    private final Duration decisionBudget;
    private final Clock clock;
    private final CallMetrics metrics;
    /**
     * A fault repeats once per call while it lasts (a notice Asterisk cannot open, a spool that takes no writes): the
     * first line of each kind a minute names its call, the rest are counted. No line names a phone number.
     */
    private final RepeatedLines faults;

    public CallFlow(Screener screener, NoticeMedia media, EvidenceLog evidence, Pseudonymiser pseudonymiser,
            PhoneNumbers numbers, String nodeId, Duration decisionBudget, Clock clock, CallMetrics metrics) {
        this.screener = screener;
        this.media = media;
        this.evidence = evidence;
        this.pseudonymiser = pseudonymiser;
        this.numbers = numbers;
        this.nodeId = nodeId;
        this.decisionBudget = decisionBudget;
        this.clock = clock;
        this.metrics = metrics;
        this.faults = new RepeatedLines(log, clock, Duration.ofMinutes(1),
                n -> n + " more call faults of other kinds in the last minute");
    }

    /** Writes the counts of the faults of the minute that ended; the node calls it every few seconds. */
    public void flushFaultLog() {
        faults.flushIfDue();
    }

    private void fault(Level level, String kind, String callId, String line) {
        faults.note(level, kind, "call " + callId + ": " + line + "; more like it are counted for a minute",
                n -> n + " more calls in the last minute: " + kind);
    }

    /** How a call ended, for the session's log line and for tests. */
    public record Result(Decision decision, NoticeOutcome outcome, long heardMs, boolean evidenceKept) {
    }

    public Future<Result> run(CallRequest call, CallChannel channel) {
        long started = System.nanoTime();
        Decision decision;
        try {
            decision = screener.decide(call);
            if (decision instanceof Decision.Listed && !evidence.accepting()) {
                decision = new Decision.Unavailable(evidence.refusalLabel());
            }
        } catch (RuntimeException e) {
            fault(Level.ERROR, "screening failed (" + e.getClass().getSimpleName() + ")", call.callId(),
                    "screening failed: " + e);
            decision = new Decision.Unavailable("screening-error");
        }
        metrics.decided(decision, System.nanoTime() - started);
        if (decision instanceof Decision.Listed listed) {
            return playNotice(call, listed.listing(), channel);
        }
        if (decision instanceof Decision.Exempt exempt) {
            // listed, but not for this caller (allowlisted, the case's own exempt caller, or heard it lately): the
            // dialplan hears "none" and no case, which would tell the carrier whom the court exempted
            Decision spared = exempt;
            return channel.setVariable(NOTICE_VARIABLE, NOT_PLAYED)
                    .transform(ar -> Future.succeededFuture(new Result(spared, null, 0, false)));
        }
        if (decision instanceof Decision.Unavailable unavailable) {
            return unannounced(unavailable, channel);
        }
        // not listed: no command at all, the cheapest pass Asterisk knows (AGISTATUS=SUCCESS)
        return Future.succeededFuture(new Result(decision, null, 0, false));
    }

    private Future<Result> unannounced(Decision.Unavailable unavailable, CallChannel channel) {
        metrics.fault(unavailable.reason());
        // one round trip so the dialplan can log why; the call connects whatever the reply
        return channel.setVariable(REASON_VARIABLE, unavailable.reason())
                .transform(ar -> Future.succeededFuture(new Result(unavailable, null, 0, false)));
    }

    /**
     * The notice's start is made durable (in parallel with early media) before STREAM FILE goes out, so from then on
     * a crash leaves "started, outcome unknown"; no start, no notice. The outcome is made durable before the
     * dialplan is told it (a silent failure, which may yet turn out to be a hang-up, is told first and recorded
     * once settled), and always before the session ends.
     */
    private Future<Result> playNotice(CallRequest call, Listing listing, CallChannel channel) {
        Instant startedAt = clock.instant();
        Duration length = Duration.ofMillis(listing.notice().durationMs());
        Decision decision = new Decision.Listed(listing);
        // Progress goes out first: the record's pseudonym and the spool's fsync happen while Asterisk answers it
        Future<Void> progress = channel.startEarlyMedia(decisionBudget);
        Future<NoticeRecording> recorded = evidence.begin(startRecord(call, listing, startedAt));
        return Future.join(recorded, progress).transform(both -> {
            if (recorded.failed()) {
                fault(Level.ERROR, "notice not played: its start could not be recorded", call.callId(),
                        "the notice's start could not be recorded, so it is not played: "
                                + recorded.cause().getMessage());
                return unannounced(new Decision.Unavailable("evidence-not-kept"), channel);
            }
            NoticeRecording recording = recorded.result();
            Future<Outcome> played;
            if (progress.failed()) {
                played = Future.failedFuture(progress.cause());
            } else {
                recording.streaming();
                played = channel.streamFile(media.mediaName(listing.notice().sha256()), length)
                        .map(reply -> {
                            Outcome outcome = outcomeOf(reply, listing);
                            if (outcome.outcome() == NoticeOutcome.FAILED) {
                                fault(Level.WARN, "Asterisk could not play notice " + listing.notice().sha256(),
                                        call.callId(), "Asterisk could not play notice " + listing.notice().sha256()
                                                + " of case " + listing.caseId() + " (STREAM FILE result "
                                                + reply.result() + ")");
                            }
                            return outcome;
                        });
            }
            return played
                    .recover(e -> {
                        // no reply to Progress or STREAM FILE in time, or the connection is gone: we cannot tell how
                        // much was heard, so record what we know
                        metrics.fault("playback-no-reply");
                        fault(Level.WARN, "notice not confirmed by Asterisk: " + e.getMessage(), call.callId(),
                                "notice of case " + listing.caseId() + " not confirmed by Asterisk: "
                                        + e.getMessage());
                        return Future.succeededFuture(new Outcome(channel.hangupSeen()
                                ? NoticeOutcome.HUNG_UP : NoticeOutcome.FAILED, 0));
                    })
                    .compose(outcome -> {
                        if (unsettled(outcome)) {
                            // a silent failure may be a hang-up whose line comes after the next reply: tell, settle,
                            // then record
                            return tell(channel, listing, outcome)
                                    .map(v -> settle(outcome, channel))
                                    .compose(settled -> keepEvidence(call, listing, recording, settled)
                                            .map(kept -> new Result(decision, settled.outcome(), settled.heardMs(),
                                                    kept)));
                        }
                        // the dialplan hears "played" (or "partial") only once that outcome is durable
                        return keepEvidence(call, listing, recording, outcome)
                                .compose(kept -> tell(channel, listing, outcome)
                                        .map(v -> new Result(decision, outcome.outcome(), outcome.heardMs(), kept)));
                    });
        });
    }

    /** DEFAULTER_NOTICE and DEFAULTER_CASE; completes whatever Asterisk answers (the call connects either way). */
    private static Future<Void> tell(CallChannel channel, Listing listing, Outcome outcome) {
        return channel.setVariable(NOTICE_VARIABLE, variableValue(outcome.outcome()))
                .compose(v -> channel.setVariable(CASE_VARIABLE, Long.toString(listing.caseId())))
                .transform(ar -> Future.succeededFuture());
    }

    private static boolean unsettled(Outcome outcome) {
        return outcome.outcome() == NoticeOutcome.FAILED && outcome.heardMs() == 0;
    }

    private record Outcome(NoticeOutcome outcome, long heardMs) {
    }

    private static Outcome outcomeOf(CallChannel.StreamReply reply, Listing listing) {
        long heard = Math.min(reply.heardMillis(), listing.notice().durationMs());
        if (reply.result() >= 0) {
            return new Outcome(NoticeOutcome.PLAYED, heard);
        }
        // -1 with some of the file heard: the caller left mid-notice. -1 at position 0 is a missing file, unless
        // Asterisk goes on to report a hang-up (settled once the next reply has come).
        return new Outcome(heard > 0 ? NoticeOutcome.PARTIAL : NoticeOutcome.FAILED, heard);
    }

    /** A hang-up line arrives after the STREAM FILE reply: once the next reply is in, a silent "failure" may be one. */
    private static Outcome settle(Outcome outcome, CallChannel channel) {
        if (outcome.outcome() == NoticeOutcome.FAILED && outcome.heardMs() == 0 && channel.hangupSeen()) {
            return new Outcome(NoticeOutcome.HUNG_UP, 0);
        }
        return outcome;
    }

    /** {@link #NOTICE_VARIABLE}'s value when no notice was played to this caller. */
    public static final String NOT_PLAYED = "none";

    private static String variableValue(NoticeOutcome outcome) {
        return switch (outcome) {
            case PLAYED -> "played";
            case PARTIAL -> "partial";
            case HUNG_UP -> NOT_PLAYED;
            case FAILED -> "failed";
            // never told: a notice's outcome is known by the time the dialplan is
            case UNKNOWN -> "failed";
        };
    }

    private EvidenceRecord startRecord(CallRequest call, Listing listing, Instant startedAt) {
        String caller = numbers.toE164(call.callerRaw()).orElse(call.callerRaw());
        return new EvidenceRecord(nodeId, call.callId(), startedAt, listing.e164(),
                pseudonymiser.pseudonym(caller), listing.courtCode(), listing.caseId(), listing.caseNumber(),
                listing.notice().id(), listing.notice().sha256(), NoticeOutcome.UNKNOWN, 0,
                listing.notice().durationMs(),
                new Provenance(call.asteriskHost(), call.channel(), listing.version(), call.probe()));
    }

    private Future<Boolean> keepEvidence(CallRequest call, Listing listing, NoticeRecording recording,
            Outcome outcome) {
        metrics.notice(outcome.outcome().wireName());
        if (outcome.heardMs() == 0) {
            screener.notHeard(listing.caseId(), call);
        }
        return recording.complete(outcome.outcome(), outcome.heardMs())
                .map(true)
                .recover(e -> {
                    // the start is durable: the record exists; the outcome is written once the spool allows
                    metrics.fault("evidence-outcome-delayed");
                    fault(Level.ERROR, "notice outcome not yet kept", call.callId(),
                            "outcome not yet kept: " + e.getMessage());
                    return Future.succeededFuture(false);
                });
    }
}
