package org.defaulterivr.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reading requests: JSON bodies (decimals kept exact, never through a double), typed fields with a field-by-field
 * list of what is wrong, path ids, paging parameters and the version a writer read ({@code If-Match}).
 */
public final class Requests {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Requests() {
    }

    /** The body as a JSON object. @throws Problem 415 if it is not sent as JSON, 400 if it is not a JSON object */
    static JsonNode object(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !(type.toLowerCase().startsWith("application/json") || type.toLowerCase().contains("+json"))) {
            throw unsupported("send the body as application/json");
        }
        return parse(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
    }

    /** The body as a JSON object, or null when the request has none (curl -X POST without -d sends no type). */
    static JsonNode optionalObject(RoutingContext ctx) {
        boolean empty = ctx.body() == null || ctx.body().buffer() == null || ctx.body().buffer().length() == 0;
        return empty ? null : object(ctx);
    }

    static JsonNode parse(byte[] body) {
        JsonNode node;
        try {
            node = body.length == 0 ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw Problem.badRequest("the body is not valid JSON (" + e.getOriginalMessage() + ")", List.of());
        } catch (java.io.IOException e) {
            throw Problem.badRequest("the body could not be read", List.of());
        } catch (NumberFormatException e) {
            // a number whose exponent no decimal can hold (1e6264297815): found by RequestBodyFuzzTest, was a 500
            throw Problem.badRequest("the body holds a number out of any range", List.of());
        }
        if (node == null || !node.isObject()) {
            throw Problem.badRequest("the body must be a JSON object", List.of());
        }
        return node;
    }

    static Problem unsupported(String detail) {
        return new Problem(415, "unsupported-media-type", "Unsupported media type", detail, List.of());
    }

    /** Collects type errors field by field; {@link #check()} throws them as one 400 problem. */
    static final class Fields {
        private final JsonNode body;
        private final List<Problem.FieldError> errors = new ArrayList<>();

        Fields(JsonNode body, Set<String> allowed) {
            this.body = body;
            for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    errors.add(new Problem.FieldError(name, "is not a field of this request (allowed: "
                            + String.join(", ", new java.util.TreeSet<>(allowed)) + ")"));
                }
            }
        }

        /** For query parameters: no body, only errors. */
        static Fields query() {
            return new Fields(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), Set.of());
        }

        boolean has(String field) {
            return body.has(field) && !body.get(field).isNull();
        }

        JsonNode node(String field) {
            return has(field) ? body.get(field) : null;
        }

        String text(String field) {
            JsonNode value = node(field);
            if (value == null) {
                return null;
            }
            if (!value.isTextual()) {
                errors.add(new Problem.FieldError(field, "must be a string"));
                return null;
            }
            return printable(field, value.textValue());
        }

        /**
         * Control characters have no place in a case's fields (PostgreSQL refuses NUL outright, and a newline in a
         * case number would forge lines in exports): refused here, by name.
         */
        private String printable(String field, String text) {
            for (int i = 0; i < text.length(); i++) {
                if (Character.isISOControl(text.charAt(i))) {
                    errors.add(new Problem.FieldError(field, "must not contain control characters"));
                    return null;
                }
            }
            if (!org.defaulterivr.registry.CaseRules.wellFormed(text)) {
                errors.add(new Problem.FieldError(field, "is not valid Unicode (a lone surrogate); nothing was changed"));
                return null;
            }
            return text;
        }

        Boolean bool(String field) {
            JsonNode value = node(field);
            if (value == null) {
                return null;
            }
            if (!value.isBoolean()) {
                errors.add(new Problem.FieldError(field, "must be true or false"));
                return null;
            }
            return value.booleanValue();
        }

        Long integer(String field) {
            JsonNode value = node(field);
            if (value == null) {
                return null;
            }
            if (!value.canConvertToExactIntegral() || !value.isNumber()) {
                errors.add(new Problem.FieldError(field, "must be a whole number"));
                return null;
            }
            return value.longValue();
        }

        /** A decimal given as a JSON number or a string, as exact text. */
        String decimal(String field) {
            JsonNode value = node(field);
            if (value == null) {
                return null;
            }
            if (value.isNumber()) {
                // scientific form: 1e999999 stays nine characters instead of a million digits to parse
                return value.decimalValue().toString();
            }
            if (value.isTextual()) {
                return value.textValue();
            }
            errors.add(new Problem.FieldError(field, "must be a decimal number or a string such as \"12345.67\""));
            return null;
        }

        List<String> strings(String field) {
            JsonNode value = node(field);
            if (value == null) {
                return null;
            }
            if (!value.isArray()) {
                errors.add(new Problem.FieldError(field, "must be an array of strings"));
                return null;
            }
            List<String> list = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                if (!value.get(i).isTextual()) {
                    errors.add(new Problem.FieldError(field + "[" + i + "]", "must be a string"));
                } else {
                    String text = printable(field + "[" + i + "]", value.get(i).textValue());
                    if (text != null) {
                        list.add(text);
                    }
                }
            }
            return list;
        }

        void error(String field, String message) {
            errors.add(new Problem.FieldError(field, message));
        }

        /** @throws Problem 400 naming every field at fault, if any is */
        void check() {
            if (!errors.isEmpty()) {
                throw Problem.badRequest("the request has fields of the wrong type or unknown fields", errors);
            }
        }
    }

    /** A numeric id from the path; 404 if it is not one. */
    static long id(RoutingContext ctx, String param) {
        try {
            return Long.parseLong(ctx.pathParam(param));
        } catch (NumberFormatException e) {
            throw Problem.notFound("no such " + param.replace("Id", ""));
        }
    }

    /** A whole-number query parameter within bounds, or its default. */
    public static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParams().get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw Problem.badRequest("query parameter " + name + " must be a whole number from " + min + " to " + max,
                List.of(new Problem.FieldError(name, "must be a whole number from " + min + " to " + max)));
    }

    /** A cursor ({@code after}) query parameter: a record id, 0 when absent. */
    public static long cursor(RoutingContext ctx) {
        String raw = ctx.queryParams().get("after");
        if (raw == null) {
            return 0;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw Problem.badRequest("the after cursor is not one this API gave out",
                    List.of(new Problem.FieldError("after", "is not a cursor from a previous page")));
        }
    }

    /**
     * The version of the record the writer read: from {@code If-Match} (the ETag of a read) or a {@code version}
     * field of the body. Writes without one are refused (428), so no clerk overwrites another's change unseen.
     */
    static int expectedVersion(RoutingContext ctx, Long bodyVersion) {
        String ifMatch = ctx.request().getHeader("If-Match");
        Integer fromHeader = null;
        if (ifMatch != null) {
            String tag = ifMatch.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            tag = tag.replace("\"", "");
            try {
                fromHeader = Integer.parseInt(tag);
            } catch (NumberFormatException e) {
                throw new Problem(412, "precondition-failed", "Precondition failed",
                        "If-Match must be the ETag of the case as read (e.g. \"3\")", List.of());
            }
        }
        if (fromHeader != null && bodyVersion != null && fromHeader.longValue() != bodyVersion) {
            throw Problem.badRequest("If-Match and the version field disagree",
                    List.of(new Problem.FieldError("version", "differs from If-Match")));
        }
        if (fromHeader != null) {
            return fromHeader;
        }
        if (bodyVersion != null) {
            return bodyVersion.intValue();
        }
        throw new Problem(428, "precondition-required", "Precondition required",
                "say which version of the case you read: send If-Match with its ETag (or a version field)", List.of());
    }

    static String etag(int version) {
        return "\"" + version + "\"";
    }
}
