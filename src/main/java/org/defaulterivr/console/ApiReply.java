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
     * The problem's detail in the page's language: on a Chinese page the translation of its type
     * ({@code problem.invalid-case}) where the bundle has one, else (and on English pages) the API's English detail.
     */
    String detail(Messages t) {
        if (ok()) {
            return null;
        }
        String type = json().getString("type", "");
        String key = "problem." + type.substring(type.lastIndexOf('/') + 1);
        boolean english = Messages.ENGLISH.equals(t.locale());
        return !english && !type.isEmpty() && t.has(key) ? t.get(key) : detail();
    }

    /**
     * One error's message in the page's language: on a Chinese page the translation of its code, else (unknown code,
     * or an English page, where the API's own words name the value typed) the API's English message.
     */
    static String message(JsonObject error, Messages t) {
        String code = error.getString("code");
        String key = "violation." + code;
        boolean english = Messages.ENGLISH.equals(t.locale());
        return !english && code != null && t.has(key) ? t.get(key) : error.getString("message");
    }

    /**
     * The problem's errors by form field: {@code numbers[2]} and {@code notice.template} count for the {@code numbers}
     * and {@code notice} inputs, with the element named in the message.
     */
    Map<String, List<String>> fieldErrors(Messages t) {
        Map<String, List<String>> byField = new LinkedHashMap<>();
        JsonArray errors = ok() ? null : json().getJsonArray("errors");
        if (errors == null) {
            return byField;
        }
        for (int i = 0; i < errors.size(); i++) {
            JsonObject error = errors.getJsonObject(i);
            String field = error.getString("field", "");
            String input = field.split("[\\[.]", 2)[0];
            String text = message(error, t);
            String message = field.equals(input) ? text : field.substring(input.length()) + ": " + text;
            byField.computeIfAbsent(input, k -> new java.util.ArrayList<>()).add(message);
        }
        return byField;
    }
}
