package org.defaulterivr.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A submitted form turned into the API's JSON, without judging it: empty fields are left out (the API says what is
 * required), lists are one item a line, and a {@code datetime-local} value is read in the console's time zone. What
 * cannot be read is passed on as typed, so the API's own message names it.
 */
final class Forms {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final ZoneId zone;

    Forms(RoutingContext ctx, ZoneId zone, String... fields) {
        this.zone = zone;
        for (String field : fields) {
            String value = ctx.request().getFormAttribute(field);
            if (value != null) {
                values.put(field, value);
            }
        }
    }

    /** The values as sent, to show a refused form again. */
    Map<String, String> values() {
        return values;
    }

    String text(String field) {
        String value = values.get(field);
        return value == null || value.isBlank() ? null : value.strip();
    }

    Forms text(JsonObject body, String field) {
        String value = text(field);
        if (value != null) {
            body.put(field, value);
        }
        return this;
    }

    Forms lines(JsonObject body, String field) {
        String value = values.get(field);
        if (value != null) {
            body.put(field, new JsonArray(Arrays.stream(value.split("[\\r\\n,;]+")).map(String::strip)
                    .filter(s -> !s.isEmpty()).map(s -> (Object) s).toList()));
        }
        return this;
    }

    Forms instant(JsonObject body, String field) {
        String value = text(field);
        if (value != null) {
            try {
                body.put(field, LocalDateTime.parse(value).atZone(zone).toInstant().toString());
            } catch (DateTimeParseException e) {
                body.put(field, value);
            }
        }
        return this;
    }

    Forms checkbox(JsonObject body, String field) {
        body.put(field, values.containsKey(field));
        return this;
    }

    Long number(String field) {
        String value = text(field);
        try {
            return value == null ? null : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
