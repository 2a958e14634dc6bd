package org.defaulterivr.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An RFC 9457 problem: what went wrong, for a person and for a program, with a field-by-field list where the input
 * was at fault. Never carries stack traces, SQL or personal data.
 */
public final class Problem extends RuntimeException {
    public static final String CONTENT_TYPE = "application/problem+json";

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;

    /** One field the request got wrong; {@code code} names the rule (stable, for programs and translations), or null. */
    public record FieldError(String field, String code, String message) {
        public FieldError(String field, String message) {
            this(field, null, message);
        }
    }

    public Problem(int status, String type, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "not-found", "Not found", detail, List.of());
    }

    public static Problem badRequest(String detail, List<FieldError> errors) {
        return new Problem(400, "invalid-request", "The request is not valid", detail, errors);
    }

    public int status() {
        return status;
    }

    public JsonObject toJson(String instance) {
        JsonObject json = new JsonObject()
                .put("type", "https://defaulter-ivr.org/problems/" + type)
                .put("title", title)
                .put("status", status)
                .put("detail", getMessage());
        if (instance != null) {
            json.put("instance", instance);
        }
        if (!errors.isEmpty()) {
            JsonArray list = new JsonArray();
            errors.forEach(e -> {
                JsonObject error = new JsonObject().put("field", e.field());
                if (e.code() != null) {
                    error.put("code", e.code());
                }
                list.add(error.put("message", e.message()));
            });
            json.put("errors", list);
        }
        return json;
    }
}
