package org.defaulterivr.console;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's answer to a console request: the status, and the JSON body (a resource or an RFC 9457 problem). */
record ApiReply(int status, MultiMap headers, Buffer body) {

    boolean ok() {
        return status >= 200 && status < 300;
    }

    JsonObject json() {
        return body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject();
    }

    /** The problem's detail, for the top of a refused form. */
    String detail() {
        return ok() ? null : json().getString("detail", "HTTP " + status);
    }

    /**
     * The problem's errors by form field: {@code numbers[2]} and {@code notice.template} count for the {@code numbers}
     * and {@code notice} inputs, with the element named in the message.
     */
    Map<String, List<String>> fieldErrors() {
        Map<String, List<String>> byField = new LinkedHashMap<>();
        JsonArray errors = ok() ? null : json().getJsonArray("errors");
        if (errors == null) {
            return byField;
        }
        for (int i = 0; i < errors.size(); i++) {
            JsonObject error = errors.getJsonObject(i);
            String field = error.getString("field", "");
            String input = field.split("[\\[.]", 2)[0];
            String message = field.equals(input) ? error.getString("message")
                    : field.substring(input.length()) + ": " + error.getString("message");
            byField.computeIfAbsent(input, k -> new java.util.ArrayList<>()).add(message);
        }
        return byField;
    }
}
