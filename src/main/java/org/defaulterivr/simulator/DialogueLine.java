package org.defaulterivr.simulator;

import java.util.Objects;

/** One line of the dialogue, milliseconds after Asterisk connected; prints like the fixture files. */
public record DialogueLine(long atMs, Speaker speaker, String text) {
    public DialogueLine {
        Objects.requireNonNull(speaker, "speaker");
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
        return "[" + atMs + "] " + speaker.tag + (text.isEmpty() ? "" : " " + text);
    }
}
