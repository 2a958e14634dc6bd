package org.defaulterivr.api.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.defaulterivr.access.Actor;
import org.defaulterivr.access.HistoryEntry;
import org.defaulterivr.access.HistoryRepository;
import org.defaulterivr.access.Role;
import org.defaulterivr.api.PersonalDataReads;
import org.defaulterivr.api.Problem;
import org.defaulterivr.api.RegistryApi;
import org.defaulterivr.api.Requests;
import org.defaulterivr.api.TokenAuth;

/**
 * Reading the record: the registry's history (auditors see everything; an admin sees every entry and a court its own
 * court's, both with personal data redacted).
 */
public final class HistoryRoutes {
    private final HistoryRepository history;
    private final PersonalDataReads reads;

    public HistoryRoutes(HistoryRepository history, PersonalDataReads reads) {
        this.history = history;
        this.reads = reads;
    }

    public void mount(Router v1) {
        v1.get("/history").handler(this::history);
    }

    private void history(RoutingContext ctx) {
        Actor actor = TokenAuth.require(ctx, Role.AUDITOR, Role.ADMIN, Role.COURT);
        Long caseId = longParam(ctx, "case");
        Long courtId = actor.isCourt() ? actor.courtId() : null;
        int limit = Requests.intParam(ctx, "limit", 100, 1, 1000);
        history.list(caseId, courtId, Requests.cursor(ctx), limit)
                // only an auditor's answer carries personal data (the others' is redacted), but every read is logged
                .compose(entries -> reads.logged(ctx, actor, "history.list", entries.size(), entries))
                .onSuccess(entries -> {
                    JsonArray items = new JsonArray();
                    for (HistoryEntry entry : entries) {
                        items.add(json(actor.seesPersonalData() ? entry : entry.redacted()));
                    }
                    RegistryApi.json(ctx, 200, new JsonObject().put("items", items)
                            .put("next", entries.size() == limit ? Long.toString(entries.get(limit - 1).id()) : null));
                })
                .onFailure(ctx::fail);
    }

    private static JsonObject json(HistoryEntry entry) {
        return new JsonObject()
                .put("id", entry.id())
                .put("at", entry.at().toString())
                .put("actor", new JsonObject().put("tokenId", entry.actorTokenId()).put("label", entry.actor())
                        .put("role", entry.actorRole()))
                .put("action", entry.action())
                .put("caseId", entry.caseId())
                .put("subject", entry.subject())
                .put("before", entry.before())
                .put("after", entry.after());
    }

    private static Long longParam(RoutingContext ctx, String name) {
        String raw = ctx.queryParams().get(name);
        if (raw == null) {
            return null;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw Problem.badRequest("query parameter " + name + " must be an id",
                    List.of(new Problem.FieldError(name, "must be an id")));
        }
    }
}
