package org.defaulterivr.api.audit;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.defaulterivr.api.Problem;
import org.defaulterivr.evidence.NoticeOutcome;
import org.defaulterivr.evidence.query.EvidenceFilter;
import org.defaulterivr.evidence.query.SearchCursor;

/** Query parameters read with every error collected, then reported at once as a 400 problem. */
final class AuditParams {
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    private final RoutingContext ctx;
    private final List<Problem.FieldError> errors = new ArrayList<>();

    AuditParams(RoutingContext ctx) {
        this.ctx = ctx;
    }

    String text(String name) {
        String value = ctx.request().getParam(name);
        return value == null || value.isEmpty() ? null : value;
    }

    Long optionalSize(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errors.add(new Problem.FieldError(name, "must be a whole number, 0 or more"));
        return null;
    }

    long size(String name, long defaultValue) {
        Long n = optionalSize(name);
        return n == null ? defaultValue : n;
    }

    long requiredSize(String name) {
        if (text(name) == null) {
            errors.add(new Problem.FieldError(name, "is required"));
            return -1;
        }
        return size(name, -1);
    }

    int limit() {
        long n = size("limit", DEFAULT_PAGE);
        if (n < 1 || n > MAX_PAGE) {
            errors.add(new Problem.FieldError("limit", "must be 1 to " + MAX_PAGE));
            return DEFAULT_PAGE;
        }
        return (int) n;
    }

    String choice(String name, String defaultValue, String... allowed) {
        String value = text(name);
        if (value == null) {
            return defaultValue;
        }
        for (String a : allowed) {
            if (a.equals(value)) {
                return value;
            }
        }
        errors.add(new Problem.FieldError(name, "must be one of " + String.join(", ", allowed)));
        return defaultValue;
    }

    Instant instant(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(name, "must be an ISO-8601 UTC time like 2025-06-01T00:00:00Z"));
            return null;
        }
    }

    SearchCursor cursor() {
        String value = text("cursor");
        if (value == null) {
            return null;
        }
        try {
            return SearchCursor.decode(value);
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError("cursor", "is not a cursor this service gave out"));
            return null;
        }
    }

    EvidenceFilter filter() {
        String court = text("court");
        Long caseId = optionalSize("case");
        String called = text("calledNumber");
        if (called != null && called.matches(" [0-9]+")) {
            called = "+" + called.substring(1); // a '+' sent unencoded in a query string arrives as a space
        }
        Instant from = instant("from");
        Instant to = instant("to");
        NoticeOutcome outcome = null;
        String outcomeText = text("outcome");
        if (outcomeText != null) {
            try {
                outcome = NoticeOutcome.fromWireName(outcomeText);
                if (!outcome.wireName().equals(outcomeText.toLowerCase(Locale.ROOT))) {
                    outcome = null;
                }
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("outcome", "must be played, partial, hung_up, failed or unknown"));
            }
        }
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(new Problem.FieldError("to", "must be after from"));
            return EvidenceFilter.all();
        }
        return new EvidenceFilter(court, caseId, called, from, to, outcome);
    }

    void check() {
        if (!errors.isEmpty()) {
            throw Problem.badRequest("the query is not valid", errors);
        }
    }
}
