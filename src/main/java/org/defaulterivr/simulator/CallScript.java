package org.defaulterivr.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

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

    private static final AtomicInteger CHANNEL_COUNTER = new AtomicInteger();

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
        return at(new DialplanPosition(AsteriskSimulator.SCREENING_SUBROUTINE, "s",
                AsteriskSimulator.SCREENING_SUBROUTINE_AGI_PRIORITY));
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
