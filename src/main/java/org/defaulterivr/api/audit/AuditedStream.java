package org.defaulterivr.api.audit;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import org.defaulterivr.evidence.query.AccessLog;
import org.defaulterivr.evidence.query.LoggedEvidence;
import org.defaulterivr.evidence.query.RecordStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streamed read of personal data with an access-log entry at each end: the start is logged before the first byte
 * leaves, the end with the count of records sent, whether the stream completed or stopped.
 */
final class AuditedStream {
    private static final Logger log = LoggerFactory.getLogger(AuditedStream.class);

    private final AuditAccess access;
    private final AccessLog accessLog;

    AuditedStream(AuditAccess access, AccessLog accessLog) {
        this.access = access;
        this.accessLog = accessLog;
    }

    interface Preamble {
        /** Writes what comes before the records; the function that turns each record into bytes. */
        Future<Function<LoggedEvidence, Future<Buffer>>> start(HttpServerResponse response);
    }

    Future<Void> streamed(RoutingContext ctx, String action, String contentType, String fileName,
            java.util.function.Supplier<Future<RecordStream<LoggedEvidence>>> open, Preamble preamble,
            Handler<HttpServerResponse> finish) {
        String principal = access.principal().apply(ctx);
        JsonObject query = AuditJson.query(ctx);
        HttpServerResponse response = ctx.response();
        return accessLog.streamStarted(principal, action, query).compose(startedId -> open.get()
                .recover(e -> accessLog.streamEnded(startedId, principal, action, query, 0, false)
                        .transform(logged -> Future.<RecordStream<LoggedEvidence>>failedFuture(e)))
                .compose(records -> {
            response.setChunked(true)
                    .putHeader("Content-Type", contentType)
                    .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
            long[] sent = {0};
            Future<Long> pumped = preamble.start(response).compose(encode -> ResponseStream.pump(records, response,
                    (LoggedEvidence logged) -> {
                        sent[0]++;
                        return encode.apply(logged);
                    }));
            pumped.onSuccess(count -> finish.handle(response)).onFailure(e -> {
                records.close();
                log.warn("{} by {} stopped after {} records: {}", action, principal, sent[0], e.getMessage());
                if (!response.ended() && !response.closed()) {
                    response.reset();
                }
            });
            return pumped.transform(result -> {
                long count = result.succeeded() ? result.result() : sent[0];
                return accessLog.streamEnded(startedId, principal, action, query, count, result.succeeded())
                        .<Void>mapEmpty()
                        .recover(e -> {
                            log.error("access log: cannot record the end of {} by {}: {}", action, principal,
                                    e.getMessage());
                            return Future.succeededFuture();
                        });
            });
        })).recover(e -> response.headWritten() ? Future.succeededFuture() : Future.failedFuture(e));
    }
}
