package org.defaulterivr.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.defaulterivr.access.Actor;
import org.defaulterivr.access.Role;
import org.defaulterivr.numbers.PhoneNumbers;
import org.defaulterivr.registry.CaseDraft;
import org.defaulterivr.registry.CaseFilter;
import org.defaulterivr.registry.CaseRecord;
import org.defaulterivr.registry.CaseRepository;
import org.defaulterivr.registry.CaseRules;
import org.defaulterivr.registry.CaseStatus;
import org.defaulterivr.registry.Court;
import org.defaulterivr.registry.CourtRepository;
import org.defaulterivr.registry.DelistReason;
import org.defaulterivr.registry.NoticeChoice;
import org.defaulterivr.registry.NoticeProducer;
import org.defaulterivr.registry.RegistryException;
import org.defaulterivr.registry.ValidCase;

/**
 * Cases, for courts (their own) and auditors (read only): register, read, list, amend, delist, and the numbers a
 * carrier reported reassigned.
 */
final class CaseRoutes {
    static final Set<String> REGISTER_FIELDS = Set.of("caseNumber", "legalBasis", "debtorName", "debtorIdMasked",
            "debtorIsAdult", "amount", "currency", "numbers", "validFrom", "validUntil", "exemptCallers", "notice");
    static final Set<String> AMEND_FIELDS = Set.of("amount", "currency", "numbers", "validFrom", "validUntil",
            "exemptCallers", "notice", "version");

    private final CaseRepository cases;
    private final CourtRepository courts;
    private final CaseRules rules;
    private final NoticeProducer producer;
    private final PhoneNumbers phoneNumbers;
    private final Clock clock;
    private final PersonalDataReads reads;

    CaseRoutes(CaseRepository cases, CourtRepository courts, CaseRules rules, NoticeProducer producer,
            PhoneNumbers phoneNumbers, Clock clock, PersonalDataReads reads) {
        this.cases = cases;
        this.courts = courts;
        this.rules = rules;
        this.producer = producer;
        this.phoneNumbers = phoneNumbers;
        this.clock = clock;
        this.reads = reads;
    }

    void mount(Router v1, RegistryApi.Bodies bodies) {
        v1.post("/cases").handler(bodies.json()).handler(this::register);
        v1.get("/cases").handler(this::list);
        v1.get("/cases/:caseId").handler(this::read);
        v1.patch("/cases/:caseId").handler(bodies.json()).handler(this::amend);
        v1.post("/cases/:caseId/delist").handler(bodies.json()).handler(this::delist);
        v1.post("/cases/:caseId/numbers/:number/confirm").handler(bodies.json()).handler(this::confirmNumber);
        v1.post("/cases/:caseId/numbers/:number/drop").handler(bodies.json()).handler(this::dropNumber);
    }

    // ---- register ----

    private void register(RoutingContext ctx) {
        Actor court = TokenAuth.require(ctx, Role.COURT);
        Requests.Fields fields = new Requests.Fields(Requests.object(ctx), REGISTER_FIELDS);
        CaseDraft draft = draft(fields);
        NoticeRequest notice = NoticeRequest.from(fields, "notice");
        fields.check();
        ValidCase valid = rules.register(draft, clock.instant());
        cases.takenCaseNumbers(court.courtId(), List.of(valid.caseNumber()))
                .compose(taken -> taken.isEmpty() ? courtOf(court)
                        : Future.failedFuture(new Problem(409, "conflict", "Conflict",
                                "this court has already registered a case with that case number",
                                List.of(new Problem.FieldError("caseNumber", "is already registered")))))
                .compose(c -> notice.choose(producer, c, valid))
                .compose(choice -> cases.register(court, valid, choice))
                .onSuccess(record -> {
                    ctx.response().putHeader("Location", "/v1/cases/" + record.id());
                    send(ctx, 201, record);
                })
                .onFailure(ctx::fail);
    }

    static CaseDraft draft(Requests.Fields fields) {
        return new CaseDraft(fields.text("caseNumber"), fields.text("legalBasis"), fields.text("debtorName"),
                fields.text("debtorIdMasked"), fields.bool("debtorIsAdult"), fields.decimal("amount"),
                fields.text("currency"), fields.strings("numbers"), fields.text("validFrom"),
                fields.text("validUntil"), fields.strings("exemptCallers"));
    }

    private Future<Court> courtOf(Actor actor) {
        return courts.byId(actor.courtId()).map(c -> c.orElseThrow(() -> RegistryException.notFound("no such court")));
    }

    // ---- read ----

    private void read(RoutingContext ctx) {
        Actor actor = TokenAuth.require(ctx, Role.COURT, Role.AUDITOR);
        cases.get(actor, Requests.id(ctx, "caseId"))
                .compose(record -> reads.logged(ctx, actor, "cases.read", 1, record))
                .onSuccess(record -> send(ctx, 200, record))
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        Actor actor = TokenAuth.require(ctx, Role.COURT, Role.AUDITOR);
        var params = ctx.queryParams();
        Requests.Fields errors = Requests.Fields.query();
        CaseStatus status = null;
        if (params.get("status") != null) {
            status = CaseStatus.fromWireName(params.get("status")).orElse(null);
            if (status == null) {
                errors.error("status", "must be one of active, satisfied, withdrawn, expired, suspended");
            }
        }
        String number = null;
        if (params.get("number") != null) {
            try {
                number = phoneNumbers.requireValidE164(params.get("number"));
            } catch (IllegalArgumentException e) {
                errors.error("number", e.getMessage());
            }
        }
        String numberState = params.get("numberState");
        if (numberState != null && !Set.of("active", "suspended", "removed").contains(numberState)) {
            errors.error("numberState", "must be one of active, suspended, removed");
        }
        java.time.Instant listedAt = instantParam(params.get("listedAt"), "listedAt", errors);
        java.time.Instant endsBefore = instantParam(params.get("endsBefore"), "endsBefore", errors);
        errors.check();
        CaseFilter filter = new CaseFilter(status, params.get("caseNumber"), number, numberState,
                actor.isCourt() ? null : params.get("court"), listedAt, endsBefore);
        int limit = Requests.intParam(ctx, "limit", 50, 1, 500);
        cases.list(actor, filter, Requests.cursor(ctx), limit)
                .compose(page -> reads.logged(ctx, actor, params.get("number") == null ? "cases.list" : "cases.search-number",
                        page.items().size(), page))
                .onSuccess(page -> {
                    JsonArray items = new JsonArray();
                    page.items().forEach(record -> items.add(record.toJson()));
                    RegistryApi.json(ctx, 200, new JsonObject().put("items", items)
                            .put("next", page.next() == null ? null : Long.toString(page.next())));
                })
                .onFailure(ctx::fail);
    }

    private static java.time.Instant instantParam(String raw, String name, Requests.Fields errors) {
        if (raw == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(raw).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            errors.error(name, "must be an ISO 8601 time with offset, e.g. 2027-01-31T00:00:00+08:00");
            return null;
        }
    }

    // ---- change ----

    private void amend(RoutingContext ctx) {
        Actor court = TokenAuth.require(ctx, Role.COURT);
        long caseId = Requests.id(ctx, "caseId");
        JsonNode body = Requests.object(ctx);
        Requests.Fields fields = new Requests.Fields(body, AMEND_FIELDS);
        CaseDraft patch = draft(fields);
        NoticeRequest notice = NoticeRequest.from(fields, "notice");
        Long bodyVersion = fields.integer("version");
        fields.check();
        int version = Requests.expectedVersion(ctx, bodyVersion);
        cases.get(court, caseId)
                .compose(current -> {
                    if (current.version() != version) {
                        return Future.failedFuture(RegistryException.stale(current.version()));
                    }
                    ValidCase amended = rules.amend(current.asValid(), patch, clock.instant());
                    return noticeForAmendment(court, current, amended, notice)
                            .compose(choice -> cases.amend(court, caseId, version, amended, choice, clock.instant()));
                })
                .onSuccess(record -> send(ctx, 200, record))
                .onFailure(ctx::fail);
    }

    /**
     * The notice an amendment sets: the one asked for; else, if the amount changed and the current notice was
     * rendered from a template that speaks the amount, the same template rendered again; else none (unchanged).
     */
    private Future<NoticeChoice> noticeForAmendment(Actor actor, CaseRecord current, ValidCase amended,
            NoticeRequest requested) {
        if (!requested.absent()) {
            return courtOf(actor).compose(c -> requested.choose(producer, c, amended));
        }
        boolean amountChanged = current.amount().compareTo(amended.amount()) != 0
                || !current.currency().equals(amended.currency());
        if (!amountChanged || !"tts".equals(current.notice().source())) {
            return Future.succeededFuture(null);
        }
        return cases.templateOf(current.notice().id()).compose(template -> {
            if (template.isEmpty() || !NoticeProducer.speaksAmount(template.get())) {
                return Future.succeededFuture(null);
            }
            return courtOf(actor).compose(c -> producer.renderCourtWording(c, amended, template.get()).map(p -> p));
        });
    }

    private void delist(RoutingContext ctx) {
        Actor court = TokenAuth.require(ctx, Role.COURT);
        long caseId = Requests.id(ctx, "caseId");
        Requests.Fields fields = new Requests.Fields(Requests.object(ctx), Set.of("reason", "note", "version"));
        String reasonText = fields.text("reason");
        String note = fields.text("note");
        Long bodyVersion = fields.integer("version");
        DelistReason reason = reasonText == null ? null : DelistReason.fromWireName(reasonText).orElse(null);
        if (reason == null) {
            fields.error("reason", "is required: paid (satisfied), withdrawn, or error (listed in error)");
        }
        if (note != null && note.length() > 400) {
            fields.error("note", "may be at most 400 characters");
        }
        fields.check();
        int version = Requests.expectedVersion(ctx, bodyVersion);
        cases.delist(court, caseId, version, reason, note)
                .onSuccess(record -> send(ctx, 200, record))
                .onFailure(ctx::fail);
    }

    private void confirmNumber(RoutingContext ctx) {
        numberChange(ctx, false);
    }

    private void dropNumber(RoutingContext ctx) {
        numberChange(ctx, true);
    }

    private void numberChange(RoutingContext ctx, boolean drop) {
        Actor court = TokenAuth.require(ctx, Role.COURT);
        long caseId = Requests.id(ctx, "caseId");
        String e164;
        try {
            e164 = phoneNumbers.requireValidE164(ctx.pathParam("number"));
        } catch (IllegalArgumentException e) {
            throw Problem.notFound("the case does not list that number");
        }
        JsonNode body = Requests.optionalObject(ctx);
        Long bodyVersion = null;
        if (body != null) {
            Requests.Fields fields = new Requests.Fields(body, Set.of("version"));
            bodyVersion = fields.integer("version");
            fields.check();
        }
        int version = Requests.expectedVersion(ctx, bodyVersion);
        (drop ? cases.dropNumber(court, caseId, version, e164, "dropped by the court")
                : cases.confirmNumber(court, caseId, version, e164))
                .onSuccess(record -> send(ctx, 200, record))
                .onFailure(ctx::fail);
    }

    static void send(RoutingContext ctx, int status, CaseRecord record) {
        ctx.response().putHeader("ETag", Requests.etag(record.version()));
        RegistryApi.json(ctx, status, record.toJson());
    }

    /**
     * The {@code notice} member of a request: absent (the court's wording), {@code {"template": "..."}} (this
     * wording for this case), or {@code {"id": 12}} (a recording the court uploaded before).
     */
    record NoticeRequest(String template, Long id) {
        static NoticeRequest from(Requests.Fields fields, String field) {
            JsonNode node = fields.node(field);
            if (node == null) {
                return new NoticeRequest(null, null);
            }
            if (!node.isObject() || node.size() != 1 || !(node.has("template") || node.has("id"))) {
                fields.error(field, "must be {\"template\": \"...\"} or {\"id\": <notice id>}");
                return new NoticeRequest(null, null);
            }
            if (node.has("template")) {
                if (!node.get("template").isTextual()) {
                    fields.error(field + ".template", "must be a string");
                    return new NoticeRequest(null, null);
                }
                return new NoticeRequest(node.get("template").textValue(), null);
            }
            if (!node.get("id").canConvertToExactIntegral()) {
                fields.error(field + ".id", "must be a notice id");
                return new NoticeRequest(null, null);
            }
            return new NoticeRequest(null, node.get("id").longValue());
        }

        /** A body that is itself the notice request: {@code {"template": ...}} or {@code {"id": ...}}. */
        static NoticeRequest topLevel(Requests.Fields fields) {
            String template = fields.text("template");
            Long id = fields.integer("id");
            if ((template == null) == (id == null)) {
                fields.error("template", "send either a template or the id of a recording");
            }
            return new NoticeRequest(template, id);
        }

        boolean absent() {
            return template == null && id == null;
        }

        Future<NoticeChoice> choose(NoticeProducer producer, Court court, ValidCase valid) {
            if (id != null) {
                return Future.succeededFuture(new NoticeChoice.Recorded(id));
            }
            return producer.renderCase(court, valid, template).map(p -> p);
        }
    }
}
