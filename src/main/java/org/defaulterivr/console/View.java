package org.defaulterivr.console;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.defaulterivr.access.Role;

/**
 * What every page template gets besides its own data: the words ({@link Messages}), the CSRF token for its forms, who
 * is signed in, the time zone times are shown in, and small formatting helpers.
 *
 * @param path   the page's path and query, for the language switch to come back to
 * @param errors field-by-field errors of a refused form (field name as the API names it, message), empty if none
 * @param form   the values a refused form was sent with, to show them again
 * @param zone   the time zone of the page's times: the court's whose case it shows, else the node's default
 * @param courtZones each court's own zone where a page lists several courts' times (by court code)
 */
public record View(Messages t, String csrf, SignedIn who, String path, ZoneId zone, String problem,
        Map<String, List<String>> errors, Map<String, String> form, Map<String, ZoneId> courtZones) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter LOCAL_INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    /** This view with its times in {@code zone} (a court's). */
    public View inZone(ZoneId zone) {
        return new View(t, csrf, who, path, zone, problem, errors, form, courtZones);
    }

    /** This view with the time zones of courts, for a page listing several courts' times. */
    public View withCourtZones(Map<String, ZoneId> zones) {
        return new View(t, csrf, who, path, zone, problem, errors, form, zones);
    }

    /** An instant from the API as a time in the zone of court {@code courtCode} (else the page's zone). */
    public String time(String iso, String courtCode) {
        ZoneId court = courtCode == null ? null : courtZones.get(courtCode);
        return court == null ? time(iso) : inZone(court).time(iso);
    }

    public String t(String key) {
        return t.get(key);
    }

    public String f(String key, Object... arguments) {
        return t.format(key, arguments);
    }

    public String lang() {
        return t.tag();
    }

    public String htmxJs() {
        return Assets.HTMX;
    }

    public String chartJs() {
        return Assets.CHART_JS;
    }

    /** The CSRF token as htmx's {@code hx-headers} wants it. */
    public String csrfHeaders() {
        return new JsonObject().put(ConsoleSecurity.CSRF_HEADER, csrf == null ? "" : csrf).encode();
    }

    public boolean is(String role) {
        return who != null && who.role() == Role.fromWireName(role).orElse(null);
    }

    /** An ISO-8601 instant from the API, as a time in the console's zone; "" for none. */
    public String time(String iso) {
        if (iso == null || iso.isEmpty()) {
            return "";
        }
        try {
            return TIME.format(Instant.parse(iso).atZone(zone));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** An instant as a {@code datetime-local} input's value in the console's zone. */
    public String localInput(String iso) {
        if (iso == null || iso.isEmpty()) {
            return "";
        }
        try {
            return LOCAL_INPUT.format(Instant.parse(iso).atZone(zone));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** An E.164 number as people there write it (national format), e.g. 138 0013 8000. */
    public String national(String e164) {
        try {
            var number = PHONES.parse(e164, null);
            return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.NATIONAL);
        } catch (NumberParseException | RuntimeException e) {
            return e164;
        }
    }

    /** The value a field was sent with, if the form was refused; else {@code fallback}. */
    public String value(String field, String fallback) {
        String sent = form.get(field);
        return sent != null ? sent : fallback == null ? "" : fallback;
    }

    public String value(String field) {
        return value(field, "");
    }

    /** One error of an API problem's list, in the page's language (see {@link ApiReply#message}). */
    public String message(JsonObject error) {
        return ApiReply.message(error, t);
    }

    public List<String> errorsOf(String field) {
        return errors.getOrDefault(field, List.of());
    }

    public boolean hasErrors() {
        return problem != null || !errors.isEmpty();
    }

    public String fieldLabel(String field) {
        String key = "field." + field;
        return t.has(key) ? t.get(key) : field;
    }

    public static List<JsonObject> objects(JsonArray array) {
        List<JsonObject> list = new ArrayList<>();
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                list.add(array.getJsonObject(i));
            }
        }
        return list;
    }

    public static List<String> strings(JsonArray array) {
        List<String> list = new ArrayList<>();
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                list.add(String.valueOf(array.getValue(i)));
            }
        }
        return list;
    }

    /** A case's numbers that are not removed, one a line, as the amendment form starts from. */
    public static String currentNumbers(JsonObject c) {
        return String.join("\n", objects(c.getJsonArray("numbers")).stream()
                .filter(n -> !"removed".equals(n.getString("state"))).map(n -> n.getString("number")).toList());
    }

    /** A query-string value, encoded. */
    public String q(String value) {
        return encode(value);
    }

    public static String encode(String value) {
        return java.net.URLEncoder.encode(value == null ? "" : value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
