package org.defaulterivr.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.defaulterivr.access.Actor;
import org.defaulterivr.access.Role;
import org.defaulterivr.access.TokenRepository;
import org.defaulterivr.notice.InvalidNoticeException;
import org.defaulterivr.notice.NoticeLanguage;
import org.defaulterivr.notice.NoticeRenderer;
import org.defaulterivr.notice.NoticeTemplate;
import org.defaulterivr.numbers.PhoneNumbers;
import org.defaulterivr.registry.Court;
import org.defaulterivr.registry.CourtRepository;
import org.defaulterivr.registry.ExemptCallerRepository;
import org.defaulterivr.registry.RegistryException;

/**
 * What admins keep: courts, tokens, and the global allowlist of callers who never hear a notice; and each court's
 * notice wording, which the court itself (or an admin) sets.
 */
final class AdminRoutes {
    static final int DEFAULT_TOKEN_DAYS = 90;
    static final int MAX_TOKEN_DAYS = 730;
    private static final String COURT_CODE = "[a-z0-9][a-z0-9-]{1,62}";

    private final CourtRepository courts;
    private final TokenRepository tokens;
    private final ExemptCallerRepository exemptCallers;
    private final PhoneNumbers phoneNumbers;
    private final Clock clock;

    AdminRoutes(CourtRepository courts, TokenRepository tokens, ExemptCallerRepository exemptCallers,
            PhoneNumbers phoneNumbers, Clock clock) {
        this.courts = courts;
        this.tokens = tokens;
        this.exemptCallers = exemptCallers;
        this.phoneNumbers = phoneNumbers;
        this.clock = clock;
    }

    void mount(Router v1, RegistryApi.Bodies bodies) {
        v1.post("/courts").handler(bodies.json()).handler(this::createCourt);
        v1.get("/courts").handler(this::listCourts);
        v1.get("/courts/:code").handler(this::readCourt);
        v1.put("/courts/:code/notice-template").handler(bodies.json()).handler(this::setTemplate);
        v1.post("/tokens").handler(bodies.json()).handler(this::issueToken);
        v1.get("/tokens").handler(this::listTokens);
        v1.post("/tokens/:tokenId/revoke").handler(bodies.json()).handler(this::revokeToken);
        v1.get("/exempt-callers").handler(this::listExempt);
        v1.put("/exempt-callers/:caller").handler(bodies.json()).handler(this::putExempt);
        v1.delete("/exempt-callers/:caller").handler(this::removeExempt);
    }

    // ---- courts ----

    private void createCourt(RoutingContext ctx) {
        Actor admin = TokenAuth.require(ctx, Role.ADMIN);
        Requests.Fields fields = new Requests.Fields(Requests.object(ctx), Set.of("code", "name", "noticeLanguage",
                "timeZone"));
        String code = fields.text("code");
        String name = fields.text("name");
        NoticeLanguage language = noticeLanguage(fields);
        if (code == null || !code.matches(COURT_CODE)) {
            fields.error("code", "2-63 lower-case letters, digits and '-', starting with a letter or digit");
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            fields.error("name", "the court's name as notices speak it, 1-200 characters");
        }
        String zone = fields.text("timeZone");
        if (zone != null && !zone.isBlank()) {
            zone = zone.strip();
            if (!java.time.ZoneId.getAvailableZoneIds().contains(zone)) {
                fields.error("timeZone", "an IANA time zone such as Asia/Shanghai");
            }
        } else {
            zone = null;
        }
        fields.check();
        courts.create(code, name.strip(), language == null ? NoticeLanguage.EN : language, zone, admin)
                .onSuccess(court -> {
                    ctx.response().putHeader("Location", "/v1/courts/" + court.code());
                    RegistryApi.json(ctx, 201, court.toJson());
                })
                .onFailure(ctx::fail);
    }

    private void listCourts(RoutingContext ctx) {
        TokenAuth.require(ctx, Role.ADMIN, Role.AUDITOR);
        courts.list().onSuccess(list -> {
            JsonArray items = new JsonArray();
            list.forEach(c -> items.add(c.toJson()));
            RegistryApi.json(ctx, 200, new JsonObject().put("items", items));
        }).onFailure(ctx::fail);
    }

    private void readCourt(RoutingContext ctx) {
        Actor actor = TokenAuth.require(ctx, Role.ADMIN, Role.AUDITOR, Role.COURT);
        visibleCourt(actor, ctx.pathParam("code"))
                .onSuccess(court -> RegistryApi.json(ctx, 200, court.toJson()))
                .onFailure(ctx::fail);
    }

    /**
     * A court's notice wording: {@code {"text": "...", "speaksDebtor": false, "speaksAmount": false,
     * "noticeLanguage": "zh-CN"}}; a null text goes back to the stock wording (of the court's language), an absent
     * language keeps the court's. Applies to notices rendered from now on.
     */
    private void setTemplate(RoutingContext ctx) {
        Actor actor = TokenAuth.require(ctx, Role.ADMIN, Role.COURT);
        Requests.Fields fields = new Requests.Fields(Requests.object(ctx),
                Set.of("text", "speaksDebtor", "speaksAmount", "noticeLanguage"));
        String text = fields.text("text");
        Boolean speaksDebtor = fields.bool("speaksDebtor");
        Boolean speaksAmount = fields.bool("speaksAmount");
        NoticeLanguage language = noticeLanguage(fields);
        fields.check();
        NoticeTemplate template = new NoticeTemplate(text == null ? NoticeTemplate.DEFAULT_TEXT : text,
                Boolean.TRUE.equals(speaksDebtor), Boolean.TRUE.equals(speaksAmount));
        visibleCourt(actor, ctx.pathParam("code"))
                .compose(court -> {
                    NoticeLanguage spoken = language != null ? language : court.noticeLanguage();
                    if (text != null && spoken == NoticeLanguage.EN
                            && !NoticeRenderer.readsAll(text.replaceAll("\\{[a-z]+}", " "))) {
                        return Future.failedFuture(new InvalidNoticeException("The English voice cannot read this"
                                + " wording. Write it in English letters, or set \"noticeLanguage\": \"zh-CN\" to have"
                                + " it spoken in Mandarin."));
                    }
                    return courts.setTemplate(court.id(), template, text != null, language, actor);
                })
                .onSuccess(court -> RegistryApi.json(ctx, 200, court.toJson()))
                .onFailure(ctx::fail);
    }

    /** The optional {@code noticeLanguage} field: {@code en} or {@code zh-CN}. */
    private static NoticeLanguage noticeLanguage(Requests.Fields fields) {
        String tag = fields.text("noticeLanguage");
        if (tag == null) {
            return null;
        }
        NoticeLanguage language = NoticeLanguage.fromTag(tag).orElse(null);
        if (language == null) {
            fields.error("noticeLanguage", "'en' (English) or 'zh-CN' (Mandarin)");
        }
        return language;
    }

    private Future<Court> visibleCourt(Actor actor, String code) {
        return courts.byCode(code).compose(found -> {
            if (found.isEmpty() || (actor.isCourt() && !code.equals(actor.courtCode()))) {
                return Future.failedFuture(RegistryException.notFound("no such court"));
            }
            return Future.succeededFuture(found.get());
        });
    }

    // ---- tokens ----

    private void issueToken(RoutingContext ctx) {
        Actor admin = TokenAuth.require(ctx, Role.ADMIN);
        Requests.Fields fields = new Requests.Fields(Requests.object(ctx), Set.of("role", "court", "days", "label"));
        String roleText = fields.text("role");
        String courtCode = fields.text("court");
        Long days = fields.integer("days");
        String label = fields.text("label");
        Role role = roleText == null ? null : Role.fromWireName(roleText).orElse(null);
        if (role == null) {
            fields.error("role", "is required: admin, court, auditor or carrier");
        }
        if (role == Role.COURT && courtCode == null) {
            fields.error("court", "a court token needs the court's code");
        }
        if (role != null && role != Role.COURT && courtCode != null) {
            fields.error("court", "only a court token belongs to a court");
        }
        if (days != null && (days < 1 || days > MAX_TOKEN_DAYS)) {
            fields.error("days", "from 1 to " + MAX_TOKEN_DAYS);
        }
        if (label == null || label.isBlank() || label.length() > 200) {
            fields.error("label", "who or what the token is for, 1-200 characters (no secrets)");
        }
        fields.check();
        Duration lifetime = Duration.ofDays(days == null ? DEFAULT_TOKEN_DAYS : days);
        Future<Long> courtId = role == Role.COURT
                ? courts.byCode(courtCode).compose(c -> c.isPresent() ? Future.succeededFuture(c.get().id())
                        : Future.failedFuture(Problem.badRequest("no such court",
                                List.of(new Problem.FieldError("court", "no court has code '" + courtCode + "'")))))
                : Future.succeededFuture(null);
        courtId.compose(id -> tokens.issue(role, id, label.strip(), clock.instant().plus(lifetime), admin))
                .onSuccess(issued -> RegistryApi.json(ctx, 201, issued.info().toJson().put("token", issued.token())))
                .onFailure(ctx::fail);
    }

    private void listTokens(RoutingContext ctx) {
        TokenAuth.require(ctx, Role.ADMIN);
        tokens.list().onSuccess(list -> {
            JsonArray items = new JsonArray();
            list.forEach(t -> items.add(t.toJson()));
            RegistryApi.json(ctx, 200, new JsonObject().put("items", items));
        }).onFailure(ctx::fail);
    }

    private void revokeToken(RoutingContext ctx) {
        Actor admin = TokenAuth.require(ctx, Role.ADMIN);
        long id = Requests.id(ctx, "tokenId");
        tokens.revoke(id, admin)
                .onSuccess(revoked -> {
                    if (!revoked) {
                        ctx.fail(Problem.notFound("no such token, or it is revoked already"));
                    } else {
                        RegistryApi.json(ctx, 200, new JsonObject().put("id", id).put("revoked", true));
                    }
                })
                .onFailure(ctx::fail);
    }

    // ---- the global allowlist ----

    private void listExempt(RoutingContext ctx) {
        TokenAuth.require(ctx, Role.ADMIN, Role.AUDITOR);
        exemptCallers.list().onSuccess(list -> {
            JsonArray items = new JsonArray();
            list.forEach(e -> items.add(e.toJson()));
            RegistryApi.json(ctx, 200, new JsonObject().put("items", items));
        }).onFailure(ctx::fail);
    }

    private void putExempt(RoutingContext ctx) {
        Actor admin = TokenAuth.require(ctx, Role.ADMIN);
        String caller = caller(ctx.pathParam("caller"));
        Requests.Fields fields = new Requests.Fields(Requests.object(ctx), Set.of("label"));
        String label = fields.text("label");
        if (label == null || label.isBlank() || label.length() > 200) {
            fields.error("label", "what the caller is (e.g. 'police'), 1-200 characters");
        }
        fields.check();
        exemptCallers.put(caller, label.strip(), admin)
                .onSuccess(entry -> RegistryApi.json(ctx, 200, entry.toJson()))
                .onFailure(ctx::fail);
    }

    private void removeExempt(RoutingContext ctx) {
        Actor admin = TokenAuth.require(ctx, Role.ADMIN);
        String caller = caller(ctx.pathParam("caller"));
        exemptCallers.remove(caller, admin)
                .onSuccess(removed -> {
                    if (removed) {
                        ctx.response().setStatusCode(204).end();
                    } else {
                        ctx.fail(Problem.notFound("that caller is not on the allowlist"));
                    }
                })
                .onFailure(ctx::fail);
    }

    /** A full number in E.164; a short code (110, 12345) as dialled. */
    private String caller(String raw) {
        try {
            return phoneNumbers.requireValidE164(raw);
        } catch (IllegalArgumentException e) {
            String digits = raw == null ? "" : raw.strip();
            if (digits.matches("\\+?[0-9]{2,15}")) {
                return digits;
            }
            throw Problem.badRequest("not a phone number or short code",
                    List.of(new Problem.FieldError("caller", "a phone number or a short code such as 110")));
        }
    }
}
