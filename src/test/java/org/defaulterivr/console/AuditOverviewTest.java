package org.defaulterivr.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the auditor's overview reads from the API: witnesses from a checkpoint, chart series from records. */
class AuditOverviewTest {

    @Test
    void theWitnessesAreTheCheckpointsSignersOtherThanTheLogItself() {
        String note = """
                defaulter-ivr.example/log
                42
                qINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=

                \u2014 defaulter-ivr.example/log AAAAAQ==
                \u2014 witness.court-a.example BBBBBB==
                \u2014 witness.auditors.example CCCCCC==
                """;
        assertEquals(List.of("witness.court-a.example", "witness.auditors.example"), AuditPages.witnesses(note));
        assertEquals(List.of(), AuditPages.witnesses(""));
        assertEquals(List.of(), AuditPages.witnesses("defaulter-ivr.example/log\n1\nroot\n\n\u2014 "
                + "defaulter-ivr.example/log AAAA\n"));
    }

    @Test
    void chartsCountNoticesPerDayInTheConsolesZoneByCourtOutcomeAndTimeHeard() {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        // 23:30 UTC is already the next day in Shanghai
        Instant lateUtc = Instant.now().atZone(shanghai).toLocalDate().atStartOfDay(shanghai).toInstant()
                .plusSeconds(30 * 60);
        JsonArray records = new JsonArray()
                .add(record("court-a", lateUtc, "played", 1500))
                .add(record("court-a", lateUtc, "hung_up", 400))
                .add(record("court-b", lateUtc, "played", 12000));
        JsonObject charts = AuditPages.charts(records, shanghai);
        JsonArray days = charts.getJsonArray("days");
        assertEquals(AuditPages.CHART_DAYS, days.size());
        JsonObject courtA = charts.getJsonArray("perCourt").getJsonObject(0);
        assertEquals("court-a", courtA.getString("label"));
        assertEquals(2, courtA.getJsonArray("data").getInteger(AuditPages.CHART_DAYS - 1), "today, in Shanghai");
        assertEquals(2, charts.getJsonObject("outcomes").getInteger("played"));
        assertEquals(new JsonArray(List.of(1, 1, 0, 0, 1)), charts.getJsonArray("heard"));
    }

    private static JsonObject record(String court, Instant at, String outcome, long heardMs) {
        return new JsonObject().put("courtCode", court).put("occurredAt", at.toString()).put("outcome", outcome)
                .put("heardMs", heardMs);
    }
}
