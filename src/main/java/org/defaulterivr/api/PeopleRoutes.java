package org.defaulterivr.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Set;
import org.defaulterivr.access.Actor;
import org.defaulterivr.access.Role;
import org.defaulterivr.people.People;
import org.defaulterivr.people.Person;
import org.defaulterivr.registry.RegistryException;

/**
 * People who sign in to the web console, for admins: add one (the generated password and TOTP key are in that answer
 * only), list them, disable one (which also revokes the tokens their console sessions use, on every node). The
 * console's own admin pages use these routes, like everything else it does.
 */
public final class PeopleRoutes {
    private static final String USERNAME = "[a-z0-9][a-z0-9._-]{1,62}";

    private final People people;

    public PeopleRoutes(People people) {
        this.people = people;
    }

    /** Adds the routes to {@code v1}, the router mounted at {@code /v1}. */
    public void mount(Router v1) {
        BodyHandler json = BodyHandler.create(false).setBodyLimit(RegistryApi.JSON_LIMIT);
        v1.post("/people").handler(json).handler(this::add);
        v1.get("/people").handler(this::list);
        v1.post("/people/:personId/disable").handler(json).handler(this::disable);
    }

    private void add(RoutingContext ctx) {
        Actor admin = TokenAuth.require(ctx, Role.ADMIN);
        Requests.Fields fields = new Requests.Fields(Requests.object(ctx),
                Set.of("username", "displayName", "role", "court"));
        String username = fields.text("username");
        String displayName = fields.text("displayName");
        String roleText = fields.text("role");
        String court = fields.text("court");
        Role role = roleText == null ? null : Role.fromWireName(roleText).filter(r -> r != Role.CARRIER).orElse(null);
        if (username == null || !username.matches(USERNAME)) {
            fields.error("username", "2-63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (displayName == null || displayName.isBlank() || displayName.length() > 200) {
            fields.error("displayName", "the person's full name, 1-200 characters");
        }
        if (role == null) {
            fields.error("role", "is required: court, auditor or admin (carriers use tokens)");
        }
        if (role == Role.COURT && court == null) {
            fields.error("court", "a court clerk needs the court's code");
        }
        if (role != null && role != Role.COURT && court != null) {
            fields.error("court", "only a court clerk belongs to a court");
        }
        fields.check();
        people.enrol(username, displayName.strip(), role, court, admin.label())
                .recover(e -> {
                    if (e instanceof RegistryException refused && refused.kind() == RegistryException.Kind.NOT_FOUND) {
                        throw Problem.badRequest("no such court",
                                List.of(new Problem.FieldError("court", "no court has code '" + court + "'")));
                    }
                    if (e instanceof RegistryException refused && refused.kind() == RegistryException.Kind.CONFLICT) {
                        throw new Problem(409, "conflict", "Conflict", refused.getMessage(),
                                List.of(new Problem.FieldError("username", "is taken")));
                    }
                    throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
                })
                .onSuccess(enrolment -> {
                    ctx.response().putHeader("Location", "/v1/people/" + enrolment.person().id());
                    RegistryApi.json(ctx, 201, json(enrolment.person())
                            .put("password", enrolment.password())
                            .put("totpSecret", enrolment.totpSecretBase32())
                            .put("totpUri", enrolment.totpUri()));
                })
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        TokenAuth.require(ctx, Role.ADMIN);
        people.repository().list().onSuccess(list -> {
            JsonArray items = new JsonArray();
            list.forEach(p -> items.add(json(p)));
            RegistryApi.json(ctx, 200, new JsonObject().put("items", items));
        }).onFailure(ctx::fail);
    }

    private void disable(RoutingContext ctx) {
        Actor admin = TokenAuth.require(ctx, Role.ADMIN);
        long id = Requests.id(ctx, "personId");
        people.disable(id, admin)
                .onSuccess(person -> RegistryApi.json(ctx, 200, json(person)))
                .onFailure(ctx::fail);
    }

    /** A person as the API shows them: never a hash or a key. */
    static JsonObject json(Person person) {
        return new JsonObject().put("id", person.id()).put("username", person.username())
                .put("displayName", person.displayName()).put("role", person.role().wireName())
                .put("court", person.courtCode()).put("createdAt", person.createdAt().toString())
                .put("createdBy", person.createdBy())
                .put("disabledAt", person.disabledAt() == null ? null : person.disabledAt().toString());
    }
}
