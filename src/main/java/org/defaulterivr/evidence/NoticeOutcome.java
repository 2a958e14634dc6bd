package org.defaulterivr.evidence;

/** What the caller got of a notice, as the dialplan variable {@code DEFAULTER_NOTICE} and the evidence log name it. */
public enum NoticeOutcome {
    /** The whole notice was streamed to the caller. */
    PLAYED,
    /** The caller hung up while the notice was playing; {@code heardMs} says how much of it was heard. */
    PARTIAL,
    /** The caller hung up before any of the notice was heard. */
    HUNG_UP,
    /** Asterisk could not play the notice (missing file, media cache failure, channel error). */
    FAILED;

    /** The lower-case word used on the wire, in the database and in exports. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static NoticeOutcome fromWireName(String word) {
        return valueOf(word.toUpperCase(java.util.Locale.ROOT));
    }
}
