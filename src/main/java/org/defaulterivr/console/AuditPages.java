package org.defaulterivr.console;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An auditor's pages: the log's state (size, latest signed head, witness cosignatures), the public key and how to
 * verify offline, charts of the last two weeks' notices, evidence search with paging, a case's evidence bundle to
 * download, and the access log. Every read goes through the API, so every read of personal data is in the access log
 * under the person's name.
 */
final class AuditPages {
    static final int CHART_DAYS = 14;
    static final int CHART_RECORDS = 1000;
    private static final int PAGE = 50;
    private static final List<String> SEARCH_FIELDS = List.of("court", "case", "calledNumber", "from", "to",
            "outcome", "after");

    private final Pages pages;
    private final ApiLoopback api;

    AuditPages(Pages pages, ApiLoopback api) {
        this.pages = pages;
        this.api = api;
    }

    void mount(Router root) {
        root.get("/audit").handler(this::overview);
        root.get("/audit/public-key.pem").handler(ctx -> {
            SignedIn who = pages.security().require(ctx, WebConsole.AUDITOR);
            Streams.relay(ctx, pages, api.stream(ctx, who, "/v1/log/public-key"), "defaulter-ivr-log-key.pem");
        });
        root.get("/audit/evidence").handler(this::search);
        root.get("/audit/cases/:id/bundle").handler(this::bundle);
        root.get("/audit/access-log").handler(this::accessLog);
    }

    private void overview(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, WebConsole.AUDITOR);
        String since = Instant.now().minus(Duration.ofDays(CHART_DAYS)).toString();
        Future<ApiReply> head = api.get(ctx, who, "/v1/log/tree-heads/latest");
        Future<ApiReply> key = api.get(ctx, who, "/v1/log/public-key");
        Future<ApiReply> recent = api.get(ctx, who, "/v1/evidence/search?limit=" + CHART_RECORDS + "&from="
                + View.encode(since));
        Future<ApiReply> checkpoint = api.get(ctx, who, "/v1/log/checkpoint");
        Future.all(head, key, recent, checkpoint).onSuccess(all -> {
            if (head.result().status() == 401 || head.result().status() == 403) {
                pages.apiError(ctx, head.result());
                return;
            }
            JsonArray records = recent.result().ok() ? recent.result().json().getJsonArray("records") : new JsonArray();
            pages.render(ctx, "audit.jte", pages.view(ctx),
                    "head", head.result().ok() ? head.result().json() : new JsonObject(),
                    "publicKey", key.result().ok() ? key.result().body().toString() : "",
                    "charts", charts(records, pages.zone()).encode(),
                    "sampled", records.size(),
                    "checkpoint", checkpoint.result().ok() ? checkpoint.result().body().toString() : "",
                    "witnesses", witnesses(checkpoint.result().ok() ? checkpoint.result().body().toString() : ""));
        }).onFailure(ctx::fail);
    }

    /**
     * The witnesses that cosigned a checkpoint (a c2sp.org/signed-note): the names of its signature lines other than
     * the log's own, which is named after the log's origin, the note's first line.
     */
    static List<String> witnesses(String note) {
        int blank = note.indexOf("\n\n");
        if (blank < 0) {
            return List.of();
        }
        String origin = note.substring(0, note.indexOf('\n'));
        return note.substring(blank + 2).lines()
                .filter(line -> line.startsWith("\u2014 "))
                .map(line -> line.substring(2).split(" ", 2)[0])
                .filter(name -> !name.equals(origin))
                .toList();
    }

    /**
     * What the charts draw, from the last two weeks' records (at most {@link #CHART_RECORDS}): notices per day per
     * court, outcomes, and how long callers heard the notice.
     */
    static JsonObject charts(JsonArray records, ZoneId zone) {
        LocalDate today = LocalDate.now(zone);
        TreeSet<String> days = new TreeSet<>();
        for (int i = CHART_DAYS - 1; i >= 0; i--) {
            days.add(today.minusDays(i).toString());
        }
        Map<String, Map<String, Integer>> perCourt = new TreeMap<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        String[] bucketNames = {"0-1", "1-2", "2-5", "5-10", "10+"};
        long[] bucketEdges = {1000, 2000, 5000, 10000, Long.MAX_VALUE};
        int[] heard = new int[bucketNames.length];
        for (int i = 0; i < records.size(); i++) {
            JsonObject r = records.getJsonObject(i);
            String day = Instant.parse(r.getString("occurredAt")).atZone(zone).toLocalDate().toString();
            perCourt.computeIfAbsent(r.getString("courtCode"), c -> new TreeMap<>()).merge(day, 1, Integer::sum);
            outcomes.merge(r.getString("outcome"), 1, Integer::sum);
            long ms = r.getLong("heardMs", 0L);
            for (int b = 0; b < bucketEdges.length; b++) {
                if (ms < bucketEdges[b]) {
                    heard[b]++;
                    break;
                }
            }
        }
        JsonArray series = new JsonArray();
        perCourt.forEach((court, counts) -> series.add(new JsonObject().put("label", court)
                .put("data", new JsonArray(days.stream().map(d -> (Object) counts.getOrDefault(d, 0)).toList()))));
        return new JsonObject()
                .put("days", new JsonArray(List.copyOf(days)))
                .put("perCourt", series)
                .put("outcomes", new JsonObject(Map.copyOf(outcomes)))
                .put("heardBuckets", new JsonArray(List.of((Object[]) bucketNames)))
                .put("heard", new JsonArray(java.util.Arrays.stream(heard).boxed().map(n -> (Object) n).toList()));
    }

    private void search(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, WebConsole.AUDITOR);
        var params = ctx.queryParams();
        Map<String, String> filter = new java.util.HashMap<>();
        StringBuilder query = new StringBuilder("/v1/evidence/search?limit=" + PAGE);
        for (String name : SEARCH_FIELDS) {
            String value = params.get(name);
            if (value == null || value.isBlank()) {
                continue;
            }
            filter.put(name, value);
            String sent = value.strip();
            if (name.equals("from") || name.equals("to")) {
                try {
                    sent = java.time.LocalDateTime.parse(sent).atZone(pages.zone()).toInstant().toString();
                } catch (java.time.format.DateTimeParseException e) {
                    // passed on as typed: the API names the field
                }
            }
            query.append('&').append(name).append('=').append(View.encode(sent));
        }
        boolean searched = !filter.isEmpty() || params.contains("search");
        if (!searched) {
            pages.render(ctx, "evidence.jte", pages.view(ctx), "page", new JsonObject());
            return;
        }
        api.get(ctx, who, query.toString()).onSuccess(reply -> {
            if (reply.status() == 400) {
                pages.render(ctx, 400, "evidence.jte", pages.view(ctx, reply, filter), "page", new JsonObject());
            } else if (!reply.ok()) {
                pages.apiError(ctx, reply);
            } else {
                pages.courtZones(ctx, api, who).onSuccess(zones -> pages.render(ctx, "evidence.jte",
                        pages.view(ctx, null, filter).withCourtZones(zones), "page", reply.json())).onFailure(ctx::fail);
            }
        }).onFailure(ctx::fail);
    }

    private void bundle(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, WebConsole.AUDITOR);
        String id = ctx.pathParam("id");
        if (!id.matches("[0-9]{1,18}")) {
            pages.error(ctx, 404, "error.notFound", null);
            return;
        }
        Streams.relay(ctx, pages, api.stream(ctx, who, "/v1/cases/" + id + "/evidence-bundle"),
                "case-" + id + "-evidence.jsonl");
    }

    private void accessLog(RoutingContext ctx) {
        SignedIn who = pages.security().require(ctx, WebConsole.AUDITOR);
        String after = ctx.queryParams().get("after");
        String principal = ctx.queryParams().get("principal");
        String uri = "/v1/access-log?limit=" + PAGE + (after != null && after.matches("[0-9]{1,18}") ? "&after=" + after
                : "") + (principal == null || principal.isBlank() ? "" : "&principal=" + View.encode(principal.strip()));
        Map<String, String> filter = principal == null ? Map.of() : Map.of("principal", principal);
        api.get(ctx, who, uri).onSuccess(reply -> {
            if (reply.status() == 400) {
                pages.render(ctx, 400, "access-log.jte", pages.view(ctx, reply, filter), "page", new JsonObject());
            } else if (!reply.ok()) {
                pages.apiError(ctx, reply);
            } else {
                pages.render(ctx, "access-log.jte", pages.view(ctx, null, filter), "page", reply.json());
            }
        }).onFailure(ctx::fail);
    }
}
