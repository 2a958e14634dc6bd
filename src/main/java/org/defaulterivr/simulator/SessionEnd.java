package org.defaulterivr.simulator;

/** How a session ended. */
public enum SessionEnd {
    /** The server closed the connection (or reset it): the end Asterisk expects from every script. */
    SERVER_CLOSED,
    /** The server sent nothing for the whole timeout. Asterisk has no such timeout: the caller would wait. */
    TIMEOUT,
    /** No TCP connection: Asterisk would log "FastAGI failed", set AGISTATUS=FAILURE and go on. */
    CONNECT_FAILED,
    /** The server sent something the simulator cannot read (a line over 64 KiB). */
    BROKEN
}
