package org.defaulterivr.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.defaulterivr.config.Config;
import org.defaulterivr.database.Database;

/**
 * One operation of an operator's command on the node's database (the same configuration as {@code serve}: defaults,
 * {@code --config FILE}, environment), with one connection, released whatever the outcome.
 */
final class DatabaseSession {
    private DatabaseSession() {
    }

    static <T> T run(Path configFile, Function<Pool, Future<T>> operation) throws Exception {
        return run(Config.load(configFile, System.getenv()), Duration.ofSeconds(30),
                (vertx, pool) -> operation.apply(pool));
    }

    /** For an operation that needs Vert.x itself too (a worker for hashing, say). */
    static <T> T run(Config config, Duration timeout, BiFunction<Vertx, Pool, Future<T>> operation)
            throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = Database.connect(config).pool(vertx, 1);
            return operation.apply(vertx, pool).eventually(pool::close)
                    .toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
