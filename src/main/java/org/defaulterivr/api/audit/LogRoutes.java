package org.defaulterivr.api.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import org.defaulterivr.api.Problem;
import org.defaulterivr.evidence.LogRepository;
import org.defaulterivr.evidence.SignedTreeHead;

/** The evidence log itself: its public key, its signed tree heads, inclusion and consistency proofs. */
final class LogRoutes {
    private final LogRepository logRepository;
    private final String publicKeyPem;

    LogRoutes(LogRepository logRepository, String publicKeyPem) {
        this.logRepository = logRepository;
        this.publicKeyPem = publicKeyPem;
    }

    void publicKey(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/x-pem-file").end(publicKeyPem);
    }

    void latestHead(RoutingContext ctx) {
        logRepository.latestHead()
                .map(head -> head.orElseThrow(SignedHeads::noHeadYet))
                .onSuccess(head -> AuditJson.json(ctx, AuditJson.headJson(head)))
                .onFailure(ctx::fail);
    }

    void treeHeads(RoutingContext ctx) {
        AuditParams p = new AuditParams(ctx);
        long from = p.size("from", 0);
        int limit = p.limit();
        p.check();
        logRepository.heads(from - 1, limit)
                .onSuccess(heads -> {
                    JsonArray list = new JsonArray();
                    heads.forEach(h -> list.add(AuditJson.headJson(h)));
                    Long next = heads.size() == limit ? heads.get(limit - 1).treeSize() + 1 : null;
                    AuditJson.json(ctx, new JsonObject().put("treeHeads", list).put("next", next));
                })
                .onFailure(ctx::fail);
    }

    void inclusionProof(RoutingContext ctx) {
        AuditParams p = new AuditParams(ctx);
        long seq = p.requiredSize("seq");
        Long treeSize = p.optionalSize("treeSize");
        p.check();
        SignedHeads.signed(logRepository, treeSize)
                .compose(head -> {
                    if (seq >= head.treeSize()) {
                        throw Problem.badRequest("record " + seq + " is not in the tree of size " + head.treeSize(),
                                List.of(new Problem.FieldError("seq", "must be below treeSize")));
                    }
                    return logRepository.leaf(seq).compose(leaf -> logRepository
                            .inclusionProof(seq, head.treeSize())
                            .map(proof -> new JsonObject()
                                    .put("seq", seq)
                                    .put("treeSize", head.treeSize())
                                    .put("leafHash", AuditJson.HEX.formatHex(leaf.orElseThrow().leafHash()))
                                    .put("proof", AuditJson.hashes(proof))
                                    .put("treeHead", AuditJson.headJson(head))));
                })
                .onSuccess(body -> AuditJson.json(ctx, body))
                .onFailure(ctx::fail);
    }

    void consistencyProof(RoutingContext ctx) {
        AuditParams p = new AuditParams(ctx);
        long from = p.requiredSize("from");
        Long to = p.optionalSize("to");
        p.check();
        SignedHeads.signed(logRepository, to)
                .compose(toHead -> {
                    if (from > toHead.treeSize()) {
                        throw Problem.badRequest("from must not exceed to",
                                List.of(new Problem.FieldError("from", "must be at most " + toHead.treeSize())));
                    }
                    Future<Optional<SignedTreeHead>> fromHead = from == 0 ? Future.succeededFuture(Optional.empty())
                            : SignedHeads.signed(logRepository, from).map(Optional::of);
                    return fromHead.compose(f -> logRepository.consistencyProof(from, toHead.treeSize())
                            .map(proof -> {
                                JsonObject body = new JsonObject()
                                        .put("fromSize", from)
                                        .put("toSize", toHead.treeSize())
                                        .put("proof", AuditJson.hashes(proof))
                                        .put("toTreeHead", AuditJson.headJson(toHead));
                                f.ifPresent(h -> body.put("fromTreeHead", AuditJson.headJson(h)));
                                return body;
                            }));
                })
                .onSuccess(body -> AuditJson.json(ctx, body))
                .onFailure(ctx::fail);
    }
}
