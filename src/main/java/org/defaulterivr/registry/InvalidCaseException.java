package org.defaulterivr.registry;

import java.util.List;

/** A case as given breaks one or more registry rules; nothing was changed. The API maps it to 422. */
public final class InvalidCaseException extends RuntimeException {
    private final transient List<Violation> violations;

    public InvalidCaseException(List<Violation> violations) {
        super(violations.size() == 1 ? violations.get(0).message()
                : violations.size() + " fields are not valid", null, false, false);
        this.violations = List.copyOf(violations);
    }

    public InvalidCaseException(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
