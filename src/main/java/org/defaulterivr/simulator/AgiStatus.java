package org.defaulterivr.simulator;

/** What Asterisk would set {@code AGISTATUS} to, by run_agi()'s rules. */
public enum AgiStatus {
    SUCCESS, FAILURE, HANGUP,
    /** The simulator gave up waiting; a real Asterisk would still be waiting for the server. */
    STILL_WAITING
}
