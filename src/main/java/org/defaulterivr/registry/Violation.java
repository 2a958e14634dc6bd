package org.defaulterivr.registry;

/** One field of a court's input that breaks a registry rule, with a message the clerk can act on. */
public record Violation(String field, String message) {
}
