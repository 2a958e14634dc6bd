package org.defaulterivr.screening;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * The caller's channel as the call flow drives it. The FastAGI session implements it; each method is one command
 * and one reply, and fails when Asterisk does not answer in time or the connection is gone.
 */
public interface CallChannel {

    /** Early media: Asterisk sends 183 Session Progress, so the caller hears us without the call being answered. */
    Future<Void> startEarlyMedia(Duration timeout);

    /** Plays a media file; {@code length} is how long it lasts, so the reply is awaited that long plus a margin. */
    Future<StreamReply> streamFile(String media, Duration length);

    /** Sets a channel variable for the dialplan. */
    Future<Void> setVariable(String name, String value);

    /** Whether Asterisk has said the caller hung up. */
    boolean hangupSeen();

    /**
     * Asterisk's reply to STREAM FILE.
     *
     * @param result        0 when played to the end, -1 on hang-up or error, else the digit pressed
     * @param endposSamples how far the file was played, in samples at 8 kHz
     */
    record StreamReply(int result, long endposSamples) {
        public long heardMillis() {
            return endposSamples / 8;
        }
    }
}
