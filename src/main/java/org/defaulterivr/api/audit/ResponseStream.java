package org.defaulterivr.api.audit;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Function;
import org.defaulterivr.evidence.query.RecordStream;

/**
 * Copies a {@link RecordStream} into a chunked HTTP response with back-pressure both ways: the database cursor is
 * paused while the response's write queue is full (a slow client) and while one item is being turned into bytes
 * (which may need a query, like an inclusion proof). Bytes are sent in chunks of about {@value #CHUNK} bytes, so memory
 * holds one chunk and one fetch of rows, whatever the size of the export.
 */
final class ResponseStream<T> {
    static final int CHUNK = 32 * 1024;

    private final RecordStream<T> source;
    private final HttpServerResponse response;
    private final Function<T, Future<Buffer>> encode;
    private final Promise<Long> done = Promise.promise();
    private Buffer chunk = Buffer.buffer(CHUNK + 4096);
    private long count;
    private boolean encoding;
    private boolean queueFull;
    private boolean ended;

    private ResponseStream(RecordStream<T> source, HttpServerResponse response, Function<T, Future<Buffer>> encode) {
        this.source = source;
        this.response = response;
        this.encode = encode;
    }

    /**
     * Sends every item and completes with their count, leaving the response open for a trailer; fails (having closed
     * the source) if the source fails or the client goes away.
     */
    static <T> Future<Long> pump(RecordStream<T> source, HttpServerResponse response,
            Function<T, Future<Buffer>> encode) {
        return new ResponseStream<>(source, response, encode).start();
    }

    private Future<Long> start() {
        if (response.closed()) {
            source.close();
            return Future.failedFuture("the client closed the connection before the first record");
        }
        response.closeHandler(v -> {
            source.close();
            done.tryFail("the client closed the connection after " + count + " records");
        });
        response.exceptionHandler(e -> {
            source.close();
            done.tryFail(e);
        });
        source.exceptionHandler(done::tryFail);
        source.endHandler(v -> {
            ended = true;
            finishIfDone();
        });
        source.handler(this::item);
        return done.future();
    }

    private void item(T item) {
        Future<Buffer> bytes;
        try {
            bytes = encode.apply(item);
        } catch (RuntimeException e) {
            source.close();
            done.tryFail(e);
            return;
        }
        if (bytes.isComplete()) {
            accept(bytes);
        } else {
            encoding = true;
            source.pause();
            bytes.onComplete(result -> {
                encoding = false;
                accept(result);
                resumeIfFree();
                finishIfDone();
            });
        }
    }

    private void accept(AsyncResult<Buffer> bytes) {
        if (bytes.failed()) {
            source.close();
            done.tryFail(bytes.cause());
            return;
        }
        chunk.appendBuffer(bytes.result());
        count++;
        if (chunk.length() >= CHUNK) {
            response.write(chunk);
            chunk = Buffer.buffer(CHUNK + 4096);
            if (response.writeQueueFull() && !queueFull) {
                queueFull = true;
                source.pause();
                response.drainHandler(v -> {
                    queueFull = false;
                    resumeIfFree();
                });
            }
        }
    }

    private void resumeIfFree() {
        if (!encoding && !queueFull && !done.future().isComplete()) {
            source.resume();
        }
    }

    private void finishIfDone() {
        if (ended && !encoding && !done.future().isComplete()) {
            if (chunk.length() > 0) {
                response.write(chunk);
            }
            response.closeHandler(null);
            done.tryComplete(count);
        }
    }
}
