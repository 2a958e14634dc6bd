package org.defaulterivr.evidence;

/** What the caller got of a notice, as the dialplan variable {@code DEFAULTER_NOTICE} and the evidence log name it. */
public enum NoticeOutcome {
    /** The whole notice was streamed to the caller. */
    PLAYED,
    /**
     * The notice stopped before its end: the caller hung up, or the node stopped while it played (then
     * {@code heardMs} is the time from STREAM FILE to the stop, as far as the node knows).
     */
    PARTIAL,
    /** The caller hung up before any of the notice was heard. */
    HUNG_UP,
    /** Asterisk could not play the notice (missing file, media cache failure, channel error). */
    FAILED,
    /**
     * The notice started (its record was durable before STREAM FILE went out) but the node stopped before it learnt
     * the outcome (crash, kill, power cut): the caller may have heard any part of it. Leaf version 2 and later.
     */
    UNKNOWN;

    /** The lower-case word used on the wire, in the database and in exports. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static NoticeOutcome fromWireName(String word) {
        return valueOf(word.toUpperCase(java.util.Locale.ROOT));
    }
}
