package org.defaulterivr.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The dialogue as it happens, in the fixtures' format, timed from the moment Asterisk connected. */
final class DialogueRecorder {
    final List<DialogueLine> lines = new ArrayList<>();
    private long startNanos = System.nanoTime();

    /** Asterisk connected: the clock starts again. */
    void connected() {
        startNanos = System.nanoTime();
    }

    void record(Speaker speaker, String text) {
        lines.add(new DialogueLine(elapsed().toMillis(), speaker, text));
    }

    void note(String text) {
        record(Speaker.NOTE, text);
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
