package org.defaulterivr.simulator;

import java.util.Objects;

/**
 * Where the {@code AGI()} application runs, as Asterisk reports it in {@code agi_context}, {@code agi_extension}
 * and {@code agi_priority}.
 */
public record DialplanPosition(String context, String extension, int priority) {
    public DialplanPosition {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(extension, "extension");
    }
}
