package org.defaulterivr.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.defaulterivr.access.Actor;
import org.defaulterivr.access.Role;
import org.defaulterivr.registry.CaseRepository;
import org.defaulterivr.registry.CaseRules;

/**
 * What carriers do: report that a number now belongs to a new subscriber. Every listing of it is suspended at once
 * (on every node within a second), until its court confirms or drops it. The answer is the same whether or not the
 * number was listed: a carrier learns nothing about who was.
 */
final class CarrierRoutes {
    private final CaseRepository cases;
    private final CaseRules rules;

    CarrierRoutes(CaseRepository cases, CaseRules rules) {
        this.cases = cases;
        this.rules = rules;
    }

    void mount(Router v1, RegistryApi.Bodies bodies) {
        v1.post("/reassigned-numbers").handler(bodies.json()).handler(this::reassigned);
    }

    private void reassigned(RoutingContext ctx) {
        Actor carrier = TokenAuth.require(ctx, Role.CARRIER);
        Requests.Fields fields = new Requests.Fields(Requests.object(ctx), Set.of("number"));
        String raw = fields.text("number");
        if (raw == null) {
            fields.error("number", "is required");
        }
        fields.check();
        String e164 = rules.phoneNumber(raw, "number");
        cases.suspendReassigned(carrier, e164)
                .onSuccess(n -> RegistryApi.json(ctx, 202, new JsonObject().put("number", e164)
                        .put("status", "recorded")))
                .onFailure(ctx::fail);
    }
}
