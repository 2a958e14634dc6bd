package org.defaulterivr.api.audit;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.defaulterivr.api.Problem;
import org.defaulterivr.evidence.CheckpointRepository;
import org.defaulterivr.tlog.SignedNote;

/**
 * The log's checkpoints as standard transparency-log tooling reads them (c2sp.org/tlog-checkpoint signed notes), each
 * with the cosignatures its witnesses returned, and the verifier key ("vkey") that checks the log's signature.
 */
final class CheckpointRoutes {
    private final CheckpointRepository checkpoints;
    private final String verifierKey;

    CheckpointRoutes(CheckpointRepository checkpoints, String verifierKey) {
        this.checkpoints = checkpoints;
        this.verifierKey = verifierKey;
    }

    void verifierKey(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(verifierKey + "\n");
    }

    void latest(RoutingContext ctx) {
        checkpoints.latest()
                .compose(latest -> latest.isEmpty() ? Future.succeededFuture(Optional.<SignedNote>empty())
                        : checkpoints.cosigned(latest.get().treeSize()))
                .onSuccess(note -> send(ctx, note))
                .onFailure(ctx::fail);
    }

    void ofSize(RoutingContext ctx) {
        long size;
        try {
            size = Long.parseLong(ctx.pathParam("size"));
        } catch (NumberFormatException e) {
            ctx.fail(Problem.badRequest("size must be a tree size", java.util.List.of()));
            return;
        }
        checkpoints.cosigned(size).onSuccess(note -> send(ctx, note)).onFailure(ctx::fail);
    }

    private static void send(RoutingContext ctx, Optional<SignedNote> note) {
        if (note.isEmpty()) {
            ctx.fail(Problem.notFound("no checkpoint of that size (the log signs one with each tree head)"));
            return;
        }
        ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(note.get().format());
    }
}
