package org.defaulterivr.simulator;

/** Who speaks a transcript line. */
public enum Speaker {
    ASTERISK("A:"), SERVER("S:"), NOTE("#");

    final String tag;

    Speaker(String tag) {
        this.tag = tag;
    }
}
