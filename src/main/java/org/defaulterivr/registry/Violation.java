package org.defaulterivr.registry;

/**
 * One field of a court's input that breaks a registry rule, with a message the clerk can act on (English) and a
 * stable code naming the rule (e.g. {@code phone.invalid}), for programs and for the console's translations; null
 * when the rule has none.
 */
public record Violation(String field, String code, String message) {
    public Violation(String field, String message) {
        this(field, null, message);
    }
}
