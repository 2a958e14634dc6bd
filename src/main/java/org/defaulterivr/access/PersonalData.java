package org.defaulterivr.access;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Which fields of a case record are personal data (the debtor's name and ID, the amount owed, phone numbers), and
 * how they are hidden from readers who may not see them: history for anyone but an auditor.
 */
public final class PersonalData {
    public static final String REDACTED = "[redacted]";
    static final Set<String> FIELDS = Set.of("debtorName", "debtorIdMasked", "amount", "numbers", "number",
            "exemptCallers");

    private PersonalData() {
    }

    /** A copy of {@code record} with every personal field, at any depth, replaced by {@value #REDACTED}. */
    public static JsonObject redact(JsonObject record) {
        if (record == null) {
            return null;
        }
        JsonObject copy = new JsonObject();
        for (String key : record.fieldNames()) {
            Object value = record.getValue(key);
            copy.put(key, FIELDS.contains(key) && value != null ? REDACTED : redactValue(value));
        }
        return copy;
    }

    private static Object redactValue(Object value) {
        if (value instanceof JsonObject object) {
            return redact(object);
        }
        if (value instanceof JsonArray array) {
            JsonArray copy = new JsonArray();
            array.forEach(item -> copy.add(redactValue(item)));
            return copy;
        }
        return value;
    }
}
