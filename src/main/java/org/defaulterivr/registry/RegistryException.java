package org.defaulterivr.registry;

/**
 * A registry operation that cannot be done as asked; nothing was changed. The API maps each kind to a status.
 */
public class RegistryException extends RuntimeException {

    /** What went wrong, for the API's status code and problem type. */
    public enum Kind {
        /** No such record, or not one the actor may see (the two are not told apart). */
        NOT_FOUND,
        /** The record is not in a state that allows the change, or a unique value is taken. */
        CONFLICT,
        /** The writer read an older version than the one stored. */
        STALE_VERSION
    }

    private final Kind kind;
    private final Integer currentVersion;

    public RegistryException(Kind kind, String message) {
        this(kind, message, null);
    }

    private RegistryException(Kind kind, String message, Integer currentVersion) {
        super(message, null, false, false);
        this.kind = kind;
        this.currentVersion = currentVersion;
    }

    public static RegistryException notFound(String message) {
        return new RegistryException(Kind.NOT_FOUND, message);
    }

    public static RegistryException conflict(String message) {
        return new RegistryException(Kind.CONFLICT, message);
    }

    public static RegistryException stale(int currentVersion) {
        return new RegistryException(Kind.STALE_VERSION, "the case was changed by someone else since you read it (it "
                + "is now at version " + currentVersion + "); read it again and re-apply your change", currentVersion);
    }

    public Kind kind() {
        return kind;
    }

    /** For {@link Kind#STALE_VERSION}: the version stored now. */
    public Integer currentVersion() {
        return currentVersion;
    }
}
