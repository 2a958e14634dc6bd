package org.defaulterivr.evidence.query;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;

/**
 * A {@link RecordStream} over a PostgreSQL cursor: a prepared statement in a read-only transaction on a connection of
 * its own, fetching {@code fetch} rows at a time as the consumer asks for them. The connection goes back to the pool
 * when the stream ends, fails or is closed.
 */
final class RowRecordStream<T> implements RecordStream<T> {
    private final SqlConnection connection;
    private final PreparedStatement statement;
    private final RowStream<Row> rows;
    private final Function<Row, T> mapping;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    private Future<Void> released;

    private RowRecordStream(SqlConnection connection, PreparedStatement statement, int fetch, Tuple arguments,
            Function<Row, T> mapping) {
        this.connection = connection;
        this.statement = statement;
        this.rows = statement.createStream(fetch, arguments);
        this.mapping = mapping;
        rows.endHandler(v -> release().onComplete(r -> {
            if (endHandler != null) {
                endHandler.handle(null);
            }
        }));
        rows.exceptionHandler(e -> release().onComplete(r -> {
            if (exceptionHandler != null) {
                exceptionHandler.handle(e);
            }
        }));
    }

    static <T> Future<RecordStream<T>> open(Pool pool, String sql, Tuple arguments, int fetch,
            Function<Row, T> mapping) {
        return pool.getConnection().compose(connection -> connection.begin()
                .compose(tx -> connection.query("set transaction read only").execute())
                .compose(v -> connection.prepare(sql))
                .<RecordStream<T>>map(statement -> new RowRecordStream<>(connection, statement, fetch, arguments,
                        mapping))
                .onFailure(e -> connection.close()));
    }

    private Future<Void> release() {
        if (released == null) {
            // closing a connection that is in a transaction rolls it back; nothing was written anyway
            released = statement.close().recover(e -> Future.succeededFuture())
                    .compose(v -> connection.close())
                    .recover(e -> Future.succeededFuture());
        }
        return released;
    }

    @Override
    public RecordStream<T> handler(Handler<T> handler) {
        rows.handler(handler == null ? null : row -> handler.handle(mapping.apply(row)));
        return this;
    }

    @Override
    public RecordStream<T> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        return this;
    }

    @Override
    public RecordStream<T> endHandler(Handler<Void> handler) {
        this.endHandler = handler;
        return this;
    }

    @Override
    public RecordStream<T> pause() {
        rows.pause();
        return this;
    }

    @Override
    public RecordStream<T> resume() {
        rows.resume();
        return this;
    }

    @Override
    public RecordStream<T> fetch(long amount) {
        rows.fetch(amount);
        return this;
    }

    @Override
    public Future<Void> close() {
        return rows.close().recover(e -> Future.succeededFuture()).compose(v -> release());
    }
}
