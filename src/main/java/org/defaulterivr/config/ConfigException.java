package org.defaulterivr.config;

/** A configuration value that cannot be used; the message names the key and what is wrong. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
