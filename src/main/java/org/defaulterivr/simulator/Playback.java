package org.defaulterivr.simulator;

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
