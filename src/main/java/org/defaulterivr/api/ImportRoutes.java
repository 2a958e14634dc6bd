package org.defaulterivr.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.defaulterivr.access.Actor;
import org.defaulterivr.access.Role;
import org.defaulterivr.registry.CaseCsv;
import org.defaulterivr.registry.CaseRepository;
import org.defaulterivr.registry.CaseRules;
import org.defaulterivr.registry.Court;
import org.defaulterivr.registry.CourtRepository;
import org.defaulterivr.registry.InvalidCaseException;
import org.defaulterivr.registry.NoticeChoice;
import org.defaulterivr.registry.NoticeProducer;
import org.defaulterivr.registry.RegistryException;
import org.defaulterivr.registry.ValidCase;
import org.defaulterivr.registry.Violation;

/**
 * Bulk registration from CSV ({@link CaseCsv}): the whole file is checked first and every row's errors come back
 * together; nothing is imported unless every row is valid, and then all rows are imported in one transaction.
 */
final class ImportRoutes {
    private final CaseRepository cases;
    private final CourtRepository courts;
    private final CaseRules rules;
    private final NoticeProducer producer;
    private final Clock clock;

    ImportRoutes(CaseRepository cases, CourtRepository courts, CaseRules rules, NoticeProducer producer, Clock clock) {
        this.cases = cases;
        this.courts = courts;
        this.rules = rules;
        this.producer = producer;
        this.clock = clock;
    }

    void mount(Router v1, RegistryApi.Bodies bodies) {
        v1.post("/cases/import").handler(bodies.csv()).handler(this::importCsv);
    }

    private record Checked(int row, ValidCase valid, Long noticeId) {
    }

    private void importCsv(RoutingContext ctx) {
        Actor court = TokenAuth.require(ctx, Role.COURT);
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("text/csv")) {
            throw Requests.unsupported("send the file as text/csv (UTF-8)");
        }
        List<Checked> checked = check(CaseCsv.parse(utf8(ctx)), clock.instant());
        List<Long> namedNotices = checked.stream().map(Checked::noticeId).filter(java.util.Objects::nonNull)
                .distinct().toList();
        cases.takenCaseNumbers(court.courtId(), checked.stream().map(c -> c.valid().caseNumber()).toList())
                .compose(taken -> cases.noticesOfCourt(court.courtId(), namedNotices).map(notices -> {
                    List<Violation> violations = new ArrayList<>();
                    for (Checked c : checked) {
                        if (taken.contains(c.valid().caseNumber())) {
                            violations.add(new Violation(CaseCsv.at(c.row(), "case_number"),
                                    "this court has already registered a case with this number"));
                        }
                        if (c.noticeId() != null && !notices.contains(c.noticeId())) {
                            violations.add(new Violation(CaseCsv.at(c.row(), "notice_id"), "this court has no notice "
                                    + c.noticeId() + ": upload the recording first (POST /v1/notices) and give the id"
                                    + " it answers, or leave the cell empty for the court's wording"));
                        }
                    }
                    return violations;
                }))
                .compose(violations -> violations.isEmpty() ? courts.byId(court.courtId())
                        : Future.failedFuture(new InvalidCaseException(violations)))
                .compose(found -> notices(found.orElseThrow(() -> RegistryException.notFound("no such court")), checked))
                .compose(choices -> cases.registerAll(court, checked.stream().map(Checked::valid).toList(), choices))
                .onSuccess(records -> {
                    JsonArray imported = new JsonArray();
                    for (int i = 0; i < records.size(); i++) {
                        imported.add(new JsonObject().put("row", checked.get(i).row()).put("id", records.get(i).id())
                                .put("caseNumber", records.get(i).caseNumber()));
                    }
                    RegistryApi.json(ctx, 201, new JsonObject().put("imported", records.size()).put("cases", imported));
                })
                .onFailure(ctx::fail);
    }

    /** Every row through the rules, and case numbers unique within the file; all violations at once. */
    private List<Checked> check(List<CaseCsv.Row> rows, Instant now) {
        List<Violation> violations = new ArrayList<>();
        List<Checked> checked = new ArrayList<>();
        Map<String, Integer> firstRowOf = new HashMap<>();
        for (CaseCsv.Row row : rows) {
            try {
                ValidCase valid = rules.register(row.draft(), now);
                Integer earlier = firstRowOf.putIfAbsent(valid.caseNumber(), row.row());
                if (earlier != null) {
                    violations.add(new Violation(CaseCsv.at(row.row(), "case_number"),
                            "the same case number is on row " + earlier));
                }
                checked.add(new Checked(row.row(), valid, row.noticeId()));
            } catch (InvalidCaseException e) {
                e.violations().forEach(v -> violations.add(CaseCsv.onRow(row.row(), v)));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidCaseException(violations);
        }
        return checked;
    }

    /** The rows' notices: the recording a row names, or the court's wording rendered for it (one after another). */
    private Future<List<NoticeChoice>> notices(Court court, List<Checked> rows) {
        Future<List<NoticeChoice>> chain = Future.succeededFuture(new ArrayList<>());
        for (Checked row : rows) {
            chain = chain.compose(done -> (row.noticeId() != null
                    ? Future.<NoticeChoice>succeededFuture(new NoticeChoice.Recorded(row.noticeId()))
                    : producer.renderCase(court, row.valid(), null).<NoticeChoice>map(p -> p)
                            .recover(e -> Future.failedFuture(e instanceof org.defaulterivr.notice.InvalidNoticeException
                                    ? new InvalidCaseException(CaseCsv.at(row.row(), "notice"), e.getMessage()) : e)))
                    .map(choice -> {
                        done.add(choice);
                        return done;
                    }));
        }
        return chain;
    }

    private static String utf8(RoutingContext ctx) {
        byte[] bytes = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw Problem.badRequest("the file is not UTF-8 text; save it as CSV UTF-8", List.of());
        }
    }
}
