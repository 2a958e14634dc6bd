package org.defaulterivr.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A registry set up through its own API: two courts, a token for each, an auditor and a carrier, issued by the
 * admin token the node was started with ({@link #SETTINGS}).
 */
public final class TestRegistry {
    /** The first admin token, as an operator would put it in DIVR_ADMIN_TOKEN. */
    public static final String ADMIN_TOKEN = "divr_test-admin-token-0123456789-abcdefghijk";
    public static final Map<String, String> SETTINGS = Map.of("api.admin.token", ADMIN_TOKEN);

    public final ApiClient api;
    public final String courtA;
    public final String courtB;
    public final String auditor;
    public final String carrier;

    private TestRegistry(ApiClient api, String courtA, String courtB, String auditor, String carrier) {
        this.api = api;
        this.courtA = courtA;
        this.courtB = courtB;
        this.auditor = auditor;
        this.carrier = carrier;
    }

    /** Creates courts {@code court-a} ("Court A") and {@code court-b} and issues the four tokens. */
    public static TestRegistry setUp(int httpPort) {
        ApiClient api = new ApiClient(httpPort);
        for (String code : new String[] {"court-a", "court-b"}) {
            var created = api.post("/v1/courts", ADMIN_TOKEN, new JsonObject().put("code", code)
                    .put("name", code.equals("court-a") ? "Court A" : "Court B"));
            assertEquals(201, created.status(), created.toString());
        }
        return new TestRegistry(api, token(api, "court", "court-a"), token(api, "court", "court-b"),
                token(api, "auditor", null), token(api, "carrier", null));
    }

    public static String token(ApiClient api, String role, String court) {
        JsonObject body = new JsonObject().put("role", role).put("label", role + (court == null ? "" : " " + court));
        if (court != null) {
            body.put("court", court);
        }
        var issued = api.post("/v1/tokens", ADMIN_TOKEN, body);
        assertEquals(201, issued.status(), issued.toString());
        return issued.json().getString("token");
    }

    /** A valid registration of one case on the given numbers, in force from an hour ago for a day. */
    public static JsonObject caseBody(String caseNumber, String... numbers) {
        Instant now = Instant.now();
        return new JsonObject()
                .put("caseNumber", caseNumber)
                .put("legalBasis", "(2026) Enforcement Ruling " + caseNumber)
                .put("debtorName", "Zhang San")
                .put("debtorIdMasked", "**************123X")
                .put("debtorIsAdult", true)
                .put("amount", "12345.67")
                .put("currency", "CNY")
                .put("numbers", new JsonArray(java.util.List.of((Object[]) numbers)))
                .put("validFrom", now.minus(Duration.ofHours(1)).toString())
                .put("validUntil", now.plus(Duration.ofDays(1)).toString());
    }

    /** Uploads a short recording for court A (so cases need not wait for the speech synthesiser); its id. */
    public long uploadTone(String courtToken) {
        var uploaded = api.send("POST", "/v1/notices", courtToken, "audio/wav", Wavs.tone(16000, 1, 1.0, 440),
                Map.of());
        assertEquals(201, uploaded.status(), uploaded.toString());
        return uploaded.json().getLong("id");
    }
}
